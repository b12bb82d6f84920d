"""Metrics of 双随机、一公开 for the annual report (seed-figures.md, inspections.*). Each is one aggregate query.

"Joint" = tasks of plans of kind 跨部门联合 of the year; "internal" = single-department plans. Entities checked and
with problems count distinct entities with a result dated in the year (current draws only); inspector-visits
count the officers present per result (出动执法检查人员人次).
"""

from __future__ import annotations

from django.db.models import Count, Min

from fazhi.core.metrics import any_record, register_metric, register_series
from fazhi.inspections.choices import PROBLEM_CATEGORIES, PlanKind, ResultCategory
from fazhi.inspections.models import InspectionItem, InspectionPlan, InspectionResult
from fazhi.registry.models import Department, MarketEntity


def _results(year: int, kind: str):
    return InspectionResult.objects.filter(
        inspected_on__year=year,
        assignment__task__plan__kind=kind,
        assignment__draw__superseded_by__isnull=True,
        assignment__draw__staging=False,
    )


def _checked(year: int, kind: str, problems: bool):
    qs = _results(year, kind)
    if problems:
        qs = qs.filter(category__in=[str(c) for c in PROBLEM_CATEGORIES])
    return qs.values("assignment__entity_id")


def _entity_records(year: int, kind: str, problems: bool = False):
    """The market entities checked (with a problem found): one record per entity, as the figures count them."""
    return MarketEntity.objects.filter(pk__in=_checked(year, kind, problems))


def _entities(year: int, kind: str, problems: bool = False) -> int:
    """How many entities ``_entity_records`` lists, counted on the results alone (``COUNT(DISTINCT entity)``): the
    same number, without a semi-join from the whole registry that PostgreSQL, before its statistics know the
    tables, plans as a nested loop over every entity."""
    return _checked(year, kind, problems).order_by().distinct().count()


def joint_entities_checked(year: int) -> int:
    return _entities(year, PlanKind.JOINT)


def joint_entities_with_problems(year: int) -> int:
    return _entities(year, PlanKind.JOINT, problems=True)


def internal_entities_checked(year: int) -> int:
    return _entities(year, PlanKind.SINGLE)


def internal_entities_with_problems(year: int) -> int:
    return _entities(year, PlanKind.SINGLE, problems=True)


def joint_plans(year: int):
    return InspectionPlan.objects.filter(year=year, kind=PlanKind.JOINT)


def member_unit_records(year: int):
    return Department.objects.filter(pk__in=joint_plans(year).exclude(member_units=None).values("member_units"))


def joint_member_units(year: int) -> int:
    return member_unit_records(year).count()


def _joint_items(year: int):
    return InspectionItem.objects.filter(tasks__plan__year=year, tasks__plan__kind=PlanKind.JOINT)


def _first_per(year: int, field: str):
    return InspectionItem.objects.filter(
        pk__in=_joint_items(year).order_by().values(field).annotate(first=Min("pk")).values("first")
    )


def item_records(year: int):
    """One record per item code (an item revised during the year keeps its code): its lowest-numbered version."""
    return _first_per(year, "code")


def joint_items(year: int) -> int:
    return _joint_items(year).values("code").distinct().count()


def domain_records(year: int):
    """One item per domain the joint plan covers (its first item), so the list has one line per domain."""
    return _first_per(year, "domain")


def joint_domains(year: int) -> int:
    return _joint_items(year).values("domain").distinct().count()


def joint_inspector_visits(year: int) -> int:
    return _results(year, PlanKind.JOINT).aggregate(n=Count("officers_present"))["n"] or 0


def joint_result_records(year: int):
    return _results(year, PlanKind.JOINT).select_related("assignment__entity")


def internal_results(year: int):
    return _results(year, PlanKind.SINGLE)


