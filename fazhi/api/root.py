"""The API root (django-ninja) under /api/v1/ with bearer-token authentication.

Each app adds its router from its own ``api.py`` (``router = Router(tags=[...])``); they are mounted
here. OpenAPI: /api/v1/openapi.json.
"""

from __future__ import annotations

import importlib

from django.utils import timezone
from ninja import NinjaAPI
from ninja.security import HttpBearer

from fazhi.core.errors import DomainError
from fazhi.core.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        if not token:
            return None
        row = (
            ApiToken.objects.select_related("user").filter(token_hash=ApiToken.hash_token(token), revoked=False).first()
        )
        if row is None or not row.user.is_active:
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.user = row.user
        return row.user


api = NinjaAPI(
    title="fazhi 法治 API",
    version="1.0.0",
    urls_namespace="api-1.0.0",
    description="市场监管执法平台接口。认证：Authorization: Bearer <令牌>（在“个人设置”或 `fazhi token create` 生成）。",
    auth=TokenAuth(),
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(request, exc.as_dict(), status=exc.status)


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
