from __future__ import annotations

import re
import uuid

from fazhi.core import context

_SAFE_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class RequestContextMiddleware:
    """Gives every request an id (echoed as X-Request-ID) and exposes the actor to the audit trail."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        user = getattr(request, "user", None)
        actor = user if getattr(user, "is_authenticated", False) else None
        token = context.set_context(actor=actor, request_id=request_id)
        request.request_id = request_id
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = request_id
        return response


class SuperuserAuditMiddleware:
    """Every request of a Django superuser is an audit event (三员分立: the superuser is for emergencies only, and
    the 安全审计员 must see each use). Placed after the authentication middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False) and user.is_superuser:
            from fazhi.core.audit import audit_record
            from fazhi.core.security import client_ip

            audit_record(
                action="core.superuser_request",
                target=user,
                changes={
                    "method": request.method,
                    "path": request.path[:300],
                    "status": response.status_code,
                    "ip": client_ip(request),
                },
                actor=user,
            )
        return response


class ContentSecurityPolicyMiddleware:
    """Adds the Content-Security-Policy header (``FAZHI_CSP``): scripts and styles from this site only, no plug-ins,
    no framing, forms post only here. A view that needs another policy sets the header itself."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.policy = settings.FAZHI_CSP

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response


class SessionPolicyMiddleware:
    """The session rules of a level-3 system, after authentication:

    - an idle timeout (``FAZHI_SESSION_IDLE_SECONDS``, 30 minutes) beside the absolute one
      (``FAZHI_SESSION_ABSOLUTE_SECONDS``, 8 hours from the login): the user is logged out (audited) and sent to the
      login page with a message. The last-seen time is written at most once a minute (reads stay cheap);
    - a password the user must change (a temporary one set by the 安全管理员, or older than
      ``FAZHI_PASSWORD_MAX_AGE_DAYS``): every page but the password page and logout leads there;
    - the second factor (TOTP): when the user has a confirmed device, or the role needs one
      (``FAZHI_OTP_REQUIRED_ROLES``, in production: leaders, legal reviewers and the administrators), every page but
      the verification or enrolment page and logout leads there until the session is verified.

    The API (bearer tokens) and the public pages are not session pages and pass untouched.
    """

    OPEN_PREFIXES = ("/static/", "/public/", "/api/", "/login/", "/logout/", "/admin/login/", "/admin/logout/")
    SEEN_EVERY = 60

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.idle = settings.FAZHI_SESSION_IDLE_SECONDS
        self.absolute = settings.FAZHI_SESSION_ABSOLUTE_SECONDS

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not hasattr(request, "session"):
            return self.get_response(request)
        if request.path.startswith(self.OPEN_PREFIXES[:3]):
            return self.get_response(request)
        expired = self._expired(request)
        if expired:
            return self._log_out(request, expired)
        gate = self._gate(request, user)
        if gate is not None:
            return gate
        return self.get_response(request)

    def _expired(self, request) -> str:
        import time

        now = time.time()
        session = request.session
        auth_at = session.get("fazhi_auth_at")
        seen_at = session.get("fazhi_seen_at")
        if auth_at is None or seen_at is None:  # a session from before this policy: start counting now
            session["fazhi_auth_at"] = session.get("fazhi_auth_at", now)
            session["fazhi_seen_at"] = now
            return ""
        if now - auth_at > self.absolute:
            return "absolute"
        if now - seen_at > self.idle:
            return "idle"
        if now - seen_at > self.SEEN_EVERY:
            session["fazhi_seen_at"] = now
        return ""

    def _log_out(self, request, reason: str):
        from django.contrib import messages
        from django.contrib.auth import logout
        from django.contrib.auth.views import redirect_to_login

        from fazhi.core.audit import audit_record
        from fazhi.core.security import client_ip

        user = request.user
        audit_record(
            action="core.session_expired",
            target=user,
            changes={"reason": reason, "ip": client_ip(request)},
            actor=user,
        )
        logout(request)
        text = "已连续 30 分钟未操作" if reason == "idle" else "本次登录已超过 8 小时"
        messages.info(request, f"{text}，为保护数据已自动退出，请重新登录。")
        return redirect_to_login(request.get_full_path())

    def _gate(self, request, user):
        from django.conf import settings
        from django.shortcuts import redirect
        from django.urls import reverse

        from fazhi.core.passwords import password_expired

        path = request.path
        if path.startswith(self.OPEN_PREFIXES):
            return None
        if user.must_change_password or password_expired(user, max_age_days=settings.FAZHI_PASSWORD_MAX_AGE_DAYS):
            target = reverse("web:password_change")
            return None if path == target else redirect(target)
        from fazhi.core.otp import otp_required, user_has_device

        verified = getattr(user, "is_verified", lambda: False)()
        if not verified and (user_has_device(user) or otp_required(user)):
            # With a device the only way on is a code from it: enrolling a new device is for verified sessions
            # (else a stolen password alone would replace the phone and pass the second factor).
            target = reverse("web:otp_verify") if user_has_device(user) else reverse("web:otp_setup")
            return None if path == target else redirect(target)
        return None


class RefuseNulBytes:
    """Answer 400 to a request whose URL parameters carry a NUL byte: no field of ours may hold one, and
    PostgreSQL refuses it in text (a 500 otherwise, on every page that filters by a parameter)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.http import HttpResponseBadRequest

        if "\x00" in request.META.get("QUERY_STRING", "") or "%00" in request.META.get("QUERY_STRING", ""):
            return HttpResponseBadRequest(
                "请求参数含有不允许的字符（NUL）。".encode(), content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)
