"""Reads of 双随机、一公开: pools (set-based), queues, public lists, home panels."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse

from fazhi.core.errors import DomainError
from fazhi.inspections.choices import ConflictReason, TaskStatus
from fazhi.inspections.models import (
    Draw,
    InspectionAssignment,
    InspectionPlan,
    InspectionResult,
    InspectionTask,
    OfficerConflict,
)
from fazhi.registry.choices import (
    DepartmentKind,
    EntityKind,
    IndustrySection,
    ReformMode,
    RegistrationStatus,
    RiskClass,
)
from fazhi.registry.models import Department, MarketEntity, Officer, PermitMatter

# Keys a task's own pool criterion may hold (docs/domain/inspections.md, "对象库筛选条件"): it can only narrow
# the pool its jurisdiction and its items give.
CRITERION_KEYS = ("offices", "risk_classes", "exclude_inspected_months", "exclude_drawn_this_year")


@dataclass(frozen=True)
class PoolScope:
    """Who a task may draw, in data: its jurisdiction, the objects of its items, its own narrowing criteria.

    ``offices`` None means the whole district (a bureau section takes part); an empty tuple means no
    jurisdiction. ``kinds`` / ``industries`` / ``risk_classes`` None means "not restricted". ``permit_matters``:
    one group of 许可事项 per item that names any; an entity must hold one matter of each group.
    """

    offices: tuple[int, ...] | None
    office_names: tuple[str, ...]
    kinds: tuple[str, ...] | None
    industries: tuple[str, ...] | None
    risk_classes: tuple[str, ...] | None
    permit_matters: tuple[tuple[str, ...], ...]
    exclude_inspected_months: int | None
    exclude_drawn_this_year: bool


def held_permit_matters() -> QuerySet[PermitMatter]:
    """The approval records (证照分离办件) through which an entity holds a permit: linked to a registry entity, of
    any reform mode but 直接取消审批 (then there is no approval to hold)."""
    return PermitMatter.objects.filter(entity__isnull=False).exclude(reform_mode=ReformMode.CANCELLED)


def _intersect(current: set[str] | None, values: list[str] | None) -> set[str] | None:
    if not values:
        return current
    return set(values) if current is None else current & set(values)


def pool_scope(task: InspectionTask) -> PoolScope:
    """The task's scope: jurisdiction from its participating departments, objects from all its items (an entity
    must be an object of every item, since each drawn entity is inspected for all of them), then the task's own
    criterion. Raises DomainError when the items' objects do not overlap or the criterion leaves the jurisdiction."""
    participants = list(task.participating_departments.all())
    if any(d.kind == DepartmentKind.SECTION for d in participants):
        offices: tuple[int, ...] | None = None  # a bureau section acts district-wide
        names: tuple[str, ...] = ("全区",)
    else:
        own = sorted((d for d in participants if d.kind == DepartmentKind.OFFICE), key=lambda d: d.pk)
        offices, names = tuple(d.pk for d in own), tuple(d.name for d in own)
    kinds: set[str] | None = None
    industries: set[str] | None = None
    risks: set[str] | None = None
    permits: set[tuple[str, ...]] = set()
    for item in task.items.all():
        kinds = _intersect(kinds, item.object_kinds)
        industries = _intersect(industries, item.object_industries)
        risks = _intersect(risks, item.object_risk_classes)
        if item.object_permit_matters:
            permits.add(tuple(sorted(item.object_permit_matters)))
    c = task.pool_criterion or {}
    risks = _intersect(risks, c.get("risk_classes"))
    for label, values in (("主体类型", kinds), ("行业门类", industries), ("信用风险分类", risks)):
        if values is not None and not values:
            raise DomainError(
                "inspections.objects_disjoint",
                f"所选抽查事项的检查对象（{label}）没有交集：同一任务抽中的每户都要检查全部事项，请分开建任务。",
                field="items",
            )
    if c.get("offices"):
        wanted = tuple(sorted(int(pk) for pk in c["offices"]))
        if offices is not None and not set(wanted) <= set(offices):
            raise DomainError(
                "inspections.criterion_outside_jurisdiction",
                "对象库只能在本任务的管辖范围内筛选：所选管辖单位超出了参与部门的辖区。",
                field="pool_criterion",
            )
        offices = wanted
        names = tuple(Department.objects.filter(pk__in=wanted).order_by("pk").values_list("name", flat=True))
    return PoolScope(
        offices=offices,
        office_names=names,
        kinds=None if kinds is None else tuple(sorted(kinds)),
        industries=None if industries is None else tuple(sorted(industries)),
        risk_classes=None if risks is None else tuple(sorted(risks)),
        permit_matters=tuple(sorted(permits)),
        exclude_inspected_months=int(c["exclude_inspected_months"]) if c.get("exclude_inspected_months") else None,
        exclude_drawn_this_year=bool(c.get("exclude_drawn_this_year")),
    )


def _labels(choices: Any, values: tuple[str, ...]) -> str:
    known = dict(choices.choices)
    return "、".join(str(known.get(v, v)) for v in values)


def _months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (day clamped to 28, which only widens the window by a few days)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, 28))


