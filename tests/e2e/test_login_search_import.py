"""Browser tests (Debian Chromium): login with lockout, entity search, import with a row error."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-secret-123"


def login(page, live_server, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def test_登录_密码错误提示_连续五次错误后锁定(page, live_server, make_user):
    make_user("officer", username="li")
    login(page, live_server, "li", "wrong-password")
    assert "用户名或密码不正确" in page.content()
    for _ in range(4):
        login(page, live_server, "li", "wrong-password")
    login(page, live_server, "li")  # even the right password is refused while locked
    assert "暂时不能登录" in page.content()


def test_登录后按名称片段检索市场主体(page, live_server, make_user, department):
    from fazhi.registry.models import MarketEntity

    MarketEntity.objects.create(
        uscc="91120110MA05L0XX67",
        name="天津鑫源商贸有限公司",
        kind="enterprise",
        established_on=dt.date(2020, 1, 2),
        office=department,
    )
    MarketEntity.objects.create(
        uscc="92120110MA05L0XY4Y",
        name="天津市东丽区华明水果店",
        kind="individual",
        established_on=dt.date(2021, 3, 4),
        office=department,
    )
    make_user("officer", username="wang")
    login(page, live_server, "wang")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/registry/entities/")
    page.fill("#id_q", "鑫源商贸")
    page.click("form.filters button[type=submit]")
    # (no wait_for_function: a string predicate is eval, which the CSP refuses, as it should)
    expect(page.locator("#entity-results")).not_to_contain_text("华明水果店")
    results = page.inner_text("#entity-results")
    assert "天津鑫源商贸有限公司" in results and "华明水果店" not in results
    page.click("text=天津鑫源商贸有限公司")
    # the click starts a navigation: wait for the detail page rather than read the document mid-load
    page.wait_for_url("**/registry/entities/*/")
    expect(page.locator("body")).to_contain_text("登记信息")


def test_上传含一行错误的CSV_看到该行错误(page, live_server, make_user, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    csv_path = tmp_path / "entities.csv"
    csv_path.write_text(
        "统一社会信用代码,企业名称,主体类型,成立日期,登记状态\n"
        "91120110MA05L0XX67,天津鑫源商贸有限公司,企业,2020-01-02,存续\n"
        "91120110MA05L0XX1B,天津坏代码有限公司,企业,2020-01-02,存续\n",
        encoding="utf-8",
    )
    make_user("section_chief", username="chief")
    login(page, live_server, "chief")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/registry/import/")
    page.select_option("select[name=kind]", "entities")
    page.set_input_files("input[name=file]", str(csv_path))
    page.click("button[type=submit].primary")
    page.wait_for_selector("#import-errors")
    table = page.inner_text("#import-errors")
    assert "2" in table and "统一社会信用代码" in table
    assert "下载错误文件" in page.content()
