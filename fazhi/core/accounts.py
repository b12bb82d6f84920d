"""Accounts: the 安全管理员's services (create, role and department, deactivate, temporary password, unlock) and each
user's own (change password, API tokens). Every one checks who may (``accounts.manage`` for another person's
account; nobody manages their own role or status) and is an audit event (issue 14 §3 and §11).

Codes: ``accounts.self``, ``accounts.username_taken``, ``accounts.role_unknown``, ``accounts.superuser``,
``accounts.department_required``, ``accounts.password_wrong``, ``password.*`` (the policy), ``token.*``,
``access.forbidden``.
"""

from __future__ import annotations

import datetime as dt
import secrets
import string
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core import lockout
from fazhi.core.access import access_object, require
from fazhi.core.audit import audit_record, diff, snapshot
from fazhi.core.errors import DomainError
from fazhi.core.models import ApiToken, User
from fazhi.core.roles import DEPARTMENT_SCOPED, Role

ACCOUNT_FIELDS = ("role", "department_id", "officer_id", "display_name", "is_active")
TOKEN_MAX_DAYS = 365


def access_account(*, user: Any, pk: Any) -> User:
    """An account to manage (``accounts.manage``; accounts are bureau-wide): the account page's gate."""
    return access_object(
        user, User.objects.select_related("department"), permission="accounts.manage", what="账号", pk=pk
    )


def _policy(password: str, user: Any) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        first = exc.error_list[0]
        raise DomainError(
            str(first.code or "password.invalid"),
            "；".join(str(m) for e in exc.error_list for m in e.messages),
            field="new_password",
        ) from exc


def temporary_password() -> str:
    """A random temporary password that meets the policy (the holder must replace it at the first login)."""
    alphabet = string.ascii_letters + string.digits
    while True:
        core = "".join(secrets.choice(alphabet) for _ in range(12))
        candidate = f"{core[:4]}-{core[4:8]}-{core[8:]}"
        if any(c.isupper() for c in core) and any(c.islower() for c in core) and any(c.isdigit() for c in core):
            try:
                validate_password(candidate)
            except ValidationError:
                continue
            return candidate


def _check_role(role: str, department: Any) -> None:
    if role not in Role.values:
        raise DomainError("accounts.role_unknown", "请选择一个角色", field="role")
    if role in DEPARTMENT_SCOPED and department is None:
        raise DomainError("accounts.department_required", "执法人员和科室负责人须指定所属部门", field="department")


def account_create(
    *, actor: Any, username: str, display_name: str, role: str, department: Any = None, officer: Any = None
) -> tuple[User, str]:
    """A new account with a temporary password (returned once; the holder must change it at the first login)."""
    require(actor, "accounts.manage")
    username = (username or "").strip()
    if not username or len(username) > 150:
        raise DomainError("cell.required", "请填写用户名（最多 150 个字符）", field="username")
    _check_role(role, department)
    password = temporary_password()
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise DomainError("accounts.username_taken", f"用户名“{username}”已被使用", field="username")
        user = User(
            username=username,
            display_name=(display_name or "").strip()[:64],
            role=role,
            department=department,
            officer=officer,
            must_change_password=True,
        )
        user.set_password(password)
        user.save()
        audit_record(
            action="core.account_create",
            target=user,
            changes={"username": username, **snapshot(user, ACCOUNT_FIELDS)},
            actor=actor,
        )
    return user, password


def account_update(*, actor: Any, user: User, **changes: Any) -> User:
    """Role, department, officer record, name, active: the 安全管理员 only, never on their own account, never to or
    from the Django superuser (an emergency account made at the console)."""
    require(actor, "accounts.manage")
    if actor.pk == user.pk:
        raise DomainError("accounts.self", "不能修改本人的角色或状态，请由另一名安全管理员办理")
    if user.is_superuser:
        raise DomainError("accounts.superuser", "应急超级用户只能在服务器控制台管理")
    unknown = set(changes) - {"role", "department", "officer", "display_name", "is_active"}
    if unknown:
        raise DomainError("accounts.field_unknown", f"不能修改：{'、'.join(sorted(unknown))}")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        before = snapshot(locked, ACCOUNT_FIELDS)
        for name, value in changes.items():
            setattr(locked, name, value)
        _check_role(locked.role, locked.department)
        after = snapshot(locked, ACCOUNT_FIELDS)
        changed = diff(before, after)
        if changed:
            locked.save(update_fields=[f.removesuffix("_id") for f in changed])
            audit_record(action="core.account_update", target=locked, changes=changed, actor=actor)
        if "is_active" in changed and not locked.is_active:
            _revoke_tokens(locked, actor=actor, reason="账号停用")
    for name in changes:
        setattr(user, name, getattr(locked, name))
    return user


