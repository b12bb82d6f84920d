"""抽查事项清单 and 年度抽查计划: items (with their objects as data), plans and their publication."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from fazhi.core.audit import audit_record
from fazhi.core.errors import DomainError
from fazhi.inspections.choices import PlanKind, PlanStatus
from fazhi.inspections.models import InspectionItem, InspectionPlan
from fazhi.inspections.selectors import held_permit_matters
from fazhi.inspections.services.common import now, require_actor, require_department
from fazhi.powers.services import power_require_in_force
from fazhi.registry.choices import EntityKind, IndustrySection, RiskClass
from fazhi.registry.models import Department

OBJECT_FIELDS: dict[str, tuple[Any, str]] = {
    "object_kinds": (EntityKind, "主体类型"),
    "object_industries": (IndustrySection, "行业门类"),
    "object_risk_classes": (RiskClass, "信用风险分类"),
}


def _require_power(code: str, on: dt.date) -> None:
    """An item cannot cite a power not in force on its date (法无授权不可为)."""
    if code:
        power_require_in_force(code=code, on=on)


PERMIT_MATTER_MAX = 200  # characters, as the registry stores a 许可事项


def _permit_matters(given: Sequence[str]) -> list[str]:
    """许可事项 names (whitespace-normalised, sorted); each must be one the registry holds for some entity, else an
    item could name a permit nobody can be found holding (an empty pool discovered only at the draw)."""
    names = sorted({" ".join(str(n).split()) for n in given} - {""})
    too_long = [n for n in names if len(n) > PERMIT_MATTER_MAX]
    if too_long:
        raise DomainError(
            "inspections.permit_matter_too_long",
            f"许可事项名称不能超过 {PERMIT_MATTER_MAX} 个字符。",
            field="object_permit_matters",
        )
    known = set(held_permit_matters().filter(matter__in=names).values_list("matter", flat=True).distinct())
    unknown = [n for n in names if n not in known]
    if unknown:
        raise DomainError(
            "inspections.unknown_permit_matter",
            f"登记库中没有主体持有许可事项 {'、'.join(unknown)}（证照分离办件须先导入）：请核对名称。",
            field="object_permit_matters",
        )
    return names


def _objects(values: dict[str, Any]) -> dict[str, list[str]]:
    """The item's object criteria, each a list of known codes (empty = any), sorted; permit matters by name."""
    out = {}
    for name, (choices, label) in OBJECT_FIELDS.items():
        given = values.get(name) or []
        unknown = sorted(set(given) - set(choices.values))
        if unknown:
            raise DomainError(
                "inspections.unknown_object", f"{label} {'、'.join(map(str, unknown))} 不在代码表中。", field=name
            )
        out[name] = sorted(set(given))
    out["object_permit_matters"] = _permit_matters(values.get("object_permit_matters") or [])
    return out


def item_create(
    *,
    code: str,
    name: str,
    domain: str,
    legal_basis: str,
    department: Department,
    method: str,
    level: str,
    effective_from: dt.date,
    actor: Any,
    effective_to: dt.date | None = None,
    power_code: str = "",
    object_kinds: Sequence[str] = (),
    object_industries: Sequence[str] = (),
    object_risk_classes: Sequence[str] = (),
    object_permit_matters: Sequence[str] = (),
) -> InspectionItem:
    """Add an 抽查事项 (first version of ``code``) with its 检查对象 as data (entity kinds, GB/T 4754 sections,
    risk classes, permit matters the registry holds; empty = any). The cited power must be in force on
    ``effective_from``."""
    require_actor(actor, "inspections.plan")
    require_department(actor, department, what="责任部门")
    objects = _objects(
        {
            "object_kinds": list(object_kinds),
            "object_industries": list(object_industries),
            "object_risk_classes": list(object_risk_classes),
            "object_permit_matters": list(object_permit_matters),
        }
    )
    with transaction.atomic():
        _require_power(power_code, effective_from)
        if InspectionItem.objects.filter(code=code).exists():
            raise DomainError("inspections.item_exists", f"事项编码 {code} 已存在；修改事项请新增版本。", field="code")
        item = InspectionItem(
            code=code,
            name=name,
            domain=domain,
            legal_basis=legal_basis,
            department=department,
            method=method,
            level=level,
            effective_from=effective_from,
            effective_to=effective_to,
            power_code=power_code,
            **objects,
        )
        item.full_clean()
        item.save()
        audit_record(
            action="inspections.item_create",
            target=item,
            actor=actor,
            changes={"code": code, "name": name, **objects},
        )
        return item


