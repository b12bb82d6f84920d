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
