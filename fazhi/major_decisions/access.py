"""Fetch-and-check gate: department-scoped reads, the same "not found" for missing and forbidden records."""

from __future__ import annotations

from typing import Any

from fazhi.core.access import access_object
from fazhi.major_decisions.models import MajorDecision


def access_decision(*, user: Any, pk: int, permission: str = "major_decisions.view") -> MajorDecision:
    return access_object(
        user, MajorDecision.objects.select_related("department"), permission=permission,
        department_field="department", what="重大行政决策", pk=pk,
    )  # fmt: skip
