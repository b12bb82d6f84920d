"""The handling of an unqualified batch.

The conclusion is served on the sampled entity (and the producer is told), which opens the party's re-test window
(a tracked deadline from the rulebook, rule per product area: ``RETEST_RULES``, each value checked against the text
of its law); a request after the window is not registered (``sampling.retest_late``: the right to a re-test lasts
for the window) unless 法制审核 accepts it (``services.reviews``); risk-control measures are ordered and their
completion recorded; the violation goes to the cases module as a clue (``fazhi.cases.services.clue_register``, a
plain call whose failure stops the step); the batch is closed when every measure is done and the re-test window is
over.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from fazhi.cases import services as case_services
from fazhi.core import revision
from fazhi.core.audit import audit_record
from fazhi.core.errors import DomainError, from_rulebook
from fazhi.deadlines import services as deadline_services
from fazhi.deadlines.models import DeadlineStatus, TrackedDeadline
from fazhi.deadlines.selectors import rule_gate
from fazhi.rulebook.confirmation import Purpose, deadline_value
from fazhi.rulebook.errors import RulebookError
from fazhi.sampling import workflow
from fazhi.sampling.choices import DisposalMeasure, ProductArea, Result, RetestOutcome
from fazhi.sampling.models import Disposal, Sample
from fazhi.sampling.services.common import check_write, refuse, short_text, step_on
from fazhi.sampling.services.samples import save_step, step_event

# Which rule of fazhi/rulebook/tables/deadlines/sampling_retest.yaml gives the re-test window, by product area.
RETEST_RULES = {
    ProductArea.FOOD: "sampling.food_retest_request",
    ProductArea.DRUG: "sampling.drug_retest_request",
    ProductArea.COSMETIC: "sampling.cosmetic_retest_request",
    ProductArea.DEVICE: "sampling.device_retest_request",
    ProductArea.PRODUCT: "sampling.product_retest_request",
}


def notice_serve(
    *,
    sample: Sample,
    served_on: Any,
    producer_notified_on: Any = None,
    expected_revision: int | None = None,
    actor: Any,
) -> Sample:
    """Serve the unqualified conclusion (检验结论通知书) on the sampled entity, tell the producer, and open the
    re-test window counted from service."""
    check_write(actor, "sampling.record", sample.department, "抽检样品")
    on = step_on(served_on, field="served_on", what="送达日期", not_before=sample.report_on, previous="检验报告")
    producer_on = None
    if producer_notified_on not in (None, ""):
        producer_on = step_on(
            producer_notified_on,
            field="producer_notified_on",
            what="通知生产者日期",
            not_before=sample.report_on,
            previous="检验报告",
        )
    rule_id = RETEST_RULES[ProductArea(sample.area)]
    with transaction.atomic():
        locked = revision.lock(sample, revision=expected_revision, what="抽检样品")
        step_event(locked, "serve_notice")
        deadline = deadline_services.deadline_open(
            owner=sample, rule_id=rule_id, start=on, label="复检申请期限", actor=actor
        )
        fields = {
            "notice_served_on": on,
            "producer_notified_on": producer_on,
            "retest_rule": rule_id,
            "retest_due_on": deadline.due_on,
        }
        return save_step(
            locked,
            sample,
            "serve_notice",
            fields,
            actor,
            {"citation": deadline.citation, "rule_status": deadline.rule_status},
        )


def retest_deadline(sample: Sample) -> TrackedDeadline | None:
    return (
        TrackedDeadline.objects.filter(
            owner_type="sampling.sample", owner_id=str(sample.pk), rule_id=sample.retest_rule
        )
        .order_by("-id")
        .first()
    )


def late_retest_refusal(sample: Sample, on: dt.date) -> DomainError | None:
    """The refusal of a re-test request made on ``on``, or None when it is within the window.

    The window's value must decide alone (issue 13 §3, ``fazhi.deadlines.selectors.rule_gate``): a TEXT value
    does; an UNCONFIRMED one the bureau has not confirmed does not, and the refusal then says so — either way a
    late request reaches the party's file only through 法制审核 (``late_retest_submit``)."""
    due = sample.retest_due_on
    if due is None or on <= due:
        return None
    try:
        value = deadline_value(sample.retest_rule, sample.notice_served_on)
    except RulebookError as exc:
        raise from_rulebook(exc) from exc
    gate = rule_gate(value, purpose=Purpose.REFUSE_REQUEST)
    doubt = "" if gate.decides_alone else f"（{gate.message}）"
    return refuse(
        "sampling.retest_late",
        f"复检申请日期晚于复检申请期限（{due:%Y-%m-%d}，{value.citation}），不予登记；"
        f"当事人说明逾期正当理由的，请提交法制审核{doubt}",
        "requested_on",
    )


