"""Fetch-and-check gates: department-scoped reads, the same "not found" for missing and forbidden records."""

from __future__ import annotations

from typing import Any

from fazhi.core.access import access_object
from fazhi.disclosure.models import DisclosureRequest, ProactiveDocument


def access_request(*, user: Any, pk: int, permission: str = "disclosure.view") -> DisclosureRequest:
    return access_object(
        user,
        DisclosureRequest.objects.select_related("department", "created_by", "replied_by"),
        permission=permission,
        department_field="department",
        what="政府信息公开申请",
        pk=pk,
    )


def access_document(*, user: Any, pk: int, permission: str = "disclosure.view") -> ProactiveDocument:
    return access_object(
        user,
        ProactiveDocument.objects.select_related("department"),
        permission=permission,
        department_field="department",
        what="主动公开信息",
        pk=pk,
    )
