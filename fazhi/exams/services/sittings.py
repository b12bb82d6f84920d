"""Sittings: start (the paper is drawn from the recorded seed), save an answer, submit; time-outs.

The server's clock decides: a sitting's deadline is fixed at the start (the duration, or the exam's closing time if
sooner). An answer or a submission that arrives after the deadline plus ``LATE_GRACE`` (requests still on the
wire when the browser's countdown hit zero) is not taken: the sitting is submitted as it stood, by time-out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from fazhi.core import clock, revision
from fazhi.core.audit import audit_record
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError
from fazhi.exams import assembly, workflow
from fazhi.exams.choices import CandidateStatus, ExamStatus, SittingStatus, SubmittedHow
from fazhi.exams.models import Answer, Candidate, Exam, Sitting
from fazhi.exams.selectors import paper_rules, rule_pools

LATE_GRACE = dt.timedelta(seconds=10)


def _officer_id(actor: Any) -> int:
    officer_id = getattr(actor, "officer_id", None)
    if not officer_id:
        raise DomainError("exams.no_staff_record", "您的账号未关联人员档案，不能参加考试；请联系系统管理员关联")
    return officer_id


def sitting_start(*, exam: Exam, actor: Any) -> Sitting:
    """Start (or resume) the actor's sitting: the exam must be open now and the actor on its roster as 应考.

    The paper is drawn once, from ``sitter_seed(exam.seed, officer)`` and the questions in the bank now whose law
    version is in force today; seed, pool digest and question ids go into the audit trail.
    """
    officer_id = _officer_id(actor)
    now = clock.now()
    existing = Sitting.objects.filter(exam=exam, officer_id=officer_id).first()
    if existing is not None:
        return existing
    if exam.status != ExamStatus.PUBLISHED:
        raise DomainError("exams.not_open", "该考试尚未发布或已经结束")
    if now < exam.opens_at:
        raise DomainError(
            "exams.not_yet", f"考试尚未开始（开考时间 {exam.opens_at.astimezone(clock.SHANGHAI):%Y-%m-%d %H:%M}）"
        )
    if now >= exam.closes_at:
        raise DomainError("exams.closed", "考试已截止")
    candidate = Candidate.objects.filter(exam=exam, officer_id=officer_id).first()
    if candidate is None:
        raise DomainError("exams.not_candidate", "您不在本次考试的应考名单中")
    if candidate.status != CandidateStatus.REQUIRED:
        raise DomainError("exams.exempt", f"您已被登记为免考（{candidate.exempt_reason}）")
    today = legal_today()
    rules = paper_rules(exam)
    pools = rule_pools(rules, on=today, at=now)
    seed = assembly.sitter_seed(exam.seed, officer_id)
    try:
        slots = assembly.assemble(seed, [r.as_rule() for r in rules], pools)
    except assembly.ShortPool as exc:
        raise DomainError(
            "exams.pool_short", "题库中现行有效的试题不足以组卷，请联系考试组织部门", rule=exc.rule.key
        ) from exc
    max_score = sum(s.points for s in slots)
    deadline = min(now + dt.timedelta(minutes=exam.duration_minutes), exam.closes_at)
    with transaction.atomic():
        locked = Exam.objects.select_for_update().get(pk=exam.pk)
        try:
            workflow.exam_next(locked.status, workflow.ExamEvent.SIT)
        except workflow.TransitionRefused as exc:
            raise DomainError("exams.not_open", "该考试已经结束") from exc
        again = Sitting.objects.filter(candidate=candidate).first()
        if again is not None:  # a second tab started it meanwhile
            return again
        sitting = Sitting.objects.create(
            exam=locked,
            candidate=candidate,
            officer_id=officer_id,
            department_id=candidate.department_id,
            user=actor,
            seed=seed,
            pool_digest=assembly.pool_digest(pools),
            paper_date=today,
            started_at=now,
            deadline_at=deadline,
            max_score=max_score,
        )
        Answer.objects.bulk_create(
            Answer(sitting=sitting, position=s.position, question_id=s.question_id, points=s.points) for s in slots
        )
        audit_record(
            action="exams.sitting_start",
            target=sitting,
            actor=actor,
            changes={"exam": exam.pk, "seed": seed, "pool_digest": sitting.pool_digest, "paper_date": today,
                     "questions": [s.question_id for s in slots], "deadline_at": deadline},
        )  # fmt: skip
    return sitting


def _is_sitter(sitting: Sitting, actor: Any) -> None:
    if getattr(actor, "officer_id", None) != sitting.officer_id:
        raise DomainError("access.not_found", "答卷不存在或您无权查看")


def _expired(sitting: Sitting, now: dt.datetime) -> bool:
    return now > sitting.deadline_at + LATE_GRACE


def answer_save(*, sitting: Sitting, position: Any, response: Any, actor: Any) -> Answer:
    """Save one answer as the sitter goes. After the deadline the sitting is submitted by time-out instead and the
    call is refused with ``exams.time_up``."""
    _is_sitter(sitting, actor)
    now = clock.now()
    timed_out = False
    answer: Answer | None = None
    with transaction.atomic():
        locked = Sitting.objects.select_for_update().get(pk=sitting.pk)
        if locked.status != SittingStatus.IN_PROGRESS:
            raise DomainError("exams.submitted", "答卷已提交，不能再修改")
        if _expired(locked, now):
            finalize_locked(locked, how=SubmittedHow.TIMEOUT, at=now, actor=actor)
            timed_out = True
        else:
            answer = (
                Answer.objects.select_related("question").filter(sitting=locked, position=position).first()
                if str(position).isdigit()
                else None
            )
            if answer is None:
                raise DomainError("exams.answer.position", "题目不存在，请刷新页面", field="response")
            try:
                clean = assembly.normalise_response(answer.question.kind, response or "", len(answer.question.options))
            except ValueError as exc:
                raise DomainError("exams.answer.invalid", "答案不符合题型要求，请重新选择", field="response") from exc
            before = answer.response
            Answer.objects.filter(pk=answer.pk).update(response=clean, saved_at=now)
            answer.response, answer.saved_at = clean, now
            audit_record(
                action="exams.answer_save",
                target=locked,
                actor=actor,
                changes={"position": answer.position, "response": [before, clean]},
            )
    if timed_out or answer is None:
        raise DomainError("exams.time_up", "答题时间已到，系统已按已保存的答案自动交卷")
    return answer


def finalize_locked(sitting: Sitting, *, how: str, at: dt.datetime, actor: Any) -> Sitting:
    """Score and submit a sitting already locked by the caller's transaction (one of the three ways to submit)."""
    workflow.sitting_next(
        sitting.status,
        {SubmittedHow.SITTER: workflow.SittingEvent.SUBMIT, SubmittedHow.TIMEOUT: workflow.SittingEvent.TIME_OUT,
         SubmittedHow.CLOSED: workflow.SittingEvent.EXAM_CLOSED}[SubmittedHow(how)],
    )  # fmt: skip
    rows = list(
        Answer.objects.filter(sitting=sitting)
        .order_by("position")
        .values_list("pk", "position", "question_id", "response", "points", "question__answer")
    )
    total, marks = assembly.score([(r[3], r[5], r[4]) for r in rows])
    right = [r[0] for r, ok in zip(rows, marks, strict=True) if ok]
    Answer.objects.filter(sitting=sitting).update(correct=False)
    if right:
        Answer.objects.filter(pk__in=right).update(correct=True)
    digest = assembly.result_digest(
        sitting_id=sitting.pk, seed=sitting.seed, responses=[(r[1], r[2], r[3]) for r in rows], total=total
    )
    pass_mark = Exam.objects.filter(pk=sitting.exam_id).values_list("pass_mark", flat=True).get()
    sitting.status = SittingStatus.SUBMITTED
    sitting.submitted_at = at
    sitting.submitted_how = how
    sitting.score = total
    sitting.passed = total >= pass_mark
    sitting.result_digest = digest
    revision.save_bumped(sitting, ["status", "submitted_at", "submitted_how", "score", "passed", "result_digest"])
    audit_record(
        action="exams.sitting_submit",
        target=sitting,
        actor=actor,
        changes={"how": how, "score": total, "max_score": sitting.max_score, "passed": sitting.passed,
                 "pass_mark": pass_mark, "result_digest": digest, "answered": sum(1 for r in rows if r[3])},
    )  # fmt: skip
    return sitting


