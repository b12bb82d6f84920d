"""Authentication events into the audit chain, and the audited emergency superuser.

- Logins (success and failure) and logouts are audit events (``core.login``, ``core.login_failed``,
  ``core.logout``) with the client address; each attempt also feeds the lockout counters (``fazhi.core.lockout``),
  and ``LockoutBackend`` refuses a blocked attempt before the password is checked. Django's auth signals are the only way to see every login (our page,
  the Django admin's): they carry no domain flow, so ADR 0001 (no signals for domain flow) is kept.
- Every request of a Django superuser is audited (``core.superuser_request``, see ``SuperuserAuditMiddleware``):
  the superuser is an emergency account (三员分立), and its use must be visible to the 安全审计员.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from fazhi.core import lockout
from fazhi.core.audit import audit_record
from fazhi.core.models import LoginAttempt, User


def client_ip(request: Any) -> str:
    """The client's address; ``X-Forwarded-For`` is believed only from the proxies in ``FAZHI_TRUSTED_PROXIES``."""
    if request is None:
        return ""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = set(getattr(settings, "FAZHI_TRUSTED_PROXIES", ()))
    if remote in trusted:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        for hop in reversed(hops):
            if hop not in trusted:
                remote = hop
                break
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        return ""


def _agent(request: Any) -> str:
    return (request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:200]


def on_login(sender, request, user, **kwargs) -> None:
    ip = client_ip(request)
    lockout.record(username=user.get_username(), ip=ip, result=LoginAttempt.Result.SUCCESS)
    if request is not None and hasattr(request, "session"):
        now = timezone.now().timestamp()
        request.session["fazhi_auth_at"] = now
        request.session["fazhi_seen_at"] = now
    audit_record(
        action="core.login",
        target=user,
        changes={"ip": ip, "user_agent": _agent(request), "superuser": bool(user.is_superuser)},
        actor=user,
    )


def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = lockout.normalise(credentials.get("username"))
    ip = client_ip(request)
    refused = getattr(request, "fazhi_lockout", None) if request is not None else None
    result = LoginAttempt.Result.REFUSED if refused is not None else LoginAttempt.Result.FAILURE
    lockout.record(username=username, ip=ip, result=result)
    known = User.objects.filter(username__iexact=username).values_list("pk", flat=True).first()
    audit_record(
        action="core.login_failed",
        target=("core.user", known if known is not None else f"?{username[:60]}"),
        changes={
            "username": username,
            "ip": ip,
            "reason": f"locked_{refused.rule}" if refused is not None else "bad_credentials",
        },
        actor=None,
    )


def on_logout(sender, request, user, **kwargs) -> None:
    if user is None:
        return
    audit_record(action="core.logout", target=user, changes={"ip": client_ip(request)}, actor=user)


def connect_auth_signals() -> None:
    user_logged_in.connect(on_login, dispatch_uid="fazhi.core.security.login")
    user_login_failed.connect(on_login_failed, dispatch_uid="fazhi.core.security.login_failed")
    user_logged_out.connect(on_logout, dispatch_uid="fazhi.core.security.logout")


class LockoutBackend(ModelBackend):
    """First in ``AUTHENTICATION_BACKENDS``: refuses an attempt that ``fazhi.core.lockout`` blocks, before any password
    is checked (Django then stops and reports a failed login); otherwise answers ``None`` and the next backend checks
    the password. It guards every login form, the Django admin's included."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        decision = lockout.decide(username, client_ip(request))
        if not decision.allowed:
            if request is not None:
                request.fazhi_lockout = decision
            raise PermissionDenied(decision.message)
        return None