def item_codes(task: InspectionTask) -> list[str]:
    return sorted(set(task.items.values_list("code", flat=True)))


def _steps(task: InspectionTask, scope: PoolScope) -> list[tuple[str, Q]]:
    """The pool as successive filters, each with its Chinese description (the published funnel)."""
    area = "、".join(scope.office_names) if scope.office_names else "（无）"
    steps: list[tuple[str, Q]] = [
        (
            f"管辖范围：{area}；登记状态：存续",
            Q(status=RegistrationStatus.ACTIVE) & (Q() if scope.offices is None else Q(office_id__in=scope.offices)),
        )
    ]
    if scope.kinds is not None:
        steps.append((f"主体类型：{_labels(EntityKind, scope.kinds)}", Q(kind__in=scope.kinds)))
    if scope.industries is not None:
        steps.append(
            (f"行业门类（GB/T 4754）：{_labels(IndustrySection, scope.industries)}", Q(industry__in=scope.industries))
        )
    if scope.risk_classes is not None:
        steps.append((f"信用风险分类：{_labels(RiskClass, scope.risk_classes)}", Q(risk_class__in=scope.risk_classes)))
    for group in scope.permit_matters:  # non-correlated ``IN (subquery)``: evaluated once
        holders = held_permit_matters().filter(matter__in=group).values("entity_id")
        steps.append((f"持有许可（证照分离办件）：{' 或 '.join(group)}", Q(pk__in=holders)))
    codes = item_codes(task)
    # Both exclusions are non-correlated ``NOT IN (subquery)``: the database evaluates each once.
    if scope.exclude_inspected_months:
        since = _months_before(task.window_start, scope.exclude_inspected_months)
        inspected = InspectionResult.objects.filter(
            assignment__task__items__code__in=codes, inspected_on__gte=since
        ).values("assignment__entity_id")
        steps.append((f"排除近 {scope.exclude_inspected_months} 个月已就本任务事项检查过的主体", ~Q(pk__in=inspected)))
    if scope.exclude_drawn_this_year:
        drawn = (
            InspectionAssignment.objects.filter(
                draw__superseded_by__isnull=True,
                draw__staging=False,
                task__plan__year=task.plan.year,
                task__items__code__in=codes,
            )
            .exclude(task=task)
            .values("entity_id")
        )
        steps.append(("排除本年度已被同一抽查事项的其他任务抽中的主体", ~Q(pk__in=drawn)))
    return steps


def candidate_queryset(task: InspectionTask, scope: PoolScope | None = None) -> QuerySet[MarketEntity]:
    """The object pool of ``task`` as one query (every filter is SQL; no per-row work)."""
    condition = Q()
    for _, q in _steps(task, scope or pool_scope(task)):
        condition &= q
    return MarketEntity.objects.filter(condition)


def pool_funnel(task: InspectionTask, scope: PoolScope | None = None) -> list[dict[str, Any]]:
    """[{criterion, count}]: how many entities remain after each filter — one aggregate query."""
    steps = _steps(task, scope or pool_scope(task))
    condition = steps[0][1]
    aggregates: dict[str, Any] = {}
    running = Q()
    for n, (_, q) in enumerate(steps[1:], start=1):
        running &= q
        aggregates[f"s{n}"] = Count("pk", filter=running)
    counts = MarketEntity.objects.filter(condition).aggregate(s0=Count("pk"), **aggregates)
    return [{"criterion": text, "count": int(counts[f"s{n}"])} for n, (text, _) in enumerate(steps)]


def pool_rows(task: InspectionTask, scope: PoolScope | None = None) -> list[tuple[int, str, str | None]]:
    """(entity id, identifier, risk class or None) of the pool, sorted by identifier (code-point order).

    One query through a plain cursor (a million rows: no model instances); sorted in Python so the order does
    not depend on the database's collation.
    """
    qs = candidate_queryset(task, scope).annotate(identifier_text=Coalesce("uscc", "registration_number"))
    sql, params = qs.values_list("id", "identifier_text", "risk_class").query.sql_with_params()  # type: ignore[misc]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    rows.sort(key=itemgetter(1))
    return rows


def pool_criterion_text(task: InspectionTask) -> str:
    """The task's pool in words (jurisdiction, objects, narrowing) as it will be applied."""
    try:
        return "；".join(text for text, _ in _steps(task, pool_scope(task)))
    except DomainError as exc:
        return f"（筛选条件有误：{exc.message}）"


def task_domains(task: InspectionTask) -> set[str]:
    return set(task.items.values_list("domain", flat=True))


def pool_inspectors(task: InspectionTask, on: dt.date) -> list[Officer]:
    """Officers of the participating departments, active, with an enforcement certificate (执法证) valid on
    ``on`` (the day the pools are fixed for the draw), in one of the items' domains. ``domains`` is a JSON list:
    filtered in Python (a few hundred officers)."""
    domains = task_domains(task)
    officers = Officer.objects.filter(
        active=True,
        certificate_expires_on__gte=on,
        department__in=task.participating_departments.all(),
    ).select_related("department")
    return [o for o in officers if domains & set(o.domains or [])]


