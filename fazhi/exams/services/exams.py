"""Exams: create and edit a draft, its paper rules and roster, publish (the seed is drawn and recorded), close
(every open sitting is submitted), and the make-up exam for those who failed or did not sit."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import transaction
from django.db.models import Max

from fazhi.core import clock, revision, validation
from fazhi.core.audit import audit_record, audit_records, snapshot
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError
from fazhi.exams import workflow
from fazhi.exams.choices import CandidateStatus, Difficulty, ExamKind, ExamStatus, QuestionKind, SittingStatus
from fazhi.exams.models import Candidate, Exam, PaperRule, Sitting
from fazhi.exams.selectors import rule_pools
from fazhi.registry import selectors as registry_selectors

MAX_DURATION = 240
MAX_RULE_COUNT = 100
MAX_POINTS = 20
MAX_TOTAL = 1000
EXAM_FIELDS = ["title", "kind", "year", "department", "opens_at", "closes_at", "duration_minutes", "pass_mark"]


def _step(exam: Exam, event: workflow.ExamEvent) -> workflow.ExamState:
    try:
        return workflow.exam_next(exam.status, event)
    except workflow.TransitionRefused as exc:
        label = ExamStatus(exam.status).label
        raise DomainError("exams.exam_state", f"考试当前为“{label}”，不能执行此操作") from exc


def _clean_schedule(
    *, title: Any, kind: Any, year: Any, opens_at: Any, closes_at: Any, duration_minutes: Any, pass_mark: Any
) -> dict[str, Any]:
    clean_title = validation.text(title, field="title", max_chars=100, required=True, what="考试名称")
    if kind not in ExamKind.values:
        raise DomainError("exams.kind", "请选择考试类别", field="kind")
    clean_year = validation.bounded_int(year, field="year", minimum=2000, maximum=legal_today().year + 1)
    if not isinstance(opens_at, dt.datetime) or not isinstance(closes_at, dt.datetime):
        raise DomainError("exams.schedule", "请填写开考和截止时间", field="opens_at")
    if closes_at <= opens_at:
        raise DomainError("exams.schedule", "截止时间应晚于开考时间", field="closes_at")
    duration = validation.bounded_int(duration_minutes, field="duration_minutes", minimum=5, maximum=MAX_DURATION)
    assert duration is not None
    if opens_at + dt.timedelta(minutes=duration) > closes_at:
        raise DomainError("exams.schedule", "开考至截止的时间不足一次完整的答题时长", field="closes_at")
    if opens_at.astimezone(clock.SHANGHAI).year != clean_year:
        raise DomainError("exams.year", "考试年度应与开考时间所在年度一致", field="year")
    return {
        "title": clean_title,
        "kind": kind,
        "year": clean_year,
        "opens_at": opens_at,
        "closes_at": closes_at,
        "duration_minutes": duration,
        "pass_mark": validation.bounded_int(pass_mark, field="pass_mark", minimum=1, maximum=MAX_TOTAL),
    }


def exam_create(
    *,
    title: Any,
    kind: Any,
    year: Any,
    department: Any,
    opens_at: Any,
    closes_at: Any,
    duration_minutes: Any,
    pass_mark: Any,
    actor: Any,
) -> Exam:
    """A draft exam; paper rules and the roster are added before it is published."""
    values = _clean_schedule(
        title=title,
        kind=kind,
        year=year,
        opens_at=opens_at,
        closes_at=closes_at,
        duration_minutes=duration_minutes,
        pass_mark=pass_mark,
    )
    if department is None:
        raise DomainError("exams.department", "请选择组织部门", field="department")
    with transaction.atomic():
        exam = Exam(department=department, created_by=actor if getattr(actor, "pk", None) else None, **values)
        exam.full_clean()
        exam.save(force_insert=True)
        audit_record(action="exams.exam_create", target=exam, actor=actor, changes=snapshot(exam, EXAM_FIELDS))
    return exam


def exam_update(*, exam: Exam, expected_revision: int | None, actor: Any, department: Any, **fields: Any) -> Exam:
    """Edit a draft's title, schedule and pass mark (stale edits are refused)."""
    _step(exam, workflow.ExamEvent.EDIT)
    values = _clean_schedule(**fields)
    with transaction.atomic():
        locked = revision.lock(exam, revision=expected_revision, what="考试")
        _step(locked, workflow.ExamEvent.EDIT)
        before = snapshot(locked, EXAM_FIELDS)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.department = department
        revision.save_bumped(locked, [*values, "department"], original=exam)
        after = snapshot(locked, EXAM_FIELDS)
        audit_record(
            action="exams.exam_update",
            target=locked,
            actor=actor,
            changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
        )
    return exam


