"""A round after its draw: start, grade (评定等次), send the feedback (反馈) with the rectifications, close or
cancel.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count, Q

from fazhi.core import validation
from fazhi.core.access import require
from fazhi.core.audit import audit_records
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError
from fazhi.file_reviews import workflow
from fazhi.file_reviews.choices import FileState, RectificationStatus
from fazhi.file_reviews.models import Rectification, ReviewFile, ReviewRound
from fazhi.file_reviews.services.rounds.common import (
    E,
    transition,
)
from fazhi.rulebook import file_review as engine


def round_start(*, review_round: ReviewRound, expected_revision: int | None = None, actor: Any) -> ReviewRound:
    require(actor, "file_reviews.organise")
    unstaffed = list(
        review_round.files.annotate(n=Count("reviewers"))
        .filter(n__lt=review_round.team_size)
        .values_list("case__number", flat=True)[:10]
    )
    if unstaffed:
        raise DomainError("file_reviews.unstaffed", f"以下案卷评查人员不足：{'、'.join(unstaffed[:10])}")
    return transition(review_round, E.START, actor=actor, fields={}, expected_revision=expected_revision)


def round_grade(*, review_round: ReviewRound, on: Any, summary: str = "", expected_revision: int | None = None, actor: Any) -> ReviewRound:  # fmt: skip
    """评定等次: every file scored; the grades are fixed from here on."""
    require(actor, "file_reviews.organise")
    day = validation.step_date(
        on, today=legal_today(), not_before=review_round.started_on, previous="评查开始", what="评定日期"
    )
    summary = validation.text(summary, field="summary", max_chars=validation.LONG_TEXT_MAX)
    unscored = review_round.files.exclude(status=FileState.SCORED).count()
    if unscored:
        raise DomainError("file_reviews.files_unscored", f"还有 {unscored} 卷案卷未评分，不能评定等次")
    return transition(
        review_round,
        E.GRADE,
        actor=actor,
        fields={"graded_on": day, "summary": summary},
        expected_revision=expected_revision,
    )


def _issues(file: ReviewFile, rubric: engine.Rubric) -> str:
    lines = []
    for score in file.scores.filter(Q(deduction__gt=0) | Q(veto_failed=True)).order_by("id"):
        cp = rubric.checkpoint(score.checkpoint_id)
        veto = "（否决项）" if score.veto_failed else ""
        lines.append(f"{rubric.item(cp.item_id).label}：{cp.text}{veto}，扣 {score.deduction} 分。{score.note}".strip())
    return "\n".join(lines)


def round_send_feedback(
    *, review_round: ReviewRound, on: Any, rectification_due_on: Any, expected_revision: int | None = None, actor: Any
) -> ReviewRound:
    """反馈: each file that lost points goes to its handling department with the findings and a due date."""
    require(actor, "file_reviews.organise")
    day = validation.step_date(
        on, today=legal_today(), not_before=review_round.graded_on, previous="评定", what="反馈日期"
    )
    due = validation.parse_date(rectification_due_on, field="rectification_due_on")
    assert due is not None
    if due <= day:
        raise DomainError("date.too_early", "整改期限应晚于反馈日期", field="rectification_due_on")
    rubric = engine.rubric_by_id(review_round.rubric_id)
    files = [
        f
        for f in review_round.files.select_related("case").prefetch_related("scores")
        if (f.total or 0) < rubric.total_points or f.veto_failed
    ]
    if not files:
        raise DomainError("file_reviews.nothing_to_rectify", "所有案卷均为满分，无需整改，可直接完成评查")
    with transaction.atomic():
        transition(
            review_round,
            E.SEND_FEEDBACK,
            actor=actor,
            fields={"feedback_on": day, "rectification_due_on": due},
            facts={"rectifications": len(files)},
            expected_revision=expected_revision,
        )
        rects = [
            Rectification(file=f, department_id=f.department_id, issues=_issues(f, rubric), sent_on=day, due_on=due)
            for f in files
        ]
        Rectification.objects.bulk_create(rects)
        audit_records(
            action="file_reviews.rectification_open",
            items=[("file_reviews.rectification", r.pk, {"case": r.file.case.number, "due_on": due}) for r in rects],
            actor=actor,
        )
    return review_round


def round_close(*, review_round: ReviewRound, on: Any, expected_revision: int | None = None, actor: Any) -> ReviewRound:
    """完成: after feedback, every rectification verified; without feedback, only when no file lost points."""
    require(actor, "file_reviews.organise")
    previous = review_round.feedback_on or review_round.graded_on
    day = validation.step_date(on, today=legal_today(), not_before=previous, previous="上一步骤", what="完成日期")
    open_ = Rectification.objects.filter(file__round=review_round).exclude(status=RectificationStatus.VERIFIED).count()
    if open_:
        raise DomainError("file_reviews.rectifications_open", f"还有 {open_} 项整改未销号，不能完成评查")
    if review_round.status == workflow.RoundState.GRADED:
        rubric = engine.rubric_by_id(review_round.rubric_id)
        lost = review_round.files.filter(Q(total__lt=rubric.total_points)).count()
        if lost:
            raise DomainError("file_reviews.feedback_required", f"有 {lost} 卷案卷被扣分，请先反馈评查意见、部署整改")
    return transition(
        review_round, E.CLOSE, actor=actor, fields={"closed_on": day}, expected_revision=expected_revision
    )


def round_cancel(*, review_round: ReviewRound, reason: str, expected_revision: int | None = None, actor: Any) -> ReviewRound:  # fmt: skip
    require(actor, "file_reviews.organise")
    reason = validation.text(reason, field="reason", max_chars=300, required=True, what="撤销理由")
    return transition(
        review_round, E.CANCEL, actor=actor, fields={}, facts={"reason": reason}, expected_revision=expected_revision
    )
