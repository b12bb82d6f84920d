"""Reads of 双随机、一公开: pools (set-based), queues, public lists, home panels."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse

from fazhi.inspections.choices import ConflictReason, TaskStatus
from fazhi.inspections.models import (
    Draw,
    InspectionAssignment,
    InspectionPlan,
    InspectionResult,
    InspectionTask,
    OfficerConflict,
)
from fazhi.registry.choices import EntityKind, IndustrySection, RegistrationStatus, RiskClass
from fazhi.registry.models import Department, MarketEntity, Officer

# Keys a saved pool criterion may hold (docs/domain/inspections.md, "对象库筛选条件").
CRITERION_KEYS = (
    "kinds",
    "statuses",
    "industries",
    "offices",
    "risk_classes",
    "exclude_inspected_months",
    "exclude_drawn_this_year",
)


def pool_criterion_text(criterion: dict[str, Any] | None) -> str:
    """The saved pool criterion in words, as ``candidate_queryset`` applies it (statuses default to 存续).

    Department ids are resolved to names with one query; an id no longer on file shows as "单位 #id".
    """
    c = criterion or {}

    def labels(choices: Any, values: list[str]) -> str:
        known = dict(choices.choices)
        return "、".join(str(known.get(v, v)) for v in values)

    parts: list[str] = []
    if c.get("offices"):
        names = dict(Department.objects.filter(pk__in=c["offices"]).values_list("pk", "name"))
        parts.append("管辖单位：" + "、".join(names.get(pk, f"单位 #{pk}") for pk in c["offices"]))
    if c.get("kinds"):
        parts.append("主体类型：" + labels(EntityKind, c["kinds"]))
    parts.append("登记状态：" + labels(RegistrationStatus, c.get("statuses") or ["active"]))
    if c.get("industries"):
        parts.append("行业门类：" + labels(IndustrySection, c["industries"]))
    if c.get("risk_classes"):
        parts.append("信用风险分类：" + labels(RiskClass, c["risk_classes"]))
    if c.get("exclude_inspected_months"):
        parts.append(f"近 {int(c['exclude_inspected_months'])} 个月未被本任务的抽查事项检查")
    if c.get("exclude_drawn_this_year"):
        parts.append("本年度未被同一抽查事项的其他任务抽中")
    return "；".join(parts)


def _months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (day clamped to 28, which only widens the window by a few days)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, 28))


def item_codes(task: InspectionTask) -> list[str]:
    return sorted(set(task.items.values_list("code", flat=True)))


def candidate_queryset(task: InspectionTask) -> QuerySet[MarketEntity]:
    """The object pool of ``task`` as one query (filters and both exclusions are SQL, no per-row work)."""
    c = task.pool_criterion or {}
    qs = MarketEntity.objects.filter(status__in=c.get("statuses") or ["active"])
    if c.get("kinds"):
        qs = qs.filter(kind__in=c["kinds"])
    if c.get("industries"):
        qs = qs.filter(industry__in=c["industries"])
    if c.get("offices"):
        qs = qs.filter(office_id__in=c["offices"])
    if c.get("risk_classes"):
        qs = qs.filter(risk_class__in=c["risk_classes"])
    codes = item_codes(task)
    # Both exclusions are non-correlated ``NOT IN (subquery)``: the database evaluates each once (a correlated
    # EXISTS per candidate cost ~0.5 s per 15,000 candidates on SQLite).
    months = c.get("exclude_inspected_months")
    if months:
        since = _months_before(task.window_start, int(months))
        inspected = InspectionResult.objects.filter(
            assignment__task__items__code__in=codes, inspected_on__gte=since
        ).values("assignment__entity_id")
        qs = qs.exclude(pk__in=inspected)
    if c.get("exclude_drawn_this_year"):
        drawn = (
            InspectionAssignment.objects.filter(
                draw__superseded_by__isnull=True, task__plan__year=task.plan.year, task__items__code__in=codes
            )
            .exclude(task=task)
            .values("entity_id")
        )
        qs = qs.exclude(pk__in=drawn)
    return qs.annotate(identifier_text=Coalesce("uscc", "registration_number"))


def pool_candidates(task: InspectionTask) -> list[tuple[str, str | None]]:
    """(identifier, risk class or None), sorted by identifier as the database returns it (ORDER BY)."""
    qs = candidate_queryset(task).order_by("identifier_text")  # type: ignore[misc]
    rows = qs.values_list("identifier_text", "risk_class")  # type: ignore[misc]  # annotation unknown to the stubs
    return [(u, r or None) for u, r in rows.iterator(chunk_size=20000)]


def task_domains(task: InspectionTask) -> set[str]:
    return set(task.items.values_list("domain", flat=True))


def pool_inspectors(task: InspectionTask) -> list[Officer]:
    """Officers with a certificate valid through the window, in one of the items' domains, from the
    participating departments. ``domains`` is a JSON list: filtered in Python (a few hundred officers)."""
    domains = task_domains(task)
    officers = Officer.objects.filter(
        active=True,
        certificate_expires_on__gte=task.window_end,
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
    return task.draws.filter(superseded_by__isnull=True).order_by("-id").first()


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
            task__status__in=[TaskStatus.DRAWN, TaskStatus.IN_PROGRESS, TaskStatus.FINISHED, TaskStatus.PUBLISHED],
        )
        .select_related("task", "entity")
        .order_by("task__window_end", "rank")
    )


def published_plans() -> QuerySet[InspectionPlan]:
    return InspectionPlan.objects.filter(status="published").select_related("lead_department")


def public_tasks() -> QuerySet[InspectionTask]:
    """Tasks whose pools are public: every task past draft in a published plan."""
    return (
        InspectionTask.objects.filter(plan__status="published")
        .exclude(status=TaskStatus.DRAFT)
        .select_related("plan", "department")
        .annotate(assignment_count=Count("assignments", filter=Q(assignments__draw__superseded_by__isnull=True)))
    )


def home_panels(user: Any) -> list[dict[str, Any]]:
    """ "My inspections" for officers: the entities still waiting for a result."""
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
    if not items:
        return []
    return [{"title": "我的抽查检查", "link": reverse("inspections:my_inspections"), "items": items, "figures": []}]
