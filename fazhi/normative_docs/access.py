"""Fetch-and-check gates: department-scoped reads, the same "not found" for missing and forbidden records."""

from __future__ import annotations

from typing import Any

from fazhi.core.access import access_object
from fazhi.core.errors import NotFound
from fazhi.normative_docs.models import CleanupRound, NormativeDocument


def access_document(*, user: Any, pk: int, permission: str = "normative_docs.view") -> NormativeDocument:
    return access_object(
        user,
        NormativeDocument.objects.select_related("department", "legality_reviewer"),
        permission=permission,
        department_field="department",
        what="规范性文件",
        pk=pk,
    )


def access_cleanup(*, user: Any, pk: int, permission: str = "normative_docs.view") -> CleanupRound:
    """Clean-up rounds are bureau-wide (every document of the bureau): no department scope."""
    return access_object(
        user, CleanupRound.objects.all(), permission=permission, department_field=None, what="清理", pk=pk
    )


def document_by_number(*, user: Any, number: str) -> NormativeDocument:
    """An issued document picked by its 文号 or register number, with the same gate."""
    from django.db.models import Q

    number = (number or "").strip()
    pk = (
        NormativeDocument.objects.filter(Q(document_number=number) | Q(number=number))
        .values_list("pk", flat=True)
        .first()
        if number
        else None
    )
    if pk is None:
        raise NotFound("规范性文件")
    return access_document(user=user, pk=pk)