M = "inspections"
# The joint plan figures (member units, domains, items) pick among the year's joint plans; the entity and visit
# figures among the year's inspection results of their plan kind (entities with a problem: a result category).
# Where fazhi holds no joint plan, or no result of the kind, for the year, their 0 is a gap in the records, not a fact.
JOINT_PLANS = any_record(joint_plans)
JOINT_RESULTS = any_record(joint_result_records)
INTERNAL_RESULTS = any_record(internal_results)
CHECKED = (
    "检查日期在当年1月1日至12月31日之间、属于{kind}抽查计划的检查结果（仅计现行抽取结果）所涉市场主体户数，一户计一次"
)
register_metric(
    "inspections.joint.member_units", "联合抽查成员单位", module=M, compute=joint_member_units,
    records=member_unit_records, definition="当年跨部门联合抽查计划所列成员单位的个数",
    source=JOINT_PLANS,
)  # fmt: skip
register_metric(
    "inspections.joint.domains", "联合抽查覆盖领域", module=M, compute=joint_domains, records=domain_records,
    definition="当年跨部门联合抽查计划各任务所含抽查事项的领域个数（记录列表中每个领域列出一项事项）",
    source=JOINT_PLANS,
)  # fmt: skip
register_metric(
    "inspections.joint.items", "联合抽查事项", module=M, compute=joint_items, records=item_records,
    definition="当年跨部门联合抽查计划各任务所含抽查事项的个数，按事项编码计",
    source=JOINT_PLANS,
)  # fmt: skip
register_metric(
    "inspections.joint.entities_checked", "联合抽查检查市场主体", module=M, compute=joint_entities_checked,
    records=lambda year: _entity_records(year, PlanKind.JOINT), definition=CHECKED.format(kind="跨部门联合"),
    source=JOINT_RESULTS,
)  # fmt: skip
register_metric(
    "inspections.joint.inspector_visits", "联合抽查出动执法检查人员人次", module=M, compute=joint_inspector_visits,
    records=joint_result_records,
    definition=(
        "当年跨部门联合抽查各次检查结果登记的到场执法检查人员人数之和（一人到场一次计一人次）；"
        "记录列表为这些检查结果，每条计入其到场人数"
    ),
    source=JOINT_RESULTS,
)  # fmt: skip
register_metric(
    "inspections.joint.entities_with_problems", "联合抽查发现问题的市场主体", module=M,
    compute=joint_entities_with_problems, records=lambda year: _entity_records(year, PlanKind.JOINT, True),
    definition=CHECKED.format(kind="跨部门联合") + "中，检查结果属于发现问题类别的户数",
    source=JOINT_RESULTS,
)  # fmt: skip
register_metric(
    "inspections.internal.entities_checked", "本部门双随机抽查检查市场主体", module=M,
    compute=internal_entities_checked, records=lambda year: _entity_records(year, PlanKind.SINGLE),
    definition=CHECKED.format(kind="本部门"),
    source=INTERNAL_RESULTS,
)  # fmt: skip
register_metric(
    "inspections.internal.entities_with_problems", "本部门双随机抽查发现问题的市场主体", module=M,
    compute=internal_entities_with_problems, records=lambda year: _entity_records(year, PlanKind.SINGLE, True),
    definition=CHECKED.format(kind="本部门") + "中，检查结果属于发现问题类别的户数",
    source=INTERNAL_RESULTS,
)  # fmt: skip


def results_by_category(year: int) -> list[tuple[str, int]]:
    """Inspection results of the year (joint and internal) by result category, largest first."""
    qs = InspectionResult.objects.filter(
        inspected_on__year=year, assignment__draw__superseded_by__isnull=True, assignment__draw__staging=False
    )
    counts = dict(qs.values_list("category").annotate(n=Count("id")))
    rows = [(str(label), counts.get(value, 0)) for value, label in ResultCategory.choices]
    return sorted((r for r in rows if r[1]), key=lambda r: -r[1])


register_series("inspections.by_result", "双随机抽查结果分类", module=M, compute=results_by_category)
