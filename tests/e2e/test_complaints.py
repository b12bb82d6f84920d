"""Browser tests of the complaints screens: intake, acceptance, mediation outcome (tablet-sized viewport)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def officer_page(page, live_server, make_user, settings):
    settings.FAZHI_LEGAL_TODAY = "2023-06-30"
    user = make_user("officer", username="e2e-officer")
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "url": live_server.url}]
    )  # fmt: skip
    page.set_default_timeout(15000)
    page.officer = user
    return page


def test_登记投诉后进入来件页面并显示受理期限(officer_page, live_server):
    page = officer_page
    page.goto(f"{live_server.url}/complaints/new/")
    page.fill("input[name=received_on]", "2023-06-01")
    page.fill("input[name=consumer_name]", "张三")
    page.fill("input[name=consumer_phone]", "13812345678")
    page.fill("input[name=respondent_name]", "东丽区某某餐馆")
    page.select_option("select[name=category]", "food")
    page.fill("textarea[name=description]", "饭菜变质，要求退款")
    page.click("button[type=submit]")
    page.wait_for_selector("text=受理决定：2023-06-12")
    assert "13812345678" not in page.content()


def test_受理并登记调解成功(officer_page, live_server, department):
    from fazhi.complaints import services

    (c,) = services.submission_register(
        kind="complaint", channel="hotline", received_on=dt.date(2023, 6, 1), department=department,
        today=dt.date(2023, 6, 30), assignee=officer_page.officer, respondent_name="某超市", category="food",
    )  # fmt: skip
    page = officer_page
    page.goto(f"{live_server.url}/complaints/{c.pk}/")
    page.fill("form[action$='/act/accept/'] input[name=on]", "2023-06-02")
    page.click("form[action$='/act/accept/'] button")
    page.wait_for_selector("text=已受理")
    page.check("input[name=method][value=remote]")
    page.click("text=开始调解")
    page.wait_for_selector("text=调解中")
    page.click("text=登记调解结果")
    page.fill("input[name=on]", "2023-06-20")
    page.check("input[name=outcome][value=succeeded]")
    page.fill("input[name=recovered_amount]", "300")
    page.fill("textarea[name=note]", "商家同意退款")
    page.click("text=登记结果")
    page.wait_for_selector("text=调解成功")
    assert "300" in page.content()
