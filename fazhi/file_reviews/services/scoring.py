"""The score sheet of one file (评分) and the choice of 示范优案 / 典型差案."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction

from fazhi.core import revision, validation
from fazhi.core.access import require
from fazhi.core.audit import audit_record
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError, from_rulebook
from fazhi.file_reviews import workflow
from fazhi.file_reviews.choices import Distinction, FileState
from fazhi.file_reviews.models import ItemScore, ReviewFile
from fazhi.file_reviews.selectors import case_live_review
from fazhi.rulebook import file_review as engine
from fazhi.rulebook.errors import RulebookError


def deduction_field(checkpoint_id: str) -> str:
    return f"deduction_{checkpoint_id}"


def note_field(checkpoint_id: str) -> str:
    return f"note_{checkpoint_id}"


def veto_field(checkpoint_id: str) -> str:
    return f"veto_{checkpoint_id}"


def file_score(
    *,
    file: ReviewFile,
    deductions: Mapping[str, Any],
    notes: Mapping[str, str],
    vetoes: Sequence[str] = (),
    opinion: str,
    on: Any,
    expected_revision: int | None = None,
    actor: Any,
) -> ReviewFile:
    """评分: one reviewer of the file records the deduction on every checkpoint (with the reason where points are
    lost or a veto item is not met) and the opinion; points and grade follow from the rubric. The machine checks
    at that date are stored with the sheet (they propose; the reviewer decides). A file may be re-scored until the
    round is graded."""
    require(actor, "file_reviews.score")
    review_round = file.round
    if not file.reviewers.filter(pk=actor.pk).exists():
        raise DomainError("file_reviews.not_your_file", "只有分配给本卷的评查人员才能评分")
    day = validation.step_date(
        on,
        today=legal_today(),
        not_before=review_round.selected_on or review_round.started_on,
        previous="抽取",
        what="评分日期",
    )
    opinion = validation.text(
        opinion, field="opinion", max_chars=validation.LONG_TEXT_MAX, required=True, what="评查意见"
    )
    rubric = engine.rubric_by_id(review_round.rubric_id)
    clean: dict[str, int] = {}
    for cp in rubric.checkpoints:
        value = validation.bounded_int(
            deductions.get(cp.id, 0), field=deduction_field(cp.id), minimum=0, maximum=cp.deduction, required=False
        )
        clean[cp.id] = value or 0
    unknown = sorted(set(deductions) - {cp.id for cp in rubric.checkpoints})
    if unknown:
        raise DomainError("file_reviews.unknown_checkpoint", f"评查标准中没有要点：{'、'.join(unknown)}")
    veto_ids = list(dict.fromkeys(vetoes))
    clean_notes: dict[str, str] = {}
    for cp in rubric.checkpoints:
        note = validation.text(notes.get(cp.id, ""), field=note_field(cp.id), max_chars=2000)
        if (clean[cp.id] or cp.id in veto_ids) and not note:
            raise DomainError(
                "file_reviews.note_required", f"“{cp.text}”扣分或不符合的，请写明理由", field=note_field(cp.id)
            )
        clean_notes[cp.id] = note
    try:
        sheet = engine.score_sheet(rubric, {k: v for k, v in clean.items() if v}, veto_ids)
    except RulebookError as exc:
        raise from_rulebook(exc, field=veto_field(str(exc.params.get("checkpoint", "")))) from exc
    machine = case_live_review(file.case, today=day)
    machine_status = {r.checkpoint_id: r.status for r in machine.rows}
    with transaction.atomic():
        locked = revision.lock(file, revision=expected_revision, what="评查案卷")
        if workflow.RoundState(locked.round.status) not in workflow.SCORING_STATES:
            raise DomainError(
                "file_reviews.not_reviewing", f"评查活动处于“{locked.round.get_status_display()}”状态，不能评分"
            )
        before = {"total": locked.total, "grade": locked.grade}
        ItemScore.objects.filter(file=locked).delete()
        ItemScore.objects.bulk_create(
            [
                ItemScore(
                    file=locked,
                    checkpoint_id=cp.id,
                    item_id=cp.item_id,
                    deduction=clean[cp.id],
                    veto_failed=cp.id in veto_ids,
                    note=clean_notes[cp.id],
                    machine_status=machine_status.get(cp.id, ""),
                )
                for cp in rubric.checkpoints
            ]
        )
        locked.status, locked.scored_by, locked.scored_on = FileState.SCORED, actor, day
        locked.total, locked.grade, locked.veto_failed = sheet.total, sheet.grade.id, list(sheet.veto_failed)
        locked.opinion, locked.machine_snapshot = opinion, machine.review.as_dict()
        revision.save_bumped(
            locked,
            ["status", "scored_by", "scored_on", "total", "grade", "veto_failed", "opinion", "machine_snapshot"],
            original=file,
        )
        audit_record(
            action="file_reviews.file_score",
            target=file,
            actor=actor,
            changes={
                "total": [before["total"], sheet.total],
                "grade": [before["grade"], sheet.grade.id],
                "deductions": {k: v for k, v in clean.items() if v},
                "vetoes": veto_ids,
                "rubric": rubric.id,
            },
        )
    return file


def file_distinguish(
    *, file: ReviewFile, distinction: str, reason: str, expected_revision: int | None = None, actor: Any
) -> ReviewFile:
    """评选示范优案 / 典型差案 (or clear the choice): only among the grades the rubric allows, with the reason."""
    require(actor, "file_reviews.organise")
    if distinction not in Distinction.values:
        raise DomainError("file_reviews.bad_distinction", "请选择示范优案、典型差案或取消评选", field="distinction")
    rubric = engine.rubric_by_id(file.round.rubric_id)
    if distinction:
        reason = validation.text(reason, field="reason", max_chars=2000, required=True, what="评选理由")
        if not rubric.distinction_allowed(distinction, file.grade):
            label = Distinction(distinction).label
            grades = "、".join(rubric.grade_label(g) for g in sorted(rubric.distinctions[distinction][1]))
            raise DomainError(
                "file_reviews.distinction_not_allowed", f"{label}只能从等次为{grades}的案卷中评选", field="distinction"
            )
    else:
        reason = ""
    with transaction.atomic():
        locked = revision.lock(file, revision=expected_revision, what="评查案卷")
        if workflow.RoundState(locked.round.status) not in workflow.DISTINCTION_STATES:
            raise DomainError("file_reviews.not_graded", "评定等次后、完成评查前才能评选示范优案和典型差案")
        before = locked.distinction
        locked.distinction, locked.distinction_reason = distinction, reason
        revision.save_bumped(locked, ["distinction", "distinction_reason"], original=file)
        audit_record(
            action="file_reviews.file_distinguish",
            target=file,
            actor=actor,
            changes={"distinction": [before, distinction], "reason": reason},
        )
    return file
