"""Session rules (issue 14 §11): idle timeout 30 minutes beside the absolute 8 hours; a password that must be changed
first; the second factor when the role needs it or the user enrolled; the CSP header."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from fazhi.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def shift(client, **offsets):
    session = client.session
    for key, seconds in offsets.items():
        session[key] = time.time() - seconds
    session.save()


def test_空闲超过30分钟自动退出_记入审计(client, make_user):
    login(client, make_user("officer"))
    assert client.get(reverse("web:notifications")).status_code == 200
    shift(client, fazhi_seen_at=29 * 60)
    assert client.get(reverse("web:notifications")).status_code == 200
    shift(client, fazhi_seen_at=31 * 60)
    response = client.get(reverse("web:notifications"))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert AuditEvent.objects.filter(action="core.session_expired", changes__reason="idle").exists()
    assert client.get(reverse("web:notifications")).status_code == 302  # logged out


def test_登录超过8小时即使一直在操作也退出(client, make_user):
    login(client, make_user("officer"))
    shift(client, fazhi_auth_at=8 * 3600 + 5, fazhi_seen_at=10)
    response = client.get(reverse("web:notifications"))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert AuditEvent.objects.filter(action="core.session_expired", changes__reason="absolute").exists()


def test_最近活动时间每分钟最多写一次(client, make_user):
    login(client, make_user("officer"))
    shift(client, fazhi_seen_at=20)
    before = client.session["fazhi_seen_at"]
    client.get(reverse("web:notifications"))
    assert client.session["fazhi_seen_at"] == before
    shift(client, fazhi_seen_at=90)
    client.get(reverse("web:notifications"))
    assert abs(client.session["fazhi_seen_at"] - time.time()) < 30  # written again: more than a minute had passed


def test_须修改密码时只能打开修改密码页(client, make_user):
    user = make_user("officer")
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    login(client, user)
    response = client.get(reverse("web:notifications"))
    assert response.status_code == 302 and response["Location"] == reverse("web:password_change")
    assert client.get(reverse("web:password_change")).status_code == 200
    response = client.post(
        reverse("web:password_change"),
        {"old_password": "pw-secret-123", "new_password": "Tz8#mK2!vQ9p", "new_password2": "Tz8#mK2!vQ9p"},
    )
    assert response.status_code == 302
    assert client.get(reverse("web:notifications")).status_code == 200
    assert AuditEvent.objects.filter(action="core.password_change", actor=user).exists()


def test_修改密码不合规给出中文错误(client, make_user):
    login(client, make_user("officer"))
    response = client.post(
        reverse("web:password_change"),
        {"old_password": "pw-secret-123", "new_password": "Woaini@20231!", "new_password2": "Woaini@20231!"},
    )
    assert response.status_code == 400 and "常用拼音" in response.content.decode()
    response = client.post(
        reverse("web:password_change"),
        {"old_password": "wrong", "new_password": "Tz8#mK2!vQ9p", "new_password2": "Tz8#mK2!vQ9p"},
    )
    assert "原密码不正确" in response.content.decode()


def test_生产环境要求的角色须先启用二次验证(client, make_user, settings):
    settings.FAZHI_OTP_REQUIRED_ROLES = ["leader", "legal_reviewer", "admin", "security_admin", "audit_admin"]
    login(client, make_user("leader"))
    response = client.get(reverse("web:notifications"))
    assert response.status_code == 302 and response["Location"] == reverse("web:otp_setup")
    assert client.get(reverse("web:otp_setup")).status_code == 200
    officer = make_user("officer")
    client.force_login(officer)
    assert client.get(reverse("web:notifications")).status_code == 200  # optional for officers


def test_每个页面都带内容安全策略头(client, make_user):
    for url in ("/login/", "/public/"):
        csp = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