def item_new_version(*, item: InspectionItem, effective_from: dt.date, actor: Any, **changes: Any) -> InspectionItem:
    """A new version of an item from ``effective_from``; the previous one ends the day before."""
    require_actor(actor, "inspections.plan")
    allowed = {
        "name",
        "domain",
        "legal_basis",
        "department",
        "method",
        "level",
        "power_code",
        "effective_to",
        *OBJECT_FIELDS,
        "object_permit_matters",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError("inspections.unknown_field", f"不能修改字段 {sorted(unknown)}。")
    with transaction.atomic():
        current = InspectionItem.objects.select_for_update().get(pk=item.pk)
        require_department(actor, current.department, what="责任部门")
        if "department" in changes:
            require_department(actor, changes["department"], what="责任部门")
        if effective_from <= current.effective_from or current.effective_to is not None:
            raise DomainError(
                "inspections.item_version_order",
                "新版本的生效日期必须晚于当前版本，且只能在最新版本上新增版本。",
                field="effective_from",
            )
        fields = {f: getattr(current, f) for f in allowed}
        fields["effective_to"] = None
        fields.update(changes)
        fields.update(_objects(fields))
        _require_power(fields["power_code"], effective_from)
        current.effective_to = effective_from - dt.timedelta(days=1)
        current.save(update_fields=["effective_to"])
        new = InspectionItem(code=current.code, effective_from=effective_from, **fields)
        new.full_clean()
        new.save()
        audit_record(
            action="inspections.item_new_version",
            target=new,
            actor=actor,
            changes={"code": new.code, "effective_from": effective_from, "changed": sorted(changes)},
        )
        return new


def plan_create(
    *,
    year: int,
    name: str,
    kind: str,
    lead_department: Department,
    actor: Any,
    member_units: Sequence[Department] = (),
) -> InspectionPlan:
    """An annual plan, led by the actor's own department (bureau-wide roles: any); a joint plan (跨部门联合) needs
    at least one member unit besides the lead."""
    require_actor(actor, "inspections.plan")
    require_department(actor, lead_department, field="lead_department", what="牵头部门")
    if kind == PlanKind.JOINT and not [d for d in member_units if d.pk != lead_department.pk]:
        raise DomainError(
            "inspections.joint_without_members", "联合抽查计划至少需要一个成员单位。", field="member_units"
        )
    with transaction.atomic():
        plan = InspectionPlan(year=year, name=name, kind=kind, lead_department=lead_department)
        plan.full_clean()
        plan.save()
        plan.member_units.set(member_units)
        audit_record(
            action="inspections.plan_create",
            target=plan,
            actor=actor,
            changes={"year": year, "name": name, "kind": kind, "member_units": [d.pk for d in member_units]},
        )
        return plan


def plan_publish(*, plan: InspectionPlan, actor: Any) -> InspectionPlan:
    """公布抽查计划: the plan and its tasks appear on the public pages; no task of it may fix its pools before."""
    require_actor(actor, "inspections.plan")
    with transaction.atomic():
        locked = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
        require_department(actor, locked.lead_department_id, field="lead_department", what="牵头部门")
        if locked.status == PlanStatus.PUBLISHED:
            raise DomainError("inspections.plan_already_published", "计划已公布。")
        locked.status = PlanStatus.PUBLISHED
        locked.published_at = now()
        locked.published_by = actor
        locked.save(update_fields=["status", "published_at", "published_by"])
        audit_record(
            action="inspections.plan_publish",
            target=locked,
            actor=actor,
            changes={"status": ["draft", "published"], "published_at": locked.published_at},
        )
        plan.status, plan.published_at, plan.published_by = locked.status, locked.published_at, actor
        return locked