def rule_add(*, exam: Exam, topic: Any, kind: Any, difficulty: Any, count: Any, points: Any, actor: Any) -> PaperRule:
    """Add a line to the paper: ``count`` questions of a law and kind (optionally one difficulty)."""
    _step(exam, workflow.ExamEvent.EDIT)
    topic_text = validation.text(topic, field="topic", max_chars=100, required=True, what="法律法规")
    if kind not in QuestionKind.values:
        raise DomainError("exams.rule.kind", "请选择题型", field="kind")
    level = None
    if difficulty not in (None, ""):
        level = validation.bounded_int(difficulty, field="difficulty", minimum=1, maximum=3)
        if level not in Difficulty.values:
            raise DomainError("exams.rule.difficulty", "难度只能是基础、中等或较难", field="difficulty")
    n = validation.bounded_int(count, field="count", minimum=1, maximum=MAX_RULE_COUNT)
    worth = validation.bounded_int(points, field="points", minimum=1, maximum=MAX_POINTS)
    assert n is not None and worth is not None
    with transaction.atomic():
        locked = Exam.objects.select_for_update().get(pk=exam.pk)
        _step(locked, workflow.ExamEvent.EDIT)
        total = _total(locked)
        if total + n * worth > MAX_TOTAL:
            raise DomainError("exams.rule.total", f"试卷满分不能超过 {MAX_TOTAL} 分", field="count")
        position = (locked.rules.aggregate(p=Max("position"))["p"] or 0) + 1
        rule = PaperRule.objects.create(
            exam=locked, position=position, topic=topic_text, kind=kind, difficulty=level, count=n, points=worth
        )
        audit_record(
            action="exams.rule_add",
            target=locked,
            actor=actor,
            changes={"position": position, "topic": topic_text, "kind": kind, "difficulty": level, "count": n,
                     "points": worth},
        )  # fmt: skip
    return rule


def _total(exam: Exam) -> int:
    return sum(r.count * r.points for r in exam.rules.all())


def rule_remove(*, exam: Exam, rule_id: Any, actor: Any) -> None:
    _step(exam, workflow.ExamEvent.EDIT)
    with transaction.atomic():
        locked = Exam.objects.select_for_update().get(pk=exam.pk)
        _step(locked, workflow.ExamEvent.EDIT)
        rule = locked.rules.filter(pk=rule_id).first() if str(rule_id).isdigit() else None
        if rule is None:
            raise DomainError("exams.rule.missing", "组卷规则不存在，请刷新页面")
        facts = {"position": rule.position, "topic": rule.topic, "kind": rule.kind, "count": rule.count}
        rule.delete()
        audit_record(action="exams.rule_remove", target=locked, actor=actor, changes=facts)


def roster_fill(*, exam: Exam, department_ids: list[int] | None, actor: Any) -> int:
    """Put the bureau's staff in post (of the chosen departments, or all) on the roster as 应考; returns how many
    were added (those already on it are left as they are)."""
    _step(exam, workflow.ExamEvent.ROSTER)
    staff = list(registry_selectors.bureau_staff(department_ids=department_ids).values_list("id", "department_id"))
    with transaction.atomic():
        locked = Exam.objects.select_for_update().get(pk=exam.pk)
        _step(locked, workflow.ExamEvent.ROSTER)
        present = set(locked.candidates.values_list("officer_id", flat=True))
        rows = [
            Candidate(exam=locked, officer_id=officer_id, department_id=dept_id, status=CandidateStatus.REQUIRED)
            for officer_id, dept_id in staff
            if officer_id not in present
        ]
        Candidate.objects.bulk_create(rows)
        for row in Candidate.objects.filter(exam=locked).exclude(officer_id__in=present):
            audit_record(
                action="exams.candidate_add",
                target=row,
                actor=actor,
                changes={"exam": locked.pk, "officer": row.officer_id, "department": row.department_id},
            )
    return len(rows)


