"""抽样与检验结论: a batch sampled under a task, and the lab's report and conclusion (合格 / 不合格)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from fazhi.core import revision
from fazhi.core.audit import audit_record
from fazhi.core.numbering import next_number
from fazhi.sampling import workflow
from fazhi.sampling.choices import Result
from fazhi.sampling.models import Sample, SamplingTask
from fazhi.sampling.services.common import check_write, refuse, short_text, step_on

MAX_FAILED_ITEMS = 50


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
