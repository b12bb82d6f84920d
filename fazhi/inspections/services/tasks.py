"""抽查任务 and 回避申报."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction

from fazhi.core.audit import audit_record
from fazhi.core.errors import DomainError
from fazhi.inspections.choices import PlanKind
from fazhi.inspections.models import InspectionItem, InspectionPlan, InspectionTask, OfficerConflict
from fazhi.inspections.selectors import CRITERION_KEYS, pool_scope
from fazhi.inspections.services.common import require_actor, require_department
from fazhi.inspections.services.plans import _require_power
from fazhi.registry.choices import DepartmentKind, RiskClass
from fazhi.registry.models import Department, MarketEntity, Officer


def _criterion(value: dict[str, Any] | None) -> dict[str, Any]:
    """The task's own narrowing criterion: known keys, well-typed values (a form and the API share it)."""
    criterion = dict(value or {})
    unknown = sorted(set(criterion) - set(CRITERION_KEYS))
    if unknown:
        raise DomainError("inspections.unknown_criterion", f"未知的对象库筛选条件 {unknown}。", field="pool_criterion")
    if "risk_classes" in criterion:
        bad = sorted(set(criterion["risk_classes"]) - set(RiskClass.values))
        if bad:
            raise DomainError("inspections.unknown_object", f"信用风险分类 {bad} 不在代码表中。", field="risk_classes")
    months = criterion.get("exclude_inspected_months")
    if months is not None and (isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 60):
        raise DomainError(
            "inspections.bad_months",
            "排除近 N 个月已检查的主体：N 应为 1–60 的整数。",
            field="exclude_inspected_months",
        )
    return {k: v for k, v in criterion.items() if v not in (None, [], False, "")}


def task_create(
    *,
    plan: InspectionPlan,
    name: str,
    department: Department,
    items: Sequence[InspectionItem],
    window_start: dt.date,
    window_end: dt.date,
    actor: Any,
    pool_criterion: dict[str, Any] | None = None,
    sample_size: int | None = None,
    sample_ratio: Decimal | None = None,
    strata_ratios: dict[str, str] | None = None,
    team_size: int = 2,
    participating_departments: Sequence[Department] | None = None,
) -> InspectionTask:
    """A task of ``plan`` carried out by ``department`` — the actor's own (issue 14 §2).

    Its items must be in force (and cite powers in force) on ``window_start``; its pool is the jurisdiction of its
    participating departments (a 所's area; a bureau section acts district-wide) narrowed to the objects of all
    its items and its own criterion. Joint plans: external participants must be member units of the plan.
    """
    require_actor(actor, "inspections.plan")
    require_department(actor, department, what="实施部门")
    if sum(x is not None for x in (sample_size, sample_ratio, strata_ratios)) != 1:
        raise DomainError(
            "inspections.sample_mode", "抽取数量、抽取比例、分风险等级比例三者必须且只能填写一项。", field="sample_size"
        )
    if team_size < 2:
        # 行政处罚法 第四十二条 (two officers), applied to random inspections [UNCONFIRMED].
        raise DomainError("inspections.team_too_small", "每个检查对象至少需要 2 名执法人员。", field="team_size")
    if window_end < window_start:
        raise DomainError("inspections.window_order", "检查结束日期不能早于开始日期。", field="window_end")
    if not items:
        raise DomainError("inspections.no_items", "任务至少要有一个抽查事项。", field="items")
    criterion = _criterion(pool_criterion)
    for item in items:
        if not item.in_force_on(window_start):
            raise DomainError(
                "inspections.item_not_in_force",
                f"抽查事项 {item} 在 {window_start} 不在有效期内，请选择当日有效的版本。",
                field="items",
            )
        _require_power(item.power_code, window_start)
    participating = list(dict.fromkeys([department, *(participating_departments or [])]))
    members = {plan.lead_department_id, *plan.member_units.values_list("id", flat=True)}
    # The bureau's own sections and offices act for the lead department; external units must be plan members.
    outside = [d.name for d in participating if d.kind == DepartmentKind.EXTERNAL and d.pk not in members]
    if outside:
        raise DomainError(
            "inspections.department_not_in_plan",
            f"{'、'.join(outside)} 不是本计划的牵头部门或成员单位。",
            field="participating_departments",
        )
    internal_others = [d for d in participating if d.kind != DepartmentKind.EXTERNAL and d.pk != department.pk]
    for other in internal_others:
        require_department(actor, other, field="participating_departments", what="参与部门")
    if plan.kind == PlanKind.JOINT and len(participating) > team_size:
        raise DomainError(
            "inspections.team_too_small_for_joint",
            f"联合抽查每组须有每个参与部门各一人：{len(participating)} 个部门需要每组至少 {len(participating)} 人。",
            field="team_size",
        )
    with transaction.atomic():
        task = InspectionTask(
            plan=plan,
            name=name,
            department=department,
            pool_criterion=criterion,
            sample_size=sample_size,
            sample_ratio=sample_ratio,
            strata_ratios=strata_ratios,
            team_size=team_size,
            window_start=window_start,
            window_end=window_end,
        )
        task.full_clean()
        task.save()
        task.items.set(items)
        task.participating_departments.set(participating)
        scope = pool_scope(task)  # refuses disjoint objects or a criterion outside the jurisdiction
        if scope.offices == ():
            raise DomainError(
                "inspections.no_jurisdiction",
                "参与部门中既没有市场监管所也没有局内设科室，任务没有可抽取的管辖范围。",
                field="participating_departments",
            )
        audit_record(
            action="inspections.task_create",
            target=task,
            actor=actor,
            changes={
                "plan": plan.pk,
                "name": name,
                "department": department.pk,
                "participating": [d.pk for d in participating],
                "items": [i.code for i in items],
                "criterion": criterion,
            },
        )
        return task


def conflict_declare(
    *, officer: Officer, entity: MarketEntity, reason: str, declared_on: dt.date, actor: Any, note: str = ""
) -> OfficerConflict:
    """回避申报: the officer will never be drawn for this entity (as long as the declaration is active).

    Declared for officers of the actor's own department."""
    require_actor(actor, "inspections.plan")
    require_department(actor, officer.department_id, field="officer", what="执法人员所在部门")
    with transaction.atomic():
        if OfficerConflict.objects.filter(officer=officer, entity=entity, reason=reason).exists():
            raise DomainError(
                "inspections.conflict_exists",
                "该执法人员已就此主体以同一事由申报回避，无需重复申报；如需补充说明请选择其他事由。",
                field="reason",
            )
        conflict = OfficerConflict(officer=officer, entity=entity, reason=reason, declared_on=declared_on, note=note)
        conflict.full_clean()
        conflict.save()
        audit_record(
            action="inspections.conflict_declare",
            target=conflict,
            actor=actor,
            changes={"officer": officer.certificate_number, "entity": entity.identifier, "reason": reason},
        )
        return conflict
