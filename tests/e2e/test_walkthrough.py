"""A new user's walk through screens where the walk of the demo district found codes, Python values and dead links
(the crawl of every page is fazhi/web/tests/test_crawl.py; these check what a person sees in a real browser)."""

from __future__ import annotations

import pytest

from fazhi.core.testing import browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, user, settings):
    browser_login(page, live_server, user, timeout_ms=15000)


def test_公众在期限计算器按中文名称选择规则_看不到规则代码(page, live_server, settings):
    settings.FAZHI_LEGAL_TODAY = "2023-06-30"
    page.goto(f"{live_server.url}/deadlines/calculator/")
    labels = page.eval_on_selector_all("#id_rule option", "os => os.map(o => o.textContent)")
    assert "缴纳罚款期限" in labels
    assert not [label for label in labels if "." in label or "_" in label]
    page.select_option("#id_rule", label="缴纳罚款期限")
    page.fill("input[name=start]", "2023-06-01")
    page.click("form button[type=submit]")
    page.wait_for_selector("#result >> text=2021-07-15 起施行的版本")
    assert "缴纳罚款期限" in page.inner_text("#result")
    assert "case.payment" not in page.inner_text("main")


def test_法制审核人员在规则确认页读到中文的规则值(page, live_server, role_users, settings):
    _login(page, live_server, role_users["legal_reviewer"], settings)
    page.goto(f"{live_server.url}/deadlines/rules/")
    text = page.text_content("main")  # the values of each table are folded (<details>) until opened
    assert "处罚依据：《" in text
    for trace in ("penalty_provision", "={", "=[", "[]", '"instrument"'):
        assert trace not in text, trace


def test_系统管理员读执法人员手册_页面地址不是打不开的链接(page, live_server, role_users, settings):
    _login(page, live_server, role_users["admin"], settings)
    page.goto(f"{live_server.url}/help/officer/")
    assert page.is_visible("main code:text-is('/complaints/')")
    hrefs = page.eval_on_selector_all("main a[href^='/']", "as => as.map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if h.startswith(("/complaints/", "/cases/", "/credit/"))], hrefs
    _login(page, live_server, role_users["officer"], settings)
    page.goto(f"{live_server.url}/help/officer/")
    page.click("main a:has(code:text-is('/complaints/'))")
    page.wait_for_url("**/complaints/")
    assert "无权访问" not in page.inner_text("main")
