"""Browser tests of the cases screens: the main path from clue to decision, and the legal-review gate."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from fazhi.cases import services
from fazhi.cases.models import Case
from fazhi.cases.tests.conftest import D0, _legal_today, entity, make_case, officers, users  # noqa: F401 - fixtures

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, user, settings):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}]
    )  # fmt: skip
    page.set_default_timeout(15000)


def test_main_path_register_file_and_decide(page, live_server, users, officers, settings):  # noqa: F811
    _login(page, live_server, users["officer"], settings)
    page.goto(f"{live_server.url}/cases/clues/new/")
    page.select_option("select[name=source_kind]", "tip")
    page.fill("textarea[name=description]", "举报某店销售过期饮料")
    page.fill("input[name=received_on]", "2023-03-01")
    page.click("button[type=submit]")
    page.wait_for_selector("text=核查期限")
    page.fill("#id_title", "销售超过保质期的食品")
    page.select_option("#id_party_kind", "organisation")
    page.fill("#id_party_name", "天津市东丽区示例食品店")
    page.fill("form[action$='/file/'] input[name=on]", "2023-03-03")
    page.click("form[action$='/file/'] button[type=submit]")
    page.wait_for_selector("text=调查取证")
    case = Case.objects.get()
    o, chief = users["officer"], users["section_chief"]
    services.case_assign_officers(case=case, officers=officers[:2], on=D0, actor=o)
    services.case_set_facts(
        case=case,
        violation_id="food.expired_food_sale",
        facts={"party_kind": "organisation", "goods_value": "3000", "first_violation_within_2_years": True},
        actor=o,
    )
    services.case_assess_discretion(case=case, on=D0 + dt.timedelta(days=10), actor=o)
    services.case_propose_penalty(case=case, fine=70000, actor=o)
    services.case_submit_review(case=case, actor=o)
    services.case_review_pass(case=case, on=D0 + dt.timedelta(days=11), actor=chief)
    services.case_notify(case=case, on=D0 + dt.timedelta(days=12), actor=o)
    services.case_close_statement(case=case, on=D0 + dt.timedelta(days=20), actor=o)
    _login(page, live_server, users["leader"], settings)
    page.goto(f"{live_server.url}/cases/{case.pk}/decide/decide/")
    page.fill("input[name=on]", "2023-03-25")
    page.fill("textarea[name=reasoning]", "违法事实清楚，证据确凿。")
    page.click("button[type=submit]")
    page.wait_for_selector("text=津东丽市监处罚〔2023〕1号")
    assert Case.objects.get().state == "decided"


def test_the_gate_refuses_a_decision_without_legal_review(page, live_server, users, make_case, settings):  # noqa: F811
    case = make_case("proposed", major_public_interest=True)
    o = users["officer"]
    services.case_submit_review(case=case, actor=o)
    services.case_request_legal_review(case=case, on=D0 + dt.timedelta(days=24), actor=o)
    services.legal_review_record(
        case=case, opinion="agree", text="同意", on=D0 + dt.timedelta(days=25), reviewer=users["legal_reviewer"]
    )
    services.case_notify(case=case, on=D0 + dt.timedelta(days=26), actor=o)
    services.case_close_statement(case=case, on=D0 + dt.timedelta(days=35), actor=o)
    services.case_propose_penalty(case=case, fine=66000, actor=o)  # a new proposal: the approval no longer covers it
    _login(page, live_server, users["leader"], settings)
    page.goto(f"{live_server.url}/cases/{case.pk}/decide/decide/")
    page.fill("input[name=on]", "2023-04-10")
    page.fill("textarea[name=reasoning]", "x")
    page.click("button[type=submit]")
    page.wait_for_selector("text=cases.legal_review_required")
    assert Case.objects.get(pk=case.pk).state == "statement_closed"