def sitting_submit(*, sitting: Sitting, actor: Any, responses: dict[int, Any] | None = None) -> Sitting:
    """The sitter hands in the paper, with the answers on the page (``responses``: position → letters) saved first.

    After the deadline (plus ``LATE_GRACE``) the page's answers are not taken: the sitting is submitted by
    time-out with the answers saved in time.
    """
    _is_sitter(sitting, actor)
    now = clock.now()
    with transaction.atomic():
        locked = Sitting.objects.select_for_update().get(pk=sitting.pk)
        if locked.status != SittingStatus.IN_PROGRESS:
            raise DomainError("exams.submitted", "答卷已提交")
        if _expired(locked, now):
            finalize_locked(locked, how=SubmittedHow.TIMEOUT, at=now, actor=actor)
            return locked
        if responses:
            _save_many(locked, responses, now=now, actor=actor)
        finalize_locked(locked, how=SubmittedHow.SITTER, at=now, actor=actor)
    return locked


def _save_many(sitting: Sitting, responses: dict[int, Any], *, now: dt.datetime, actor: Any) -> None:
    answers = {a.position: a for a in Answer.objects.filter(sitting=sitting).select_related("question")}
    changed: dict[int, list[str]] = {}
    dirty: list[Answer] = []
    for position, raw in responses.items():
        answer = answers.get(position)
        if answer is None:
            raise DomainError("exams.answer.position", "题目不存在，请刷新页面", field="response")
        try:
            clean = assembly.normalise_response(answer.question.kind, raw or "", len(answer.question.options))
        except ValueError as exc:
            raise DomainError(
                "exams.answer.invalid", f"第 {position} 题的答案不符合题型要求，请重新选择", field="response"
            ) from exc
        if clean != answer.response:
            changed[position] = [answer.response, clean]
            answer.response, answer.saved_at = clean, now
            dirty.append(answer)
    if dirty:
        Answer.objects.bulk_update(dirty, ["response", "saved_at"])
        audit_record(action="exams.answer_save", target=sitting, actor=actor, changes={"responses": changed})


def sittings_finalize_expired(*, actor: Any = None, now: dt.datetime | None = None) -> int:
    """Submit every sitting whose time ran out without the sitter coming back (``fazhi exams finalize``, a timer)."""
    now = now or clock.now()
    done = 0
    for pk in Sitting.objects.filter(status=SittingStatus.IN_PROGRESS, deadline_at__lt=now - LATE_GRACE).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            locked = Sitting.objects.select_for_update().get(pk=pk)
            if locked.status != SittingStatus.IN_PROGRESS:
                continue
            finalize_locked(locked, how=SubmittedHow.TIMEOUT, at=now, actor=actor)
            done += 1
    return done