def candidate_add(*, exam: Exam, officer: Any, actor: Any) -> Candidate:
    """Add one staff member to the roster."""
    _step(exam, workflow.ExamEvent.ROSTER)
    staff = registry_selectors.bureau_staff().filter(pk=getattr(officer, "pk", officer)).first()
    if staff is None:
        raise DomainError("exams.candidate.not_staff", "该人员不在本局在岗人员名单中", field="officer")
    with transaction.atomic():
        locked = Exam.objects.select_for_update().get(pk=exam.pk)
        _step(locked, workflow.ExamEvent.ROSTER)
        if locked.candidates.filter(officer=staff).exists():
            raise DomainError("exams.candidate.duplicate", "该人员已在应考名单中", field="officer")
        row = Candidate.objects.create(
            exam=locked, officer=staff, department=staff.department, status=CandidateStatus.REQUIRED
        )
        audit_record(
            action="exams.candidate_add",
            target=row,
            actor=actor,
            changes={"exam": locked.pk, "officer": staff.pk, "department": staff.department_id},
        )
    return row


def candidate_exempt(*, candidate: Candidate, reason: Any, actor: Any) -> Candidate:
    """免考 (leave, secondment …) with a written reason; not after the candidate has started a sitting."""
    _step(candidate.exam, workflow.ExamEvent.ROSTER)
    text = validation.text(reason, field="reason", max_chars=200, required=True, what="免考理由")
    with transaction.atomic():
        locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
        if Sitting.objects.filter(candidate=locked).exists():
            raise DomainError("exams.candidate.sat", "该人员已开始答题，不能改为免考")
        if locked.status == CandidateStatus.EXEMPT:
            raise DomainError("exams.candidate.exempt", "该人员已是免考")
        locked.status, locked.exempt_reason = CandidateStatus.EXEMPT, text
        locked.save(update_fields=["status", "exempt_reason"])
        audit_record(
            action="exams.candidate_exempt",
            target=locked,
            actor=actor,
            changes={"status": [CandidateStatus.REQUIRED, CandidateStatus.EXEMPT], "reason": text},
        )
    candidate.status, candidate.exempt_reason = locked.status, locked.exempt_reason
    return locked


def exam_publish(*, exam: Exam, expected_revision: int | None, actor: Any) -> Exam:
    """Publish: the paper rules must each be fillable from today's bank, the pass mark within the paper, the
    roster non-empty; the exam's seed is drawn now (``secrets``) and recorded in the exam and the audit trail."""
    _step(exam, workflow.ExamEvent.PUBLISH)
    rules = list(exam.rules.order_by("position"))
    if not rules:
        raise DomainError("exams.publish.no_rules", "请先设置组卷规则")
    total = sum(r.count * r.points for r in rules)
    if exam.pass_mark > total:
        raise DomainError("exams.publish.pass_mark", f"合格分数（{exam.pass_mark}）超过试卷满分（{total}）")
    pools = rule_pools(rules, on=legal_today(), at=clock.now())
    for rule in rules:
        available = len(pools[rule.key])
        if available < rule.count:
            raise DomainError(
                "exams.publish.pool_short",
                f"第 {rule.position} 条规则（{rule.topic}，{QuestionKind(rule.kind).label}）需要 {rule.count} 题，"
                f"题库中现行有效的只有 {available} 题；请补充试题或调整规则",
            )
    if not exam.candidates.filter(status=CandidateStatus.REQUIRED).exists():
        raise DomainError("exams.publish.no_candidates", "应考名单为空，请先生成应考名单")
    if exam.closes_at <= clock.now():
        raise DomainError("exams.publish.closed", "截止时间已过，请修改考试时间后再发布", field="closes_at")
    with transaction.atomic():
        locked = revision.lock(exam, revision=expected_revision, what="考试")
        _step(locked, workflow.ExamEvent.PUBLISH)
        locked.status = ExamStatus.PUBLISHED
        locked.seed = secrets.token_hex(16)
        locked.total_points = total
        locked.published_at = clock.now()
        locked.published_by = actor if getattr(actor, "pk", None) else None
        revision.save_bumped(locked, ["status", "seed", "total_points", "published_at", "published_by"], original=exam)
        audit_record(
            action="exams.exam_publish",
            target=locked,
            actor=actor,
            changes={"seed": locked.seed, "total_points": total, "pass_mark": locked.pass_mark,
                     "rules": [r.key for r in rules]},
        )  # fmt: skip
    return exam


