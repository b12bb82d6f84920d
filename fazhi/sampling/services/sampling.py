"""抽检: labs, plans, tasks, samples, results and the handling of an unqualified batch.

The legal steps of an unqualified result: the conclusion is served on the sampled entity (and the producer is
told), which opens the party's re-test window (a tracked deadline from the rulebook, rule per product area:
``RETEST_RULES``, each value checked against the text of its law); a request after the window is not registered
(``sampling.retest_late``: the right to a re-test lasts for the window) unless 法制审核 accepts it
(``services.late_retest``); risk-control measures are ordered and their completion recorded; the
violation goes to the cases module as a clue (``fazhi.cases.services.clue_register``, a plain call whose failure
stops the step); the batch is closed when every measure is done and the re-test window is over.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from fazhi.cases import services as case_services
from fazhi.core import revision
from fazhi.core.audit import audit_record
from fazhi.core.errors import DomainError, from_rulebook
from fazhi.core.numbering import next_number
from fazhi.deadlines import services as deadline_services
from fazhi.deadlines.models import DeadlineStatus, TrackedDeadline
from fazhi.deadlines.selectors import rule_gate
from fazhi.rulebook.confirmation import Purpose, deadline_value
from fazhi.rulebook.errors import RulebookError
from fazhi.sampling import workflow
from fazhi.sampling.choices import DisposalMeasure, PlanLevel, ProductArea, Result, RetestOutcome
from fazhi.sampling.models import Disposal, Lab, Sample, SamplingPlan, SamplingTask
from fazhi.sampling.services.common import check_write, refuse, short_text, step_on

# Which rule of fazhi/rulebook/tables/deadlines/sampling_retest.yaml gives the re-test window, by product area.
RETEST_RULES = {
    ProductArea.FOOD: "sampling.food_retest_request",
    ProductArea.DRUG: "sampling.drug_retest_request",
    ProductArea.COSMETIC: "sampling.cosmetic_retest_request",
    ProductArea.DEVICE: "sampling.device_retest_request",
    ProductArea.PRODUCT: "sampling.product_retest_request",
}
MAX_FAILED_ITEMS = 50


def lab_register(*, name: str, accreditation_number: str = "", actor: Any) -> Lab:
    """Register a testing laboratory (承检机构)."""
    check_write(actor, "sampling.plan", None, "承检机构")
    name = short_text(name, field="name", what="承检机构名称", max_chars=200, required=True)
    number = short_text(accreditation_number, field="accreditation_number", what="资质认定证书编号", max_chars=64)
    with transaction.atomic():
        if Lab.objects.filter(name=name).exists():
            raise refuse("sampling.lab_exists", f"承检机构“{name}”已登记", "name")
        lab = Lab.objects.create(name=name, accreditation_number=number)
        audit_record(action="sampling.lab_register", target=lab, actor=actor, changes={"name": name})
    return lab


def plan_create(
    *,
    year: int,
    area: str,
    level: str,
    title: str,
    department: Any,
    planned_batches: int,
    actor: Any,
) -> SamplingPlan:
    """Record a sampling plan (抽检计划) of a product area for a year."""
    check_write(actor, "sampling.plan", department, "抽检计划")
    if area not in ProductArea.values:
        raise refuse("sampling.bad_area", "请选择产品领域（食品、药品、化妆品、医疗器械或工业产品）", "area")
    if level not in PlanLevel.values:
        raise refuse("sampling.bad_level", "请选择任务来源（国家、省、市或区级抽检）", "level")
    title = short_text(title, field="title", what="计划名称", max_chars=200, required=True)
    if not 1990 <= int(year) <= 2199:
        raise refuse("sampling.bad_year", "年度超出可受理的范围", "year")
    if not 1 <= int(planned_batches) <= 1_000_000:
        raise refuse("sampling.bad_batches", "计划批次应为 1 至 1,000,000 之间的整数", "planned_batches")
    with transaction.atomic():
        plan = SamplingPlan.objects.create(
            number=f"CJ{year}-{next_number('sampling.plan', int(year)):03d}",
            year=int(year),
            area=area,
            level=level,
            title=title,
            department=department,
            planned_batches=int(planned_batches),
            created_by=actor,
        )
        audit_record(
            action="sampling.plan_create",
            target=plan,
            actor=actor,
            changes={"year": year, "area": area, "level": level, "planned_batches": planned_batches},
        )
    return plan


def task_create(
    *,
    plan: SamplingPlan,
    department: Any,
    lab: Lab,
    planned_batches: int,
    starts_on: dt.date,
    ends_on: dt.date,
    product_category: str = "",
    actor: Any,
) -> SamplingTask:
    """Split a plan into a sampling task (one department, one lab; for industrial products one category)."""
    check_write(actor, "sampling.plan", plan.department, "抽检计划")
    category = short_text(product_category, field="product_category", what="产品类别", max_chars=60)
    if plan.area == ProductArea.PRODUCT and not category:
        raise refuse("sampling.category_required", "工业产品抽查任务须写明产品类别", "product_category")
    if not lab.active:
        raise refuse("sampling.lab_inactive", "该承检机构已停用，请选择其他承检机构", "lab")
    if not 1 <= int(planned_batches) <= 1_000_000:
        raise refuse("sampling.bad_batches", "计划批次应为 1 至 1,000,000 之间的整数", "planned_batches")
    if ends_on < starts_on:
        raise refuse("sampling.bad_period", "结束日期不能早于开始日期", "ends_on")
    if starts_on.year != plan.year:
        raise refuse("sampling.task_year", f"任务开始日期应在计划年度（{plan.year}年）内", "starts_on")
    with transaction.atomic():
        task = SamplingTask.objects.create(
            plan=plan,
            number=f"{plan.number}-{next_number(f'sampling.task.{plan.pk}', plan.year):02d}",
            department=department,
            lab=lab,
            product_category=category,
            planned_batches=int(planned_batches),
            starts_on=starts_on,
            ends_on=ends_on,
            created_by=actor,
        )
        audit_record(
            action="sampling.task_create",
            target=task,
            actor=actor,
            changes={"plan": plan.number, "department": department.pk, "lab": lab.name, "category": category},
        )
    return task


def sample_register(
    *,
    task: SamplingTask,
    product_name: str,
    sampled_on: Any,
    entity: Any,
    producer: Any = None,
    producer_name: str = "",
    brand: str = "",
    specification: str = "",
    batch_number: str = "",
    number: str = "",
    actor: Any,
) -> Sample:
    """Record a sampled batch from its 抽样单 (the entity sampled, the producer when different)."""
    check_write(actor, "sampling.record", task.department, "抽样任务")
    on = step_on(sampled_on, field="sampled_on", what="抽样日期", not_before=task.starts_on, previous="任务开始")
    name = short_text(product_name, field="product_name", what="样品名称", max_chars=200, required=True)
    number = short_text(number, field="number", what="抽样单编号", max_chars=40)
    if producer is not None and producer.pk == entity.pk:
        producer = None  # the sampled entity made it itself: no separate producer
    with transaction.atomic():
        if not number:
            number = f"CY{on.year}-{next_number('sampling.sample', on.year):06d}"
        elif Sample.objects.filter(number=number).exists():
            raise refuse("sampling.duplicate_number", f"抽样单编号“{number}”已登记", "number")
        sample = Sample.objects.create(
            number=number,
            task=task,
            area=task.plan.area,
            product_category=task.product_category,
            department=task.department,
            product_name=name,
            brand=short_text(brand, field="brand", what="商标", max_chars=100),
            specification=short_text(specification, field="specification", what="规格型号", max_chars=100),
            batch_number=short_text(batch_number, field="batch_number", what="生产日期/批号", max_chars=60),
            sampled_on=on,
            entity=entity,
            producer=producer,
            producer_name=(
                producer.name
                if producer is not None
                else short_text(producer_name, field="producer_name", what="标称生产者名称", max_chars=200)
            ),
        )
        audit_record(
            action="sampling.sample_register",
            target=sample,
            actor=actor,
            changes={"task": task.number, "entity": entity.pk, "producer": getattr(producer, "pk", None), "on": on},
        )
    return sample


def clean_failed_items(items: Any) -> list[dict[str, str]]:
    """``[{"item", "value", "standard"}]``: the failed test items as the report states them."""
    if not isinstance(items, list) or len(items) > MAX_FAILED_ITEMS:
        raise refuse("sampling.bad_failed_items", f"不合格项目应为列表，最多 {MAX_FAILED_ITEMS} 项", "failed_items")
    out = []
    for raw in items:
        if isinstance(raw, str):
            raw = {"item": raw}
        if not isinstance(raw, dict) or set(raw) - {"item", "value", "standard"}:
            raise refuse(
                "sampling.bad_failed_items", "不合格项目每项应写明项目名称、检验结果和标准要求", "failed_items"
            )
        out.append(
            {
                "item": short_text(
                    raw.get("item"), field="failed_items", what="不合格项目", max_chars=100, required=True
                ),
                "value": short_text(raw.get("value"), field="failed_items", what="检验结果", max_chars=100),
                "standard": short_text(raw.get("standard"), field="failed_items", what="标准要求", max_chars=200),
            }
        )
    return out


def step_event(sample: Sample, event: str) -> str:
    try:
        return workflow.next_state(sample.status, event)
    except workflow.TransitionRefused:
        raise refuse(
            "sampling.bad_transition",
            f"该样品当前状态为“{sample.get_status_display()}”，不能办理“{workflow.EVENTS[event]}”",
        ) from None


def save_step(
    locked: Sample, original: Sample, event: str, fields: dict[str, Any], actor: Any, facts: Any = None
) -> Sample:
    before = locked.status
    locked.status = step_event(locked, event)
    for name, value in fields.items():
        setattr(locked, name, value)
    revision.save_bumped(locked, ["status", *fields], original=original)
    audit_record(
        action=f"sampling.sample_{event}",
        target=locked,
        actor=actor,
        changes={"status": [before, locked.status], **fields, **(facts or {})},
    )
    return original


def result_record(
    *,
    sample: Sample,
    result: str,
    report_number: str,
    report_on: Any,
    failed_items: Any = (),
    expected_revision: int | None = None,
    actor: Any,
) -> Sample:
    """Record the lab's report and conclusion (合格 / 不合格 with the failed items)."""
    check_write(actor, "sampling.record", sample.department, "抽检样品")
    if result not in Result.values:
        raise refuse("sampling.bad_result", "检验结论只能是合格或不合格", "result")
    report_number = short_text(report_number, field="report_number", what="检验报告编号", max_chars=60, required=True)
    on = step_on(report_on, field="report_on", what="检验报告日期", not_before=sample.sampled_on, previous="抽样")
    items = clean_failed_items(list(failed_items or []))
    if result == Result.UNQUALIFIED and not items:
        raise refuse("sampling.failed_items_required", "检验结论为不合格的，请填写不合格项目", "failed_items")
    if result == Result.QUALIFIED and items:
        raise refuse("sampling.failed_items_on_qualified", "检验结论为合格的，不应填写不合格项目", "failed_items")
    event = "result_qualified" if result == Result.QUALIFIED else "result_unqualified"
    with transaction.atomic():
        locked = revision.lock(sample, revision=expected_revision, what="抽检样品")
        fields = {"result": result, "report_number": report_number, "report_on": on, "failed_items": items}
        if result == Result.QUALIFIED:
            fields["closed_on"] = on
        return save_step(locked, sample, event, fields, actor)


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
    last = max([d for d in [sample.notice_served_on, sample.retest_concluded_on] if d] or [sample.sampled_on])
    day = step_on(on, field="on", what="办结日期", not_before=last, previous="上一步骤")
    with transaction.atomic():
        locked = revision.lock(sample, revision=expected_revision, what="抽检样品")
        open_measures = [d.get_measure_display() for d in locked.disposals.all() if d.completed_on is None]
        if open_measures:
            raise refuse("sampling.measures_open", f"以下处置措施尚未完成：{'、'.join(open_measures)}")
        if locked.retest_requested_on is None and locked.retest_due_on and day <= locked.retest_due_on:
            raise refuse(
                "sampling.retest_window_open",
                f"复检申请期限至 {locked.retest_due_on:%Y-%m-%d}，期限届满后方可办结",
                "on",
            )
        return save_step(locked, sample, "close", {"closed_on": day}, actor)
