"""抽检的准备: 承检机构、抽检计划与抽样任务 (labs, plans and tasks by product area)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from fazhi.core.audit import audit_record
from fazhi.core.numbering import next_number
from fazhi.sampling.choices import PlanLevel, ProductArea
from fazhi.sampling.models import Lab, SamplingPlan, SamplingTask
from fazhi.sampling.services.common import check_write, refuse, short_text


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
