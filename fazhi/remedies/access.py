"""Fetch-and-check gates: department-scoped reads, the same "not found" for missing and forbidden records."""

from __future__ import annotations

from typing import Any

from fazhi.core.access import access_object
from fazhi.core.errors import NotFound
from fazhi.remedies.models import Lawsuit, Reconsideration


def access_reconsideration(*, user: Any, pk: int, permission: str = "remedies.view") -> Reconsideration:
    return access_object(
        user,
        Reconsideration.objects.select_related("department", "case", "created_by"),
        permission=permission,
        department_field="department",
        what="行政复议案件",
        pk=pk,
    )


def access_lawsuit(*, user: Any, pk: int, permission: str = "remedies.view") -> Lawsuit:
    return access_object(
        user,
        Lawsuit.objects.select_related("department", "case", "created_by", "reconsideration"),
        permission=permission,
        department_field="department",
        what="行政诉讼案件",
        pk=pk,
    )


def access_case_by_number(*, user: Any, number: str) -> Any:
    """A penalty case picked by its number or decision number, with the cases module's own gate."""
    from django.db.models import Q

    from fazhi.cases.access import access_case
    from fazhi.cases.models import Case

    number = (number or "").strip()
    case_id = (
        Case.objects.filter(Q(number=number) | Q(decision_number=number)).values_list("pk", flat=True).first()
        if number
        else None
    )
    if case_id is None:
        raise NotFound("处罚案件")
    return access_case(user=user, pk=case_id)


def reconsideration_by_number(*, user: Any, number: str) -> Reconsideration:
    number = (number or "").strip()
    pk = Reconsideration.objects.filter(number=number).values_list("pk", flat=True).first()
    if pk is None:
        raise NotFound("行政复议案件")
    return access_reconsideration(user=user, pk=pk)
