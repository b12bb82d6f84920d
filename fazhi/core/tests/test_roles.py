"""三员分立 (separation of duties, 等保 2.0 第三级 安全管理中心; issue 14 §3), written by hand.

The three administrator roles hold exactly the administration permissions below and nothing else — no business
read or write in any app, including apps added later (the test walks the whole table). The business roles hold no
administration permission. The Django superuser holds no permission at all.
"""

from __future__ import annotations

import pytest

from fazhi.core.roles import PERMISSIONS, Role, role_can, user_can

# What each administrator may do, reviewed by hand: permission → the roles that hold it.
ADMINISTRATION: dict[str, set[str]] = {
    "accounts.manage": {"security_admin"},
    "audit.view": {"auditor", "audit_admin"},
    "system.view": {"admin"},
    "calendar.edit": {"admin"},
}
# Reading the department and officer lists: the business roles, and the security administrator (who assigns
# accounts to departments and officers).
STAFF_VIEW = {"officer", "section_chief", "legal_reviewer", "leader", "auditor", "security_admin"}
ADMINISTRATORS = {"admin", "security_admin", "audit_admin"}


def test_三类管理员角色存在且有中文名称():
    assert Role("admin").label == "系统管理员"
    assert Role("security_admin").label == "安全管理员"
    assert Role("audit_admin").label == "安全审计员"


@pytest.mark.parametrize("permission", sorted(ADMINISTRATION))
def test_管理权限只授予指定角色(permission):
    holders = {r.value for r in Role if role_can(r.value, permission)}
    assert holders == ADMINISTRATION[permission]


def test_人员部门查看权限():
    assert {r.value for r in Role if role_can(r.value, "staff.view")} == STAFF_VIEW


def test_每个账号都能管理自己的通知_密码_二次验证_令牌():
    assert {r.value for r in Role if role_can(r.value, "web.self")} == {r.value for r in Role}


@pytest.mark.parametrize("permission", sorted(set(PERMISSIONS) - set(ADMINISTRATION) - {"staff.view", "web.self"}))
def test_管理员角色不持有任何业务权限(permission):
    holders = {r.value for r in Role if role_can(r.value, permission)}
    assert not holders & ADMINISTRATORS, f"{permission} 授予了管理员角色 {holders & ADMINISTRATORS}"


def test_审计只读角色不持有任何写权限():
    reads = {p for p in PERMISSIONS if p.endswith(".view")} | {"web.self"}  # own password and notifications
    for permission in set(PERMISSIONS) - reads:
        assert not role_can("auditor", permission), permission


def test_业务角色不持有管理权限():
    for role in {"officer", "section_chief", "legal_reviewer", "leader"}:
        for permission in ("accounts.manage", "audit.view", "system.view", "calendar.edit"):
            assert not role_can(role, permission), (role, permission)


def test_未知权限一律拒绝():
    assert not role_can("leader", "cases.no_such_thing")
    assert not role_can(None, "cases.view")


@pytest.mark.django_db
def test_超级用户不绕过角色_不持有任何业务或管理权限(make_user):
    root = make_user("leader", username="root", is_superuser=True, is_staff=True)
    for permission in PERMISSIONS:
        assert not user_can(root, permission), permission  # not even web.self: it works only in the Django admin


@pytest.mark.django_db
def test_停用账号不持有权限(make_user):
    user = make_user("leader")
    assert user_can(user, "cases.decide")
    user.is_active = False
    assert not user_can(user, "cases.decide")
