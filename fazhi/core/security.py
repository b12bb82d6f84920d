"""Authentication events into the audit chain, and the audited emergency superuser.

- Logins (success and failure) and logouts are audit events (``core.login``, ``core.login_failed``,
  ``core.logout``) with the client address. Django's auth signals are the only way to see every login (our page,
  the Django admin's): they carry no domain flow, so ADR 0001 (no signals for domain flow) is kept.
- Every request of a Django superuser is audited (``core.superuser_request``, see ``SuperuserAuditMiddleware``):
  the superuser is an emergency account (三员分立), and its use must be visible to the 安全审计员.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.utils import timezone

from fazhi.core.audit import audit_record
from fazhi.core.models import User


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


def normalise_username(username: str | None) -> str:
    return (username or "").strip().lower()[:150]


def _agent(request: Any) -> str:
    return (request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:200]


def on_login(sender, request, user, **kwargs) -> None:
    ip = client_ip(request)
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
    username = normalise_username(credentials.get("username"))
    ip = client_ip(request)
    known = User.objects.filter(username__iexact=username).values_list("pk", flat=True).first()
    audit_record(
        action="core.login_failed",
        target=("core.user", known if known is not None else f"?{username[:60]}"),
        changes={"username": username, "ip": ip, "reason": "bad_credentials"},
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