def retest_request(
    *,
    sample: Sample,
    requested_on: Any,
    retest_lab: str = "",
    expected_revision: int | None = None,
    actor: Any,
) -> Sample:
    """Record the party's re-test request (复检申请) made within the window.

    A request after the window is refused (``sampling.retest_late``): the law gives the right "自收到检验结论之日起
    …内" (rulebook table ``deadlines/sampling_retest.yaml``); a late request with a reason goes to 法制审核
    (``late_retest_submit`` / ``late_retest_decide``), which alone may accept it.
    """
    check_write(actor, "sampling.record", sample.department, "抽检样品")
    on = step_on(
        requested_on, field="requested_on", what="复检申请日期", not_before=sample.notice_served_on, previous="送达"
    )
    lab = short_text(retest_lab, field="retest_lab", what="复检机构", max_chars=200)
    with transaction.atomic():
        locked = revision.lock(sample, revision=expected_revision, what="抽检样品")
        step_event(locked, "request_retest")
        refusal = late_retest_refusal(locked, on)
        if refusal is not None:
            raise refusal
        return register_retest(locked, sample, on=on, lab=lab, in_window=True, actor=actor)


def register_retest(
    locked: Sample, original: Sample, *, on: dt.date, lab: str, in_window: bool, actor: Any, facts: Any = None
) -> Sample:
    """The request_retest step itself (inside the caller's transaction, on the locked sample)."""
    deadline = retest_deadline(locked)
    if deadline is not None and deadline.status == DeadlineStatus.OPEN:
        deadline_services.deadline_meet(deadline=deadline, on=on)
    fields = {"retest_requested_on": on, "retest_in_window": in_window, "retest_lab": lab}
    return save_step(locked, original, "request_retest", fields, actor, facts)


def retest_conclude(
    *, sample: Sample, outcome: str, concluded_on: Any, expected_revision: int | None = None, actor: Any
) -> Sample:
    """Record the re-test conclusion: upheld → handling goes on; reversed → the batch is closed as qualified."""
    check_write(actor, "sampling.record", sample.department, "抽检样品")
    if outcome not in RetestOutcome.values:
        raise refuse("sampling.bad_retest_outcome", "复检结论只能是维持不合格或合格", "outcome")
    on = step_on(
        concluded_on,
        field="concluded_on",
        what="复检结论日期",
        not_before=sample.retest_requested_on,
        previous="复检申请",
    )
    event = "retest_upheld" if outcome == RetestOutcome.UPHELD else "retest_reversed"
    with transaction.atomic():
        locked = revision.lock(sample, revision=expected_revision, what="抽检样品")
        fields: dict[str, Any] = {"retest_outcome": outcome, "retest_concluded_on": on}
        if outcome == RetestOutcome.REVERSED:
            fields["closed_on"] = on
        return save_step(locked, sample, event, fields, actor)


def disposal_order(
    *,
    sample: Sample,
    measure: str,
    ordered_on: Any,
    quantity: str = "",
    note: str = "",
    actor: Any,
) -> Disposal:
    """Order a risk-control measure (下架, 召回, 停止销售 …) after the unqualified conclusion was served."""
    check_write(actor, "sampling.record", sample.department, "抽检样品")
    if measure not in DisposalMeasure.values:
        raise refuse("sampling.bad_measure", "请选择处置措施（下架、召回、停止销售等）", "measure")
    on = step_on(ordered_on, field="ordered_on", what="责令日期", not_before=sample.notice_served_on, previous="送达")
    with transaction.atomic():
        locked = revision.lock(sample, what="抽检样品")
        if locked.disposals.filter(measure=measure).exists():
            raise refuse("sampling.measure_exists", "该处置措施已登记，请登记其完成情况", "measure")
        disposal = Disposal.objects.create(
            sample=locked,
            measure=measure,
            ordered_on=on,
            quantity=short_text(quantity, field="quantity", what="涉及数量", max_chars=100),
            note=short_text(note, field="note", what="说明", max_chars=500),
            created_by=actor,
        )
        save_step(locked, sample, "order_disposal", {}, actor, {"measure": measure, "ordered_on": on})
    return disposal


