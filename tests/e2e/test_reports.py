"""Browser test of the annual report: 法制科 writes a paragraph, the leader approves, the Word file says it."""

from __future__ import annotations

import io

import pytest
from django.test import Client

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page, live_server, settings, user):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "url": live_server.url}]
    )  # fmt: skip


def test_法制科撰写段落_局领导审定_审定稿的文字和数字在Word中(page, live_server, make_user, settings):
    import datetime as dt

    from docx import Document

    from fazhi.registry.models import MarketEntity
    from fazhi.rulebook.identifiers import make_uscc

    settings.FAZHI_LEGAL_TODAY = "2024-01-15"
    page.set_default_timeout(20000)
    for n in range(3):  # three entities registered in 2023: the figure the paragraph cites
        MarketEntity.objects.create(
            uscc=make_uscc("120110", "92", f"E{n:07d}"), name=f"测试个体户{n}", kind="individual",
            established_on=dt.date(2023, 3, 1 + n), status="active",
        )  # fmt: skip
    legal = make_user("legal_reviewer", username="e2e-legal")
    leader = make_user("leader", username="e2e-leader")

    login(page, live_server, settings, legal)
    page.goto(f"{live_server.url}/reports/reports/")
    page.locator("tr[data-kind=rule_of_law][data-year='2023'] button:has-text('起草')").click()
    page.wait_for_selector("text=已起草")
    page.locator("[data-key='plans.summary'] a:has-text('修改')").click()
    page.fill(
        "textarea[name=text]",
        "2024年，我局将持续优化营商环境，全年新登记市场主体{registry.entities_new}户的基础上再上台阶。",
    )
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=段落已保存")
    assert "全年新登记市场主体3户的基础上再上台阶" in page.locator("[data-key='plans.summary']").inner_text()
    page.click("button[data-event=submit]")
    page.wait_for_selector("text=已提交领导审定")

    login(page, live_server, settings, leader)
    page.goto(f"{live_server.url}/reports/reports/rule_of_law/2023/")
    page.fill("textarea[name=opinion]", "同意报送区委、区政府")
    page.check("input[name=acknowledge_missing]")
    page.click("button[data-event=approve]")
    page.wait_for_selector("text=已审定")

    with page.expect_download() as download_info:
        page.click("a:has-text('Word')")
    path = download_info.value.path()
    document = Document(io.BytesIO(open(path, "rb").read()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "全年新登记市场主体3户的基础上再上台阶" in text
    assert "【审定稿】" in text and "registry.entities_new" not in text
