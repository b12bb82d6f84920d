"""Browser test of 政府信息公开: a request from receipt to reply (with a refused receipt date first), and the
annual report page counting it."""

from __future__ import annotations

import pytest

from fazhi.core.testing import browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _legal_today(settings):
    settings.FAZHI_LEGAL_TODAY = "2023-12-31"


def _login(page, live_server, user, settings):
    browser_login(page, live_server, user, timeout_ms=15000)


def test_申请从收到到答复(page, live_server, role_users, department, settings):
    _login(page, live_server, role_users["officer"], settings)
    page.goto(f"{live_server.url}/disclosure/requests/new/")
    page.select_option("select[name=department]", str(department.pk))
    page.fill("input[name=applicant_name]", "王某")
    page.select_option("select[name=applicant_kind]", "natural_person")
    page.select_option("select[name=channel]", "in_person")
    page.fill("input[name=submitted_on]", "2023-03-01")
    page.fill("input[name=received_on]", "2023-03-02")
    page.fill("textarea[name=content]", "本局2022年食品抽检不合格产品的核查处置情况")
    page.click("button[type=submit]")
    page.wait_for_selector("text=当面提交的，以提交之日为收到申请之日")
    page.fill("input[name=received_on]", "2023-03-01")
    page.click("button[type=submit]")
    page.wait_for_selector("text=答复期限")
    assert "2023-03-29" in page.content()
    form = "form[action$='/reply/']"
    page.select_option(f"{form} select[name=reply_type]", "disclosed")
    page.fill(f"{form} input[name=on]", "2023-03-20")
    page.fill(f"{form} textarea[name=text]", "所申请的信息予以公开，随本答复书提供。")
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector("text=已答复")
    assert "下载 Word" in page.content()
    page.goto(f"{live_server.url}/disclosure/report/?year=2023")
    row = page.locator("#requests-table tr", has_text="（一）予以公开")
    assert row.locator("td").nth(1).inner_text() == "1"


def test_科室负责人撤回主动公开信息(page, live_server, role_users, department, settings):
    import datetime as dt

    from fazhi.disclosure import services

    d = services.document_publish(
        department=department, title="关于规范登记的通知", category="normative", document_number="津东市监〔2023〕3号",
        formed_on=dt.date(2023, 3, 1), published_on=dt.date(2023, 3, 6), summary="", actor=role_users["legal_reviewer"],
    )  # fmt: skip
    _login(page, live_server, role_users["section_chief"], settings)
    page.goto(f"{live_server.url}/disclosure/documents/")
    page.click(f"a:has-text('{d.number}')")
    page.wait_for_selector("text=公开中")
    page.fill("input[name=on]", "2023-03-01")
    page.fill("textarea[name=reason]", "该文件已废止")
    page.click("form[action$='/withdraw/'] button[type=submit]")
    page.wait_for_selector("text=早于公开的日期")
    page.fill("input[name=on]", "2023-09-01")
    page.click("form[action$='/withdraw/'] button[type=submit]")
    page.wait_for_selector("text=已撤回")
    assert page.is_visible("text=该文件已废止")
    page.goto(f"{live_server.url}/public/disclosure/catalogue/")
    assert not page.is_visible("text=关于规范登记的通知")


def test_年度报告期限_登记_逾期显示_登记公布(page, live_server, role_users, settings):
    settings.FAZHI_LEGAL_TODAY = "2023-02-03"
    _login(page, live_server, role_users["section_chief"], settings)
    page.goto(f"{live_server.url}/disclosure/")
    row = page.locator("#annual-reports tr", has_text="2022 年度")
    assert "期限未登记" in row.inner_text()
    row.locator("a").click()
    page.click("button:has-text('登记2022年度报告期限')")
    page.wait_for_selector("text=已登记2022年度报告的期限")
    assert "2023-01-31 前提交并公布" in page.content()
    assert page.locator("#report-deadline .badge", has_text="已逾期").count() == 1
    form = "#report-deadline form"
    page.fill(f"{form} input[name=submitted_on]", "2023-02-02")
    page.fill(f"{form} input[name=submitted_to]", "区人民政府办公室")
    page.fill(f"{form} input[name=published_on]", "2023-02-04")
    page.fill(f"{form} input[name=published_where]", "区政府门户网站")
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector("text=晚于今天")
    page.fill(f"{form} input[name=published_on]", "2023-02-03")
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector("text=已登记2022年度报告的提交和公布")
    assert page.locator("#report-deadline .badge", has_text="逾期公布").count() == 1
    page.goto(f"{live_server.url}/disclosure/")
    assert "2023-02-03 已公布（逾期）" in page.locator("#annual-reports").inner_text()
