"""Two steps that put a second pair of eyes on the record of a sampled batch.

- 逾期复检申请的法制审核: a re-test request after the window is refused at the counter (``retest_request``); when
  the party gives a reason, the officer submits it (``late_retest_submit``) and a 法制审核人员 decides
  (``late_retest_decide``): accepted → the request is registered, marked as late and as accepted on review;
  refused → the refusal and its opinion stay on the batch's file.
- 检验结论更正: a wrongly keyed lab result is corrected (``result_correct``) with a reason, the values before and
  after kept in a ``ResultCorrection`` row and in the audit trail — never a silent overwrite, and only before the
  conclusion is served on the party (after that a conclusion changes only by re-test).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from fazhi.core import revision
from fazhi.core.audit import audit_record, jsonable
from fazhi.core.clock import legal_today
from fazhi.sampling.choices import LateDecision, Result, SampleStatus
from fazhi.sampling.models import LateRetestReview, ResultCorrection, Sample
from fazhi.sampling.services.common import check_write, refuse, short_text, step_on
from fazhi.sampling.services.samples import clean_failed_items, save_step, step_event
from fazhi.sampling.services.unqualified import late_retest_refusal, register_retest

RESULT_FIELDS = ("result", "report_number", "report_on", "failed_items")


def late_retest_submit(
    *,
    sample: Sample,
    requested_on: Any,
    reason: str,
    retest_lab: str = "",
    expected_revision: int | None = None,
    actor: Any,
) -> LateRetestReview:
    """Submit a re-test request made after the window, with the party's reason, to 法制审核."""
    check_write(actor, "sampling.record", sample.department, "抽检样品")
    on = step_on(
        requested_on, field="requested_on", what="复检申请日期", not_before=sample.notice_served_on, previous="送达"
    )
    text = short_text(reason, field="reason", what="逾期理由", max_chars=2000, required=True)
    lab = short_text(retest_lab, field="retest_lab", what="复检机构", max_chars=200)
    with transaction.atomic():
        locked = revision.lock(sample, revision=expected_revision, what="抽检样品")
        step_event(locked, "request_retest")
        if late_retest_refusal(locked, on) is None or locked.retest_due_on is None:
            raise refuse(
                "sampling.retest_not_late", "该申请在复检申请期限内，请直接登记复检申请，无须法制审核", "requested_on"
            )
        if LateRetestReview.objects.filter(sample=locked, decision="").exists():
            raise refuse("sampling.review_pending", "该样品已有逾期复检申请在法制审核中，请等待审核结论")
        review = LateRetestReview.objects.create(
            sample=locked,
            requested_on=on,
            retest_lab=lab,
            due_on=locked.retest_due_on,
            reason=text,
            submitted_on=legal_today(),
            submitted_by=actor,
        )
        revision.save_bumped(locked, [], original=sample)
        audit_record(
            action="sampling.late_retest_submit",
            target=locked,
            actor=actor,
            changes={"review": review.pk, "requested_on": on, "due_on": locked.retest_due_on, "reason": text},
        )
    return review


def late_retest_decide(
    *, review: LateRetestReview, decision: str, opinion: str, decided_on: Any, actor: Any
) -> LateRetestReview:
    """法制审核 of a late re-test request: accept (the request is registered as late) or refuse, with an opinion."""
    sample = review.sample
    check_write(actor, "sampling.legal_review", sample.department, "抽检样品")
    if decision not in LateDecision.values:
        raise refuse("sampling.bad_decision", "请选择审核结论（同意受理或不予受理）", "decision")
    text = short_text(opinion, field="opinion", what="法制审核意见", max_chars=2000, required=True)
    day = step_on(decided_on, field="decided_on", what="审核日期", not_before=review.submitted_on, previous="提交审核")
    with transaction.atomic():
        locked_review = LateRetestReview.objects.select_for_update().get(pk=review.pk)
        if locked_review.decision:
            raise refuse("sampling.review_decided", "该逾期复检申请已有审核结论")
        locked = revision.lock(sample, what="抽检样品")
        locked_review.decision, locked_review.opinion = decision, text
        locked_review.decided_on, locked_review.decided_by = day, actor
        locked_review.save(update_fields=["decision", "opinion", "decided_on", "decided_by"])
        audit_record(
            action="sampling.late_retest_decide",
            target=locked_review,
            actor=actor,
            changes={"sample": locked.number, "decision": decision, "opinion": text, "on": day},
        )
        if decision == LateDecision.ACCEPTED:
            register_retest(
                locked,
                sample,
                on=locked_review.requested_on,
                lab=locked_review.retest_lab,
                in_window=False,
                actor=actor,
                facts={"late_review": locked_review.pk, "accepted_on_review": True},
            )
    review.decision, review.opinion, review.decided_on, review.decided_by = decision, text, day, actor
    return review


def result_correct(
    *,
    sample: Sample,
    result: str,
    report_number: str,
    report_on: Any,
    failed_items: Any = (),
    reason: str,
    expected_revision: int | None = None,
    actor: Any,
) -> ResultCorrection:
    """Correct a recorded lab result (typing error, wrong report) with a reason, before the notice is served."""
    check_write(actor, "sampling.record", sample.department, "抽检样品")
    if sample.status not in (SampleStatus.QUALIFIED, SampleStatus.UNQUALIFIED):
        raise refuse(
            "sampling.correction_not_allowed",
            "只有已登记检验结论、尚未送达当事人的样品可以更正结论；送达后检验结论只能经复检改变",
        )
    if result not in Result.values:
        raise refuse("sampling.bad_result", "检验结论只能是合格或不合格", "result")
    report_number = short_text(report_number, field="report_number", what="检验报告编号", max_chars=60, required=True)
    on = step_on(report_on, field="report_on", what="检验报告日期", not_before=sample.sampled_on, previous="抽样")
    items = clean_failed_items(list(failed_items or []))
    if result == Result.UNQUALIFIED and not items:
        raise refuse("sampling.failed_items_required", "检验结论为不合格的，请填写不合格项目", "failed_items")
    if result == Result.QUALIFIED and items:
        raise refuse("sampling.failed_items_on_qualified", "检验结论为合格的，不应填写不合格项目", "failed_items")
    why = short_text(reason, field="reason", what="更正理由", max_chars=500, required=True)
    event = "correct_qualified" if result == Result.QUALIFIED else "correct_unqualified"
    with transaction.atomic():
        locked = revision.lock(sample, revision=expected_revision, what="抽检样品")
        step_event(locked, event)
        before = {name: getattr(locked, name) for name in RESULT_FIELDS}
        after = {"result": result, "report_number": report_number, "report_on": on, "failed_items": items}
        if jsonable(before) == jsonable(after):
            raise refuse("sampling.correction_unchanged", "更正后的内容与原记录相同，无须更正")
        correction = ResultCorrection.objects.create(
            sample=locked,
            before=jsonable(before),
            after=jsonable(after),
            reason=why,
            corrected_on=legal_today(),
            corrected_by=actor,
        )
        fields: dict[str, Any] = {**after, "closed_on": on if result == Result.QUALIFIED else None}
        save_step(locked, sample, event, fields, actor, {"reason": why, "correction": correction.pk, "before": before})
    return correction
