"""Metrics of 双随机、一公开 for the annual report (seed-figures.md, inspections.*). Each is one aggregate query.

"Joint" = tasks of plans of kind 跨部门联合 of the year; "internal" = single-department plans. Entities checked and
with problems count distinct entities with a result dated in the year (current draws only); inspector-visits
count the officers present per result (出动执法检查人员人次).
"""

from __future__ import annotations

from django.db.models import Count

from fazhi.core.metrics import register_metric, register_series
from fazhi.inspections.choices import PROBLEM_CATEGORIES, PlanKind, ResultCategory
from fazhi.inspections.models import InspectionItem, InspectionPlan, InspectionResult


def _results(year: int, kind: str):
    return InspectionResult.objects.filter(
        inspected_on__year=year,
        assignment__task__plan__kind=kind,
        assignment__draw__superseded_by__isnull=True,
    )


def _entities(year: int, kind: str, problems: bool = False) -> int:
    qs = _results(year, kind)
    if problems:
        qs = qs.filter(category__in=[str(c) for c in PROBLEM_CATEGORIES])
    return qs.values("assignment__entity_id").distinct().count()


def joint_entities_checked(year: int) -> int:
    return _entities(year, PlanKind.JOINT)


def joint_entities_with_problems(year: int) -> int:
    return _entities(year, PlanKind.JOINT, problems=True)


def internal_entities_checked(year: int) -> int:
    return _entities(year, PlanKind.SINGLE)


def internal_entities_with_problems(year: int) -> int:
    return _entities(year, PlanKind.SINGLE, problems=True)


def joint_member_units(year: int) -> int:
    plans = InspectionPlan.objects.filter(year=year, kind=PlanKind.JOINT)
    return plans.values("member_units").exclude(member_units=None).distinct().count()


def joint_items(year: int) -> int:
    return (
        InspectionItem.objects.filter(tasks__plan__year=year, tasks__plan__kind=PlanKind.JOINT)
        .values("code")
        .distinct()
        .count()
    )


def joint_domains(year: int) -> int:
    return (
        InspectionItem.objects.filter(tasks__plan__year=year, tasks__plan__kind=PlanKind.JOINT)
        .values("domain")
        .distinct()
        .count()
    )


def joint_inspector_visits(year: int) -> int:
    return _results(year, PlanKind.JOINT).aggregate(n=Count("officers_present"))["n"] or 0


register_metric("inspections.joint.member_units", "联合抽查成员单位", module="inspections", compute=joint_member_units)
register_metric("inspections.joint.domains", "联合抽查覆盖领域", module="inspections", compute=joint_domains)
register_metric("inspections.joint.items", "联合抽查事项", module="inspections", compute=joint_items)
register_metric(
    "inspections.joint.entities_checked",
    "联合抽查检查市场主体",
    module="inspections",
    compute=joint_entities_checked,
)
register_metric(
    "inspections.joint.inspector_visits",
    "联合抽查出动执法检查人员人次",
    module="inspections",
    compute=joint_inspector_visits,
)
register_metric(
    "inspections.joint.entities_with_problems",
    "联合抽查发现问题的市场主体",
    module="inspections",
    compute=joint_entities_with_problems,
)
register_metric(
    "inspections.internal.entities_checked",
    "本部门双随机抽查检查市场主体",
    module="inspections",
    compute=internal_entities_checked,
)
register_metric(
    "inspections.internal.entities_with_problems",
    "本部门双随机抽查发现问题的市场主体",
    module="inspections",
    compute=internal_entities_with_problems,
)


def results_by_category(year: int) -> list[tuple[str, int]]:
    """Inspection results of the year (joint and internal) by result category, largest first."""
    qs = InspectionResult.objects.filter(inspected_on__year=year, assignment__draw__superseded_by__isnull=True)
    counts = dict(qs.values_list("category").annotate(n=Count("id")))
    rows = [(str(label), counts.get(value, 0)) for value, label in ResultCategory.choices]
    return sorted((r for r in rows if r[1]), key=lambda r: -r[1])


register_series("inspections.by_result", "双随机抽查结果分类", module="inspections", compute=results_by_category)
