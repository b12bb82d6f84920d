"""Exams gates: fetch and check in one step, the same "not found" for a missing and a forbidden record.

- an exam: any staff member on its roster (published or closed), every organiser and result reader;
- a sitting, to answer: only the sitter (the account linked to the staff record it belongs to);
- a result: the sitter, or a result reader (section chiefs: their own department's sittings only);
- a question: organisers only (the answers are in it).
"""

from __future__ import annotations

from typing import Any

from fazhi.core.access import access_object, is_department_scoped
from fazhi.core.errors import NotFound
from fazhi.core.roles import user_can
from fazhi.exams.models import Candidate, Exam, Question, Sitting
from fazhi.exams.selectors import exams_visible


def access_exam(*, user: Any, pk: Any, permission: str = "exams.view") -> Exam:
    exam = access_object(user, exams_visible(user), permission="exams.view", what="考试", pk=pk)
    if permission != "exams.view" and not user_can(user, permission):
        raise NotFound("考试")
    return exam


def access_own_sitting(*, user: Any, pk: Any) -> Sitting:
    officer_id = getattr(user, "officer_id", None)
    if not officer_id:
        raise NotFound("答卷")
    return access_object(
        user,
        Sitting.objects.select_related("exam").filter(officer_id=officer_id),
        permission="exams.sit",
        what="答卷",
        pk=pk,
    )


def access_result(*, user: Any, pk: Any) -> Sitting:
    sitting = access_object(
        user, Sitting.objects.select_related("exam", "officer", "department"), permission="exams.view", what="成绩",
        pk=pk,
    )  # fmt: skip
    if sitting.officer_id == getattr(user, "officer_id", None) and getattr(user, "officer_id", None):
        return sitting
    if not user_can(user, "exams.results.view"):
        raise NotFound("成绩")
    if is_department_scoped(user) and sitting.department_id != getattr(user, "department_id", None):
        raise NotFound("成绩")
    return sitting


def access_candidate(*, user: Any, exam: Exam, pk: Any) -> Candidate:
    return access_object(
        user, Candidate.objects.filter(exam=exam).select_related("exam", "officer"), permission="exams.manage",
        what="应考人员", pk=pk,
    )  # fmt: skip


def access_question(*, user: Any, pk: Any) -> Question:
    return access_object(user, Question.objects.select_related("law"), permission="exams.manage", what="试题", pk=pk)