def exam_close(*, exam: Exam, actor: Any) -> int:
    """End the exam: sittings still open are submitted as they stand (交卷方式“考试结束”); returns how many."""
    from fazhi.exams.services.sittings import finalize_locked

    _step(exam, workflow.ExamEvent.CLOSE)
    now = clock.now()
    with transaction.atomic():
        locked = Exam.objects.select_for_update().get(pk=exam.pk)
        _step(locked, workflow.ExamEvent.CLOSE)
        finalized = 0
        for sitting in Sitting.objects.select_for_update().filter(exam=locked, status=SittingStatus.IN_PROGRESS):
            finalize_locked(sitting, how="closed", at=now, actor=actor)
            finalized += 1
        locked.status, locked.closed_at = ExamStatus.CLOSED, now
        revision.save_bumped(locked, ["status", "closed_at"], original=exam)
        audit_record(action="exams.exam_close", target=locked, actor=actor, changes={"finalized": finalized})
    return finalized


def makeup_create(*, original: Exam, title: Any, opens_at: Any, closes_at: Any, actor: Any) -> Exam:
    """补考: a draft with the original's rules, duration and pass mark, whose roster is everyone the original
    required who did not pass (failed, or did not sit). The original must be closed."""
    if original.status != ExamStatus.CLOSED:
        raise DomainError("exams.makeup.not_closed", "原考试结束后才能安排补考")
    if original.makeup_of_id is not None:
        raise DomainError("exams.makeup.of_makeup", "请以原考试为基础安排补考")
    passed = set(
        Sitting.objects.filter(exam__in=[original, *original.makeups.all()], passed=True).values_list(
            "officer_id", flat=True
        )
    )
    owed = list(
        original.candidates.filter(status=CandidateStatus.REQUIRED)
        .exclude(officer_id__in=passed)
        .values_list("officer_id", "department_id")
    )
    if not owed:
        raise DomainError("exams.makeup.nobody", "原考试的应考人员均已合格，无需补考")
    with transaction.atomic():
        makeup = exam_create(
            title=title,
            kind=original.kind,
            year=original.year,
            department=original.department,
            opens_at=opens_at,
            closes_at=closes_at,
            duration_minutes=original.duration_minutes,
            pass_mark=original.pass_mark,
            actor=actor,
        )
        makeup.makeup_of = original
        makeup.save(update_fields=["makeup_of"])
        PaperRule.objects.bulk_create(
            PaperRule(exam=makeup, position=r.position, topic=r.topic, kind=r.kind, difficulty=r.difficulty,
                      count=r.count, points=r.points)
            for r in original.rules.all()
        )  # fmt: skip
        Candidate.objects.bulk_create(
            Candidate(exam=makeup, officer_id=o, department_id=d, status=CandidateStatus.REQUIRED) for o, d in owed
        )
        audit_record(
            action="exams.makeup_create",
            target=makeup,
            actor=actor,
            changes={"makeup_of": original.pk, "candidates": [o for o, _ in owed]},
        )
        # one event per roster line, as roster_fill and candidate_add write them
        audit_records(
            action="exams.candidate_add",
            items=(
                ("exams.candidate", pk, {"exam": makeup.pk, "officer": officer, "department": dept})
                for pk, officer, dept in makeup.candidates.order_by("pk").values_list(
                    "pk", "officer_id", "department_id"
                )
            ),
            actor=actor,
        )
    return makeup
