"""Browser test of 重大行政决策: the decision is refused while mandatory steps are missing, made once they are done."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from fazhi.major_decisions import services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
D = dt.date


@pytest.fixture(autouse=True)
def _legal_today(settings):
    settings.FAZHI_LEGAL_TODAY = "2023-12-31"


def _login(page, live_server, user, settings):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}]
    )  # fmt: skip
    page.set_default_timeout(15000)


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
