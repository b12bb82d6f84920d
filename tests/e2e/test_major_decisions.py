"""Browser test of 重大行政决策: the decision is refused while mandatory steps are missing, made once they are done."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.testing import browser_login
from fazhi.major_decisions import services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
D = dt.date


@pytest.fixture(autouse=True)
def _legal_today(settings):
    settings.FAZHI_LEGAL_TODAY = "2023-12-31"


def _login(page, live_server, user, settings):
    browser_login(page, live_server, user, timeout_ms=15000)


def _decide(page):
    form = "form[action$='/decide/']"
    page.fill(f"{form} input[name=on]", "2023-04-20")
    page.fill(f"{form} textarea[name=text]", "同意实施")
    page.click(f"{form} button[type=submit]")


def test_程序未办完不能决策(page, live_server, role_users, department, settings):
    leader, u = role_users["leader"], role_users["legal_reviewer"]
    d = services.decision_catalogue(
        department=department, title="优化营商环境若干措施", year=2023, catalogued_on=D(2023, 2, 20), actor=leader
    )
    _login(page, live_server, leader, settings)
    page.goto(f"{live_server.url}/major-decisions/{d.pk}/")
    _decide(page)
    page.wait_for_selector("text=尚未履行（或未登记不适用的理由）的法定程序")
    services.step_record(
        decision=d,
        step="public_participation",
        started_on=D(2023, 3, 1),
        ended_on=D(2023, 3, 31),
        summary="收到意见8条",
        actor=u,
    )
    services.step_record(
        decision=d,
        step="expert_argument",
        ended_on=D(2023, 4, 3),
        skip_reason="不属于专业性、技术性较强的事项",
        actor=u,
    )
    services.step_record(decision=d, step="risk_assessment", ended_on=D(2023, 4, 4), summary="低风险", actor=u)
    services.step_record(
        decision=d, step="legality_review", started_on=D(2023, 4, 6), ended_on=D(2023, 4, 17), summary="合法", actor=u
    )
    page.goto(f"{live_server.url}/major-decisions/{d.pk}/")
    form = "form[action$='/step/']"
    page.select_option(f"{form} select[name=step]", "collective_discussion")
    page.fill(f"{form} input[name=ended_on]", "2023-04-20")
    page.fill(f"{form} textarea[name=summary]", "局长办公会集体讨论，同意")
    page.fill(f"{form} input[name=dissent]", "一名副局长建议分步实施")
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector("text=一名副局长建议分步实施")
    _decide(page)
    page.wait_for_selector("text=已作出决策")


def test_听证会与决策后评估(page, live_server, role_users, department, settings):
    leader, u = role_users["leader"], role_users["legal_reviewer"]
    d = services.decision_catalogue(
        department=department, title="食品摊贩管理办法", year=2023, catalogued_on=D(2023, 2, 20), actor=leader
    )
    _login(page, live_server, u, settings)
    page.goto(f"{live_server.url}/major-decisions/{d.pk}/")
    form = "form[action$='/hearing/']"
    for name, value in (("announced_on", "2023-03-01"), ("materials_served_on", "2023-03-05"), ("held_on", "2023-03-10"),
                        ("venue", "区政务服务中心"), ("presider", "王科长"), ("participant_count", "9")):  # fmt: skip
        page.fill(f"{form} input[name={name}]", value)
    page.fill(f"{form} textarea[name=participants]", "摊贩代表5人、居民代表4人")
    page.fill(f"{form} textarea[name=opinions]", "建议增设夜市点位")
    page.fill(f"{form} textarea[name=adoption]", "采纳，增设两处")
    page.check(f"{form} input[name=record_signed]")
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector("text=听证会材料应当于召开听证会7日前送达听证参加人")  # served 5 days before
    page.fill(f"{form} input[name=materials_served_on]", "2023-03-03")
    page.check(f"{form} input[name=record_signed]")
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector("#hearings >> text=建议增设夜市点位")
    assert page.locator("#hearings a", has_text="听证会报告（Word）").count() == 1
    for step, kw in (
        ("public_participation", {"started_on": D(2023, 3, 1), "ended_on": D(2023, 3, 31), "summary": "收到意见8条"}),
        ("expert_argument", {"ended_on": D(2023, 4, 3), "skip_reason": "不属于专业性、技术性较强的事项"}),
        ("risk_assessment", {"ended_on": D(2023, 4, 4), "summary": "低风险"}),
        ("legality_review", {"started_on": D(2023, 4, 6), "ended_on": D(2023, 4, 17), "summary": "合法"}),
    ):
        services.step_record(decision=d, step=step, actor=u, **kw)
    services.step_record(
        decision=d, step="collective_discussion", ended_on=D(2023, 4, 20), summary="同意", actor=leader
    )
    services.decision_make(decision=d, on=D(2023, 4, 20), text="同意实施", actor=leader)
    services.decision_publish(decision=d, on=D(2023, 4, 25), channel="区政府网站", actor=u)
    _login(page, live_server, leader, settings)
    page.goto(f"{live_server.url}/major-decisions/{d.pk}/")
    form = "form[action$='/evaluate/']"
    page.select_option(f"{form} select[name=ground]", "many_opinions")
    page.fill(f"{form} input[name=evaluator]", "区委党校")
    page.fill(f"{form} input[name=started_on]", "2023-10-09")
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector("text=决策后评估中")
    _login(page, live_server, u, settings)
    page.goto(f"{live_server.url}/major-decisions/{d.pk}/")
    form = "form[action$='/conclude/']"
    page.fill(f"{form} input[name=concluded_on]", "2023-12-01")
    page.fill(f"{form} textarea[name=public_views]", "问卷调查320份")
    page.fill(f"{form} textarea[name=findings]", "基本达到预期效果")
    page.select_option(f"{form} select[name=recommendation]", "continue")
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector("#evaluation >> text=基本达到预期效果")
    assert page.locator("#evaluation a", has_text="决策后评估报告（Word）").count() == 1