def pool_conflicts(task: InspectionTask, officers: list[Officer]) -> list[tuple[str, str, str]]:
    """Declared conflicts of the pool's officers, plus "inspected it last round" for the same items."""
    ids = [o.id for o in officers]
    rows: list[tuple[str, str, str]] = []
    declared = (
        OfficerConflict.objects.filter(active=True, officer_id__in=ids)
        .annotate(identifier_text=Coalesce("entity__uscc", "entity__registration_number"))
        .values_list("officer__certificate_number", "identifier_text", "reason")
    )
    labels = {str(k): str(v) for k, v in ConflictReason.choices}
    rows += [(cert, ident, str(labels.get(reason, reason))) for cert, ident, reason in declared]
    # "Last round": for each entity, the team of the most recent earlier task sharing an item code that drew it.
    # One query over the assignments of the pool's officers (bounded by their workload), reduced in Python.
    through = InspectionAssignment.officers.through
    earlier = (
        through.objects.filter(
            officer_id__in=ids,
            inspectionassignment__draw__superseded_by__isnull=True,
            inspectionassignment__draw__staging=False,
            inspectionassignment__task__items__code__in=item_codes(task),
            inspectionassignment__task__window_start__lt=task.window_start,
        )
        .exclude(inspectionassignment__task=task)
        .annotate(
            identifier_text=Coalesce(
                "inspectionassignment__entity__uscc", "inspectionassignment__entity__registration_number"
            )
        )
        .values_list(
            "officer__certificate_number",
            "identifier_text",  # type: ignore[misc]
            "inspectionassignment__task__window_start",
            "inspectionassignment__task_id",
            "inspectionassignment__task__name",
        )
        .distinct()
    )
    latest: dict[str, tuple[Any, int]] = {}
    found = list(earlier)
    for _cert, ident, start, task_id, _name in found:
        if ident not in latest or (start, task_id) > latest[ident]:
            latest[ident] = (start, task_id)
    rows += [
        (cert, ident, f"上一轮检查过该主体（{name}）")
        for cert, ident, start, task_id, name in found
        if latest[ident] == (start, task_id)
    ]
    return rows


def current_draw(task: InspectionTask) -> Draw | None:
    return task.draws.filter(superseded_by__isnull=True, staging=False).order_by("-id").first()


def overdue_tasks(today: dt.date) -> QuerySet[InspectionTask]:
    """Tasks whose results should have been published by now (20 working days after the end)."""
    return InspectionTask.objects.filter(
        status=TaskStatus.FINISHED, published_on__isnull=True, publicity_due_on__lt=today
    )


def my_assignments(user: Any) -> QuerySet[InspectionAssignment]:
    """The current-draw assignments in which the user's officer record is on the team."""
    officer_id = getattr(user, "officer_id", None)
    if officer_id is None:
        return InspectionAssignment.objects.none()
    return (
        InspectionAssignment.objects.filter(
            officers__id=officer_id,
            draw__superseded_by__isnull=True,
            draw__staging=False,
            task__status__in=[TaskStatus.DRAWN, TaskStatus.IN_PROGRESS, TaskStatus.FINISHED, TaskStatus.PUBLISHED],
        )
        .select_related("task", "entity")
        .order_by("task__window_end", "rank")
    )


def published_plans() -> QuerySet[InspectionPlan]:
    return InspectionPlan.objects.filter(status="published").select_related("lead_department")


def public_tasks() -> QuerySet[InspectionTask]:
    """Every task of a published plan (a plan is public with its tasks; pools appear once frozen)."""
    return (
        InspectionTask.objects.filter(plan__status="published")
        .select_related("plan", "department")
        .annotate(
            assignment_count=Count(
                "assignments", filter=Q(assignments__draw__superseded_by__isnull=True, assignments__draw__staging=False)
            )
        )
    )


def rechecks_due(user: Any) -> QuerySet[InspectionAssignment]:
    """The user's team's rectification orders (责令整改) still to be re-checked, earliest first."""
    return (
        my_assignments(user)
        .filter(result__follow_up="rectify", result__rechecked_on__isnull=True)
        .select_related("result")
        .order_by("result__recheck_on", "id")
    )


def home_panels(user: Any) -> list[dict[str, Any]]:
    """ "My inspections" for officers: the entities still waiting for a result, and re-checks due."""
    pending = my_assignments(user).filter(result__isnull=True)[:8]
    items = [
        {
            "text": f"{a.entity.name}",
            "url": reverse("inspections:result_entry", kwargs={"pk": a.pk}),
            "note": f"{a.task.name} · {a.task.window_end} 前",
            "tone": "warn",
        }
        for a in pending
    ]
    items += [
        {
            "text": f"复查：{a.entity.name}",
            "url": reverse("inspections:result_entry", kwargs={"pk": a.pk}),
            "note": f"责令整改，{a.result.recheck_on} 复查",
            "tone": "warn",
        }
        for a in rechecks_due(user)[:8]
    ]
    if not items:
        return []
    return [{"title": "我的抽查检查", "link": reverse("inspections:my_inspections"), "items": items, "figures": []}]