def account_set_password(*, actor: Any, user: User) -> str:
    """A new temporary password for another person's account (forgotten password): returned once, to be changed
    at the next login; the account's lockouts are cleared."""
    require(actor, "accounts.manage")
    if actor.pk == user.pk:
        raise DomainError("accounts.self", "请在“个人设置”中修改本人密码")
    if user.is_superuser:
        raise DomainError("accounts.superuser", "应急超级用户只能在服务器控制台管理")
    password = temporary_password()
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        lockout.unlock(username=user.username)
        audit_record(
            action="core.password_set", target=user, changes={"by": "security_admin", "temporary": True}, actor=actor
        )
    return password


def password_change(*, user: User, old_password: str, new_password: str) -> User:
    """The user's own new password: the old one must be right, the new one must meet the policy."""
    if not user.check_password(old_password or ""):
        raise DomainError("accounts.password_wrong", "原密码不正确", field="old_password")
    if new_password == old_password:
        raise DomainError("password.reused", "新密码不能与原密码相同", field="new_password")
    _policy(new_password, user)
    with transaction.atomic():
        user.set_password(new_password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        audit_record(action="core.password_change", target=user, changes={}, actor=user)
    return user


def account_unlock(*, actor: Any, username: str = "", ip: str = "") -> None:
    """Clear the lockout counters of an account (all addresses) or of an address (the unlock path)."""
    require(actor, "accounts.manage")
    if not username and not ip:
        raise DomainError("cell.required", "请指定要解除锁定的账号或地址")
    with transaction.atomic():
        lockout.unlock(username=username, ip=ip)
        audit_record(
            action="core.account_unlock",
            target=("core.user", username or f"ip:{ip}"),
            changes={"username": username, "ip": ip},
            actor=actor,
        )


# ---------------------------------------------------------------------------------------------------- API tokens


def token_create(*, actor: Any, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A bearer token (shown once; only its hash is stored) that expires after ``days`` (default
    ``FAZHI_API_TOKEN_DAYS``, at most a year). Users make their own; the 安全管理员 makes them for others."""
    if actor.pk != user.pk:
        require(actor, "accounts.manage")
    else:
        require(actor, "web.self")
    if not user.is_active:
        raise DomainError("token.user_inactive", "账号已停用，不能生成令牌")
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise DomainError("cell.required", "请填写令牌用途（最多 100 字）", field="name")
    days = settings.FAZHI_API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= TOKEN_MAX_DAYS:
        raise DomainError("token.days", f"有效期应为 1 至 {TOKEN_MAX_DAYS} 天", field="days")
    raw = ApiToken.new_raw_token()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            token_hash=ApiToken.hash_token(raw),
            expires_at=timezone.now() + dt.timedelta(days=days),
        )
        audit_record(
            action="core.token_create",
            target=token,
            changes={"user": user.username, "name": name, "expires_at": token.expires_at},
            actor=actor,
        )
    return token, raw


def token_revoke(*, actor: Any, token: ApiToken, reason: str = "") -> ApiToken:
    """Revoke a token at once (its holder, or the 安全管理员 for anyone's)."""
    if actor is not None and actor.pk != token.user_id:
        require(actor, "accounts.manage")
    if token.revoked:
        raise DomainError("token.already_revoked", "该令牌已吊销")
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk).update(revoked=True, revoked_at=timezone.now(), revoked_by=actor)
        token.refresh_from_db()
        audit_record(action="core.token_revoke", target=token, changes={"reason": reason}, actor=actor)
    return token


def _revoke_tokens(user: User, *, actor: Any, reason: str) -> None:
    for token in ApiToken.objects.filter(user=user, revoked=False):
        ApiToken.objects.filter(pk=token.pk).update(revoked=True, revoked_at=timezone.now(), revoked_by=actor)
        audit_record(action="core.token_revoke", target=token, changes={"reason": reason}, actor=actor)
