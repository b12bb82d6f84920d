"""Browser tests of the hardening (issue 14 §3, §11): the 安全管理员 opens an account, its holder must replace the
temporary password before anything else; a leader must enrol a second factor and is asked for a code at the next
login. Every page is watched for Content-Security-Policy refusals (a page that silently lost its script)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-secret-123"
NEW_PASSWORD = "Tz8#mK2!vQ9p"


def watch_csp(page) -> list[str]:
    refused: list[str] = []
    page.on(
        "console",
        lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return refused


def login(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def logout(page) -> None:
    page.click("header .who button:has-text('退出')")


def test_安全管理员开户_本人首次登录须改密码(page, live_server, make_user, department):
    page.set_default_timeout(30000)
    refused = watch_csp(page)
    make_user("security_admin", username="secadmin")
    login(page, live_server, "secadmin", PASSWORD)
    page.click("nav.mainnav a:has-text('账号管理')")
    form = page.locator("form[action$='/accounts/new/']")
    form.locator("input[name=username]").fill("zhanglei")
    form.locator("input[name=display_name]").fill("张磊")
    form.locator("select[name=role]").select_option("officer")
    form.locator("select[name=department]").select_option(str(department.pk))
    form.locator("button").click()
    assert "账号已建立" in page.content()
    temporary = page.locator("code.secret").inner_text().strip()
    logout(page)

    login(page, live_server, "zhanglei", temporary)
    assert page.url.endswith("/account/password/")
    assert "请先设置新密码再继续使用" in page.content()
    page.goto(f"{live_server.url}/notifications/")  # nothing else opens until the password is changed
    assert page.url.endswith("/account/password/")
    page.fill("input[name=old_password]", temporary)
    page.fill("input[name=new_password]", "password2023")  # too weak: refused with the policy's reason
    page.fill("input[name=new_password2]", "password2023")
    page.click("button.primary")
    assert (
        page.url.endswith("/account/password/")
        and "密码须包含大写字母、小写字母、数字、符号中的至少 3 类" in page.content()
    )
    page.fill("input[name=old_password]", temporary)
    page.fill("input[name=new_password]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    page.click("button.primary")
    assert page.url.endswith("/account/") and "密码已修改" in page.content()
    page.goto(f"{live_server.url}/notifications/")
    assert page.url.endswith("/notifications/")
    assert not refused, refused


def test_局领导须启用二次验证_再次登录要验证码(page, live_server, make_user, settings):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def current_code(device, later: int = 0) -> str:
        drift = device.drift + later
        return str(totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)).zfill(6)

    settings.FAZHI_OTP_REQUIRED_ROLES = ["leader", "legal_reviewer", "admin", "security_admin", "audit_admin"]
    page.set_default_timeout(30000)
    refused = watch_csp(page)
    leader = make_user("leader", username="wangju")
    login(page, live_server, "wangju", PASSWORD)
    assert page.url.endswith("/account/otp/setup/")
    assert page.locator(".qr svg").count() == 1
    device = TOTPDevice.objects.get(user=leader, confirmed=False)
    page.fill("input[name=token]", current_code(device))
    page.click("button.primary")
    assert page.url.endswith("/account/") and "已启用" in page.content()
    logout(page)

    login(page, live_server, "wangju", PASSWORD)
    assert page.url.endswith("/account/otp/verify/")
    page.goto(f"{live_server.url}/account/otp/setup/")  # a password alone cannot enrol another phone
    assert page.url.endswith("/account/otp/verify/")
    device.refresh_from_db()
    page.fill("input[name=token]", current_code(device, later=1))
    page.click("button.primary")
    assert not page.url.endswith("/account/otp/verify/")
    page.goto(f"{live_server.url}/notifications/")
    assert page.url.endswith("/notifications/")
    assert not refused, refused
