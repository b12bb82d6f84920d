"""Browser test of the power list: prepare a batch with one addition, submit, approve as leader, see it public."""

from __future__ import annotations

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


def test_拟稿提交后局领导批准即在公示清单中可见(page, live_server, make_user, settings):
    settings.FAZHI_LEGAL_TODAY = "2023-06-30"
    page.set_default_timeout(15000)
    chief, leader = make_user("section_chief", username="e2e-chief"), make_user("leader", username="e2e-leader")

    login(page, live_server, settings, chief)
    page.goto(f"{live_server.url}/powers/batches/new/")
    page.fill("input[name=number]", "东市监发〔2023〕99号")
    page.fill("input[name=title]", "新增一项权责事项")
    page.fill("input[name=issued_on]", "2023-06-20")
    page.fill("input[name=effective_from]", "2023-07-01")
    page.click("button[type=submit]")
    page.wait_for_selector("text=添加调整事项")
    form = page.locator("#line-form")
    form.locator("select[name=action]").select_option("add")
    form.locator("input[name=code]").fill("PEN-FOOD-900")
    form.locator("input[name=name]").fill("对销售超过保质期食品的行政处罚")
    form.locator("select[name=category]").select_option("penalty")
    form.locator("textarea[name=legal_basis]").fill("《中华人民共和国食品安全法》第一百二十四条")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=已添加")
    page.click("text=提交局领导审批")
    page.wait_for_selector("text=已提交局领导审批")

    login(page, live_server, settings, leader)
    page.goto(f"{live_server.url}/powers/batches/")
    page.click("text=东市监发〔2023〕99号")
    page.click("a:has-text('审批')")
    page.wait_for_selector("#validation.success")
    page.click("text=批准生效")
    page.wait_for_selector("text=已批准生效")

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/public/powers/?on=2023-07-01")
    assert page.locator("text=PEN-FOOD-900").count() == 1
    page.goto(f"{live_server.url}/public/powers/?on=2023-06-30")
    assert page.locator("text=PEN-FOOD-900").count() == 0
