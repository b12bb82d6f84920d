"""Fetch-and-check gate: department-scoped reads, the same "not found" for missing and forbidden records."""

from __future__ import annotations

from typing import Any

from fazhi.core.access import access_object
from fazhi.legal_affairs.models import LegalMatter, Proposal


def access_proposal(*, user: Any, pk: int, permission: str = "legal_affairs.view") -> Proposal:
    return access_object(
        user, Proposal.objects.select_related("department"), permission=permission, department_field="department",
        what="建议提案", pk=pk,
    )  # fmt: skip


def access_matter(*, user: Any, pk: int, permission: str = "legal_affairs.view") -> LegalMatter:
    return access_object(
        user, LegalMatter.objects.select_related("department", "recorded_by"), permission=permission,
        department_field="department", what="法律事务", pk=pk,
    )  # fmt: skip
