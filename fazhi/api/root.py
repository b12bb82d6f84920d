"""The API root (django-ninja) under /api/v1/ with bearer-token authentication.

Each app adds its router from its own ``api.py`` (``router = Router(tags=[...])``); they are mounted
here. OpenAPI: /api/v1/openapi.json.
"""

from __future__ import annotations

import datetime as dt
import importlib

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from ninja import NinjaAPI, Swagger
from ninja.errors import ValidationError
from ninja.security import HttpBearer

from fazhi.api import params
from fazhi.core.errors import DomainError
from fazhi.core.models import ApiToken

LAST_USED_RESOLUTION = dt.timedelta(minutes=5)


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        if not token:
            return None
        row = (
            ApiToken.objects.select_related("user").filter(token_hash=ApiToken.hash_token(token), revoked=False).first()
        )
        if row is None or not row.user.is_active or row.expired():
            return None
        now = timezone.now()
        if row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION:
            # A read must not write on every call (issue 14 §13): on SQLite every write takes the one write lock.
            # last_used_at is kept to the resolution below, in its own autocommitted statement.
            ApiToken.objects.filter(pk=row.pk).filter(
                Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
            ).update(last_used_at=now)
        request.user = row.user
        return row.user


class LocalSwagger(Swagger):
    """Swagger UI from django-ninja's own template and static files (``settings.NINJA_DIR``): without "ninja" in
    INSTALLED_APPS ninja renders its page from the file named here instead of its CDN page."""

    template_cdn = str(settings.NINJA_DIR / "templates" / "ninja" / "swagger.html")


api = NinjaAPI(
    title="fazhi 法治 API",
    version="1.0.0",
    urls_namespace="api-1.0.0",
    description="市场监管执法平台接口。认证：Authorization: Bearer <令牌>（在“个人设置”或 `fazhi token create` 生成）。",
    auth=TokenAuth(),
    docs=LocalSwagger(),
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(ValidationError)
def input_error(request, exc: ValidationError):
    """Parameters or body that do not fit the route's types (``fazhi.api.params``): 422 with Chinese field errors,
    in the same shape as ``ValidationFailed`` (code, message, field, errors)."""
    errors: dict[str, str] = {}
    for error in exc.errors:
        errors.setdefault(params.field_name(error.get("loc", ())), params.message_for(error))
    first = next(iter(errors.items()), ("input", "输入有误"))
    body = {"code": "input.invalid", "message": f"{first[0]}：{first[1]}", "field": first[0], "errors": errors}
    return api.create_response(request, body, status=422)


for _app in (
    "registry",
    "deadlines",
    "powers",
    "inspections",
    "cases",
    "complaints",
    "credit",
    "reports",
    "publicity",
    "activities",
    "exams",
    "file_reviews",
    "remedies",
    "sampling",
    "disclosure",
    "normative_docs",
    "major_decisions",
    "legal_affairs",
):
    try:
        _module = importlib.import_module(f"fazhi.{_app}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"fazhi.{_app}.api":
            raise
        continue
    _router = getattr(_module, "router", None)
    if _router is not None:
        api.add_router(f"/{_app}/", _router)
