"""Fetch-and-check gates: the same "not found" for a missing and a forbidden record.

Rounds are bureau-wide (every staff role may read them); a file is visible to the bureau-wide roles, to its
handling department and to its own reviewers (cross review); rectifications and sent-up files to their department.
"""

from __future__ import annotations

from typing import Any

from fazhi.core.access import access_object, is_department_scoped
from fazhi.core.errors import NotFound
from fazhi.core.roles import user_can
from fazhi.file_reviews.models import HigherReview, Rectification, ReviewFile, ReviewRound


def access_round(*, user: Any, pk: int, permission: str = "file_reviews.view") -> ReviewRound:
    return access_object(
        user, ReviewRound.objects.select_related("created_by"), permission=permission, what="评查活动", pk=pk
    )


def access_file(*, user: Any, pk: int, permission: str = "file_reviews.view") -> ReviewFile:
    if not user_can(user, permission):
        raise NotFound("评查案卷")
    qs = ReviewFile.objects.select_related("round", "case", "department", "scored_by")
    try:
        file = qs.get(pk=pk)
    except (ReviewFile.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("评查案卷") from exc
    if is_department_scoped(user) and file.department_id != user.department_id:
        if not file.reviewers.filter(pk=user.pk).exists():
            raise NotFound("评查案卷")
    return file


def access_rectification(*, user: Any, pk: int, permission: str = "file_reviews.view") -> Rectification:
    return access_object(
        user,
        Rectification.objects.select_related("file__case", "file__round", "department"),
        permission=permission,
        department_field="department",
        what="整改",
        pk=pk,
    )


def access_higher(*, user: Any, pk: int, permission: str = "file_reviews.view") -> HigherReview:
    return access_object(
        user,
        HigherReview.objects.select_related("case", "department"),
        permission=permission,
        department_field="department",
        what="上级评查记录",
        pk=pk,
    )


def access_case_number(*, user: Any, number: str) -> Any:
    """A concluded case picked by its number (for the sent-up register), scoped like the cases module."""
    from fazhi.cases.access import access_case
    from fazhi.cases.models import Case

    case_id = Case.objects.filter(number=number.strip()).values_list("pk", flat=True).first()
    if case_id is None:
        raise NotFound("案件")
    return access_case(user=user, pk=case_id)
