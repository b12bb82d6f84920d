"""Access gates for cases: department-scoped reads (officers and section chiefs see their own department)."""

from __future__ import annotations

from typing import Any

from fazhi.cases.models import Case, Clue
from fazhi.core.access import access_object, scope


def cases_visible(user: Any):
    return scope(user, Case.objects.all(), "department")


def access_case(*, user: Any, pk: int, permission: str = "cases.view") -> Case:
    return access_object(
        user,
        Case.objects.select_related("department", "clue", "entity"),
        permission=permission,
        department_field="department",
        what="案件",
        pk=pk,
    )


def access_clue(*, user: Any, pk: int, permission: str = "cases.view") -> Clue:
    return access_object(
        user,
        Clue.objects.select_related("department", "entity"),
        permission=permission,
        department_field="department",
        what="线索",
        pk=pk,
    )