def disposal_complete(*, disposal: Disposal, completed_on: Any, actor: Any) -> Disposal:
    """Record that a measure was carried out (下架完毕, 召回完成 …)."""
    check_write(actor, "sampling.record", disposal.sample.department, "抽检样品")
    on = step_on(completed_on, field="completed_on", what="完成日期", not_before=disposal.ordered_on, previous="责令")
    with transaction.atomic():
        locked = Disposal.objects.select_for_update().get(pk=disposal.pk)
        if locked.completed_on is not None:
            raise refuse("sampling.measure_done", "该处置措施已登记完成", "completed_on")
        locked.completed_on = on
        locked.save(update_fields=["completed_on"])
        audit_record(
            action="sampling.disposal_complete",
            target=locked,
            actor=actor,
            changes={"sample": disposal.sample.number, "measure": locked.measure, "completed_on": on},
        )
    disposal.completed_on = on
    return disposal


def sample_hand_over(*, sample: Sample, on: Any, actor: Any) -> Sample:
    """Hand the unqualified batch to the cases module as a clue (线索), once per batch.

    A plain call to ``fazhi.cases.services.clue_register``: if it fails, nothing here is saved.
    """
    check_write(actor, "sampling.record", sample.department, "抽检样品")
    day = step_on(on, field="on", what="移交日期", not_before=sample.notice_served_on, previous="送达")
    with transaction.atomic():
        locked = revision.lock(sample, what="抽检样品")
        if locked.status not in workflow.CLUE_STATES or locked.result != Result.UNQUALIFIED:
            raise refuse("sampling.clue_not_allowed", "只有已送达不合格检验结论的样品才能移交立案核查")
        if locked.clue_id is not None:
            raise refuse("sampling.clue_exists", "该样品已移交线索")
        entity = locked.entity
        items = "、".join(i["item"] for i in locked.failed_items) or "不合格"
        clue = case_services.clue_register(
            source_kind="inspection",
            source_ref=locked.number,
            entity=entity,
            description=(
                f"监督抽检不合格：{locked.product_name}（{locked.batch_number or '批号未标注'}），"
                f"检验报告 {locked.report_number}，不合格项目：{items}。"
                f"标称生产者：{locked.producer_name or '同被抽样单位'}。"
            ),
            received_on=day,
            department=locked.department,
            party_kind="natural_person" if entity.kind == "individual" else "organisation",
            party_name=entity.name,
            party_identifier=entity.uscc or "",
            party_address=entity.domicile or "",
            actor=actor,
        )
        locked.clue = clue
        revision.save_bumped(locked, ["clue"], original=sample)
        audit_record(
            action="sampling.sample_hand_over", target=locked, actor=actor, changes={"clue": clue.number, "on": day}
        )
    sample.clue = clue
    return sample


def sample_close(*, sample: Sample, on: Any, expected_revision: int | None = None, actor: Any) -> Sample:
    """Close an unqualified batch: every measure done, the re-test window over or the re-test concluded."""
    check_write(actor, "sampling.record", sample.department, "抽检样品")
    day = step_on(on, field="on", what="办结日期")
    with transaction.atomic():
        locked = revision.lock(sample, revision=expected_revision, what="抽检样品")
        measures = list(locked.disposals.all())
        open_measures = [d.get_measure_display() for d in measures if d.completed_on is None]
        if open_measures:
            raise refuse("sampling.measures_open", f"以下处置措施尚未完成：{'、'.join(open_measures)}")
        # Closed on or after every recorded step: the service, the re-test conclusion, each measure's completion.
        steps = [(locked.notice_served_on, "送达"), (locked.retest_concluded_on, "复检结论")]
        steps += [(d.completed_on, f"{d.get_measure_display()}完成") for d in measures]
        last, previous = max([(d, what) for d, what in steps if d] or [(locked.sampled_on, "抽样")])
        step_on(day, field="on", what="办结日期", not_before=last, previous=previous)
        if locked.retest_requested_on is None and locked.retest_due_on and day <= locked.retest_due_on:
            raise refuse(
                "sampling.retest_window_open",
                f"复检申请期限至 {locked.retest_due_on:%Y-%m-%d}，期限届满后方可办结",
                "on",
            )
        return save_step(locked, sample, "close", {"closed_on": day}, actor)
