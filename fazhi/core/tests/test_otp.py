"""The second factor (TOTP, django-otp; issue 14 §11): enrol with one code, then every login asks for one; a wrong
code is refused; the 安全管理员 resets a lost phone (audited), never their own."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.core import otp
from fazhi.core.errors import DomainError, PermissionDenied
from fazhi.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def code(device, later: int = 0) -> str:
    """The device's current code (``later`` steps ahead: a code already used is refused — replay protection)."""
    drift = device.drift + later
    return str(totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)).zfill(6)


def test_启用二次验证后每次登录都要验证码(client, make_user):
    user = make_user("leader", username="wang")
    client.force_login(user)
    page = client.get(reverse("web:otp_setup"))
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(reverse("web:otp_setup"), {"token": "000000" if code(device) != "000000" else "111111"})
    assert wrong.status_code == 400 and "验证码不正确" in wrong.content.decode()
    assert client.post(reverse("web:otp_setup"), {"token": code(device)}).status_code == 302
    assert AuditEvent.objects.filter(action="core.otp_enrol", object_id=str(user.pk)).exists()
    client.logout()
    client.post("/login/", {"username": "wang", "password": "pw-secret-123"})
    response = client.get(reverse("web:notifications"))
    assert response.status_code == 302 and response["Location"] == reverse("web:otp_verify")
    device.refresh_from_db()
    assert client.post(reverse("web:otp_verify"), {"token": "12345"}).status_code == 400  # not six digits
    assert client.post(reverse("web:otp_verify"), {"token": code(device)}).status_code == 400  # replayed code
    time.sleep(1.1)  # django-otp throttles: after a wrong code the next try waits a second (doubling each time)
    assert client.post(reverse("web:otp_verify"), {"token": code(device, later=1)}).status_code == 302
    assert client.get(reverse("web:notifications")).status_code == 200


def test_安全管理员重置二次验证_不能重置本人(make_user):
    user = make_user("leader")
    TOTPDevice.objects.create(user=user, name="x", confirmed=True)
    secadmin = make_user("security_admin")
    with pytest.raises(DomainError):
        otp.otp_reset(user=secadmin, actor=secadmin, reason="x")
    with pytest.raises(PermissionDenied):
        otp.otp_reset(user=user, actor=make_user("admin"), reason="手机遗失")
    assert otp.otp_reset(user=user, actor=secadmin, reason="手机遗失") == 1
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.get(action="core.otp_reset").changes["reason"] == "手机遗失"


def test_只凭密码不能换绑新验证器绕过二次验证(client, make_user):
    user = make_user("leader", username="zhao")
    old = TOTPDevice.objects.create(user=user, name="旧手机", confirmed=True)
    client.post("/login/", {"username": "zhao", "password": "pw-secret-123"})  # password only: not verified
    setup = client.get(reverse("web:otp_setup"))
    assert setup.status_code == 302 and setup["Location"] == reverse("web:otp_verify")
    attacker = TOTPDevice.objects.create(user=user, name="攻击者的手机", confirmed=False)
    refused = client.post(reverse("web:otp_setup"), {"token": code(attacker)})
    assert refused.status_code == 302 and refused["Location"] == reverse("web:otp_verify")
    attacker.refresh_from_db()
    assert not attacker.confirmed and TOTPDevice.objects.filter(pk=old.pk, confirmed=True).exists()
    assert client.get(reverse("web:notifications"))["Location"] == reverse("web:otp_verify")


def test_验证器换绑须先用旧验证器验证(rf, make_user):
    from django.contrib.sessions.backends.db import SessionStore

    user = make_user("leader")
    TOTPDevice.objects.create(user=user, name="旧手机", confirmed=True)
    pending = otp.pending_device(user)
    request = rf.post("/account/otp/setup/")
    request.session = SessionStore()
    user.is_verified = lambda: False
    request.user = user
    with pytest.raises(DomainError) as exc:
        otp.otp_confirm(request=request, token=code(pending))
    assert exc.value.code == "otp.verify_first"


def test_验证后的跳转只回本站(client, make_user):
    user = make_user("officer", username="qian")
    device = TOTPDevice.objects.create(user=user, name="手机", confirmed=True)
    client.post("/login/", {"username": "qian", "password": "pw-secret-123"})
    response = client.post(reverse("web:otp_verify") + "?next=https://evil.example/", {"token": code(device)})
    assert response.status_code == 302 and response["Location"] == reverse("web:home")
