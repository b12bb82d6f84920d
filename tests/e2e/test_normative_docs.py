"""Browser test of 规范性文件: a measure affecting business is refused without a written fair-competition conclusion,
then reviewed on the page and issued."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.testing import browser_login
from fazhi.normative_docs import services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
D = dt.date


@pytest.fixture(autouse=True)
def _legal_today(settings):
    settings.FAZHI_LEGAL_TODAY = "2024-12-31"


def _login(page, live_server, user, settings):
    browser_login(page, live_server, user, timeout_ms=15000)


def test_无审查结论不得出台_审查后出台(page, live_server, role_users, department, settings):
    reviewer, leader = role_users["legal_reviewer"], role_users["leader"]
    document = services.document_draft(
        department=department, title="个体工商户扶持发展若干措施", drafted_on=D(2024, 9, 2), actor=reviewer
    )
    services.legality_review(document=document, on=D(2024, 9, 5), passed=True, opinion="合法", actor=reviewer)
    services.collective_discussion(
        document=document, on=D(2024, 9, 12), meeting="局长办公会", minutes="同意", actor=leader
    )
    _login(page, live_server, leader, settings)
    page.goto(f"{live_server.url}/normative-docs/documents/{document.pk}/")
    form = "form[action$='/issue/']"
    page.fill(f"{form} input[name=on]", "2024-09-20")
    page.fill(f"{form} input[name=document_number]", "东市监规〔2024〕1号")
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector("text=没有书面审查结论的，不得出台")
    _login(page, live_server, reviewer, settings)
    page.goto(f"{live_server.url}/normative-docs/documents/{document.pk}/")
    form = "form[action$='/fair/']"
    page.fill(f"{form} input[name=on]", "2024-09-13")
    page.select_option(f"{form} select[name=conclusion]", "compliant")
    page.fill(f"{form} textarea[name=conclusion_text]", "经逐项对照审查标准，未发现排除、限制竞争的内容")
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector("text=公平竞争审查记录")
    _login(page, live_server, leader, settings)
    page.goto(f"{live_server.url}/normative-docs/documents/{document.pk}/")
    form = "form[action$='/issue/']"
    page.fill(f"{form} input[name=on]", "2024-09-20")
    page.fill(f"{form} input[name=document_number]", "东市监规〔2024〕1号")
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector("text=已公布施行")
    assert "2029-09-19" in page.content()
