"""Accounts under 三员分立 (issue 14 §3): only the 安全管理员 creates accounts, changes roles and sets another
person's password — never their own, never the superuser's — and each of these is an audit event with what changed."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.urls import reverse

from fazhi.core import accounts
from fazhi.core.errors import DomainError, PermissionDenied
from fazhi.core.models import AuditEvent, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def secadmin(make_user):
    return make_user("security_admin", username="secadmin")


def test_新建账号_临时密码合规且须首次登录修改(secadmin, department):
    user, password = accounts.account_create(
        actor=secadmin, username="lisi", display_name="李四", role="officer", department=department
    )
    validate_password(password)  # meets the policy (as a new password of nobody)
    assert user.check_password(password) and user.must_change_password
    event = AuditEvent.objects.get(action="core.account_create")
    assert event.actor == secadmin and event.changes["role"] == "officer" and password not in str(event.changes)
    with pytest.raises(DomainError) as exc:
        accounts.account_create(actor=secadmin, username="LISI", display_name="", role="officer", department=department)
    assert exc.value.code == "accounts.username_taken"
    with pytest.raises(DomainError) as exc:
        accounts.account_create(actor=secadmin, username="wu", display_name="", role="officer")
    assert exc.value.code == "accounts.department_required"


@pytest.mark.parametrize(
    "role", ["officer", "section_chief", "legal_reviewer", "leader", "admin", "auditor", "audit_admin"]
)
def test_只有安全管理员能管理账号(make_user, role, department):
    actor = make_user(role)
    target = make_user("officer")
    with pytest.raises(PermissionDenied):
        accounts.account_create(actor=actor, username="x1", display_name="", role="officer", department=department)
    with pytest.raises(PermissionDenied):
        accounts.account_update(actor=actor, user=target, role="leader")
    with pytest.raises(PermissionDenied):
        accounts.account_set_password(actor=actor, user=target)


def test_修改角色记入审计_前后值都在(secadmin, make_user):
    target = make_user("officer", username="zhao")
    accounts.account_update(actor=secadmin, user=target, role="section_chief")
    target.refresh_from_db()
    assert target.role == "section_chief"
    event = AuditEvent.objects.get(action="core.account_update")
    assert event.changes == {"role": ["officer", "section_chief"]} and event.actor == secadmin


def test_不能修改本人账号_不能动超级用户(secadmin, make_user):
    with pytest.raises(DomainError) as exc:
        accounts.account_update(actor=secadmin, user=secadmin, role="leader")
    assert exc.value.code == "accounts.self"
    root = make_user("admin", is_superuser=True, is_staff=True)
    with pytest.raises(DomainError) as exc:
        accounts.account_set_password(actor=secadmin, user=root)
    assert exc.value.code == "accounts.superuser"


def test_为他人设置临时密码_记入审计_须登录后修改(secadmin, make_user):
    target = make_user("leader", username="wang")
    password = accounts.account_set_password(actor=secadmin, user=target)
    target.refresh_from_db()
    assert target.check_password(password) and target.must_change_password
    event = AuditEvent.objects.get(action="core.password_set")
    assert event.actor == secadmin and event.object_id == str(target.pk)


def test_页面_安全管理员建账号改角色_其他角色看不到(client, secadmin, make_user, department):
    client.force_login(secadmin)
    response = client.post(
        reverse("web:account_create"),
        {"username": "qian", "display_name": "钱", "role": "officer", "department": str(department.pk)},
    )
    assert response.status_code == 200 and "临时密码" in response.content.decode()
    qian = User.objects.get(username="qian")
    response = client.post(
        reverse("web:account_detail", args=[qian.pk]),
        {"display_name": "钱", "role": "section_chief", "department": str(department.pk), "is_active": "on"},
    )
    assert response.status_code == 302
    qian.refresh_from_db()
    assert qian.role == "section_chief"
    own = client.get(reverse("web:account_detail", args=[secadmin.pk])).content.decode()
    assert "不能修改本人的角色或状态" in own
    client.force_login(make_user("admin"))
    assert client.get(reverse("web:accounts")).status_code == 403
