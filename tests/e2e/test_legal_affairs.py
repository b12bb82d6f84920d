"""Browser test of 法律事务 and 建议提案 as the bureau's public-sector lawyer (法制审核人员) does it: record a contract
review, complete it with the legal opinion (a completion dated before receipt is refused first); register an NPC
deputy's suggestion, see its reply clock, reply with the deputy's feedback."""

from __future__ import annotations

import pytest

from fazhi.core.testing import browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _legal_today(settings):
    settings.FAZHI_LEGAL_TODAY = "2023-12-31"


def _login(page, live_server, user, settings):
    browser_login(page, live_server, user, timeout_ms=15000)


def test_登记合同审查并办结(page, live_server, role_users, department, settings):
    _login(page, live_server, role_users["legal_reviewer"], settings)
    page.goto(f"{live_server.url}/legal-affairs/")
    page.click("a[href$='/legal-affairs/matters/']")
    page.select_option("select[name=department]", str(department.pk))
    page.select_option("select[name=kind]", "contract_review")
    page.select_option("select[name=handler_kind]", "public_lawyer")
    page.fill("input[name=handler_name]", "李律师")
    page.fill("input[name=title]", "办公楼物业服务合同审查")
    page.fill("input[name=received_on]", "2023-05-08")
    page.click("form[method=post] button[type=submit]")
    page.wait_for_selector("h1:has-text('办公楼物业服务合同审查')")
    assert page.is_visible("text=办理中")
    page.fill("input[name=on]", "2023-05-01")
    page.fill("textarea[name=opinion]", "第七条违约责任不对等，建议修改后签订")
    page.click("form[action$='/complete/'] button[type=submit]")
    page.wait_for_selector("text=早于收到的日期")
    page.fill("input[name=on]", "2023-05-15")
    page.click("form[action$='/complete/'] button[type=submit]")
    page.wait_for_selector("text=已办结")
    assert page.is_visible("text=第七条违约责任不对等，建议修改后签订")
    assert page.locator("form[action$='/complete/']").count() == 0
    page.goto(f"{live_server.url}/legal-affairs/matters/")
    assert page.is_visible("td:has-text('2023-05-15')")


def test_人大代表建议_答复期限_答复与反馈(page, live_server, role_users, department, settings):
    _login(page, live_server, role_users["legal_reviewer"], settings)
    page.goto(f"{live_server.url}/legal-affairs/proposals/")
    page.select_option("select[name=kind]", "npc")
    page.fill("input[name=reference]", "第0123号")
    page.fill("input[name=title]", "关于加强校园周边食品安全监管的建议")
    page.fill("input[name=proposer]", "王代表")
    page.select_option("select[name=department]", str(department.pk))
    page.fill("input[name=assigned_on]", "2023-03-10")
    page.click("form[method=post] button[type=submit]")
    page.wait_for_selector("h1:has-text('关于加强校园周边食品安全监管的建议')")
    # three months from assignment (rulebook proposals.npc_reply) end on Saturday 10 June: the next working day
    assert page.is_visible("dd:has-text('2023-06-12')")
    page.fill("input[name=on]", "2023-06-01")
    page.fill("textarea[name=text]", "已开展校园周边食品安全专项检查，建立长效机制")
    page.select_option("select[name=feedback]", "satisfied")
    page.click("form[action$='/reply/'] button[type=submit]")
    page.wait_for_selector("dt:has-text('答复')")
    assert page.is_visible("text=已开展校园周边食品安全专项检查")
    assert page.locator("form[action$='/reply/']").count() == 0
