"""Reads of the power list: as of a date, history, diff, counts and the validation of a batch."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet

from fazhi.core.errors import NotFound
from fazhi.powers import workflow
from fazhi.powers.choices import BatchStatus, PowerCategory
from fazhi.powers.models import (
    ATTRIBUTE_FIELDS,
    AdjustmentBatch,
    AdjustmentLine,
    PowerItem,
    PowerItemVersion,
    format_legal_basis,
)

FIELD_LABELS = {
    "name": "事项名称",
    "category": "职权类别",
    "legal_basis": "设定依据",
    "department": "责任科室",
    "accountability": "追责情形",
    "duty_items": "责任事项",
    "remarks": "备注",
}


def in_force_q(on: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}effective_from__lte": on}) & (
        Q(**{f"{prefix}effective_to__isnull": True}) | Q(**{f"{prefix}effective_to__gte": on})
    )


def powers_in_force(
    on: dt.date, *, search: str = "", category: str = "", department_id: int | None = None
) -> QuerySet[PowerItemVersion]:
    """The versions in force on ``on`` (one per item), ordered by code, optionally filtered."""
    qs = PowerItemVersion.objects.filter(in_force_q(on)).select_related("item", "department", "batch")
    if search:
        qs = qs.filter(Q(item__code__icontains=search) | Q(name__icontains=search))
    if category:
        qs = qs.filter(category=category)
    if department_id:
        qs = qs.filter(department_id=department_id)
    return qs.order_by("item__code")


def power_lookup(code: str, on: dt.date) -> PowerItemVersion | None:
    """The version of ``code`` in force on ``on``, or None."""
    return PowerItemVersion.objects.filter(in_force_q(on), item__code=code).select_related("item", "department").first()


def power_history(code: str) -> tuple[PowerItem, list[PowerItemVersion]]:
    """The item and all its versions (oldest first) with the batches that made and ended them."""
    item = PowerItem.objects.filter(code=code).first()
    if item is None:
        raise NotFound("权责事项")
    versions = list(item.versions.select_related("batch", "ended_by", "department").order_by("effective_from"))
    return item, versions


def _attributes(v: PowerItemVersion) -> dict[str, Any]:
    return {
        "name": v.name,
        "category": PowerCategory(v.category).label if v.category in PowerCategory.values else v.category,
        "legal_basis": format_legal_basis(v.legal_basis),
        "department": v.department.name if v.department is not None else "",
        "accountability": v.accountability,
        "duty_items": v.duty_items,
        "remarks": v.remarks,
    }


def version_changes(before: PowerItemVersion, after: PowerItemVersion) -> list[dict[str, str]]:
    """Field-level before/after between two versions (labels in Chinese)."""
    a, b = _attributes(before), _attributes(after)
    return [
        {"field": f, "label": FIELD_LABELS[f], "before": a[f], "after": b[f]} for f in ATTRIBUTE_FIELDS if a[f] != b[f]
    ]


def power_list_diff(from_date: dt.date, to_date: dt.date) -> dict[str, list]:
    """What changed between the list in force on ``from_date`` and on ``to_date``.

    ``added``/``removed``: versions; ``changed``: ``{code, before, after, changes: [{field,label,before,after}]}``.
    """
    before = {v.item.code: v for v in powers_in_force(from_date)}
    after = {v.item.code: v for v in powers_in_force(to_date)}
    added = [after[c] for c in sorted(after.keys() - before.keys())]
    removed = [before[c] for c in sorted(before.keys() - after.keys())]
    changed = []
    for code in sorted(before.keys() & after.keys()):
        b, a = before[code], after[code]
        if b.pk == a.pk:
            continue
        changes = version_changes(b, a)
        if changes:
            changed.append({"code": code, "before": b, "after": a, "changes": changes})
    return {"added": added, "changed": changed, "removed": removed}


def powers_at_year_end(year: int) -> QuerySet[PowerItemVersion]:
    """The power items (their versions) in force on 31 December of ``year`` — the records of ``powers.total``."""
    return powers_in_force(dt.date(year, 12, 31))


def powers_adjusted_items(year: int):
    """The items touched by approved batches effective in ``year`` — the records of ``powers.adjusted``."""
    codes = AdjustmentLine.objects.filter(batch__status=BatchStatus.APPROVED, batch__effective_from__year=year).values(
        "code"
    )
    return PowerItem.objects.filter(code__in=codes).order_by("code")


def powers_total(year: int) -> int:
    """Power items in force on 31 December of ``year`` (共有职权)."""
    return powers_at_year_end(year).count()


def powers_adjusted(year: int) -> int:
    """Distinct items touched by approved batches effective in ``year`` (调整职权)."""
    return (
        AdjustmentLine.objects.filter(batch__status=BatchStatus.APPROVED, batch__effective_from__year=year)
        .values("code")
        .distinct()
        .count()
    )


def item_states(codes: list[str]) -> dict[str, workflow.ItemState]:
    """The state of each listed code as the pure validator needs it (one query over their versions)."""
    out: dict[str, workflow.ItemState] = {}
    rows = (
        PowerItemVersion.objects.filter(item__code__in=codes)
        .order_by("item__code", "effective_from")
        .values_list("item__code", "effective_from", "effective_to")
    )
    for code, start, end in rows:
        first = out[code].first_from if code in out else start
        out[code] = workflow.ItemState(code=code, first_from=first, latest_from=start, latest_to=end)
    return out


def batch_problems(batch: AdjustmentBatch) -> list[workflow.LineProblem]:
    """Validate every line of ``batch`` against the current list (nothing is written)."""
    lines = list(batch.lines.order_by("position"))
    states = {}
    codes = [line.code for line in lines]
    for i in range(0, len(codes), 500):
        states.update(item_states(codes[i : i + 500]))
    return workflow.validate_lines(
        [
            workflow.LineInput(
                position=line.position,
                action=line.action,
                code=line.code,
                name=line.name,
                category=line.category,
                has_legal_basis=bool(line.legal_basis) and any(e.get("instrument") for e in line.legal_basis),
            )
            for line in lines
        ],
        states,
        effective_from=batch.effective_from,
        categories=PowerCategory.values,
    )


def batch_list(*, status: str = "", published_only: bool = False) -> QuerySet[AdjustmentBatch]:
    qs = AdjustmentBatch.objects.annotate(line_count=Count("lines"))
    if published_only:
        qs = qs.filter(status=BatchStatus.APPROVED)
    elif status:
        qs = qs.filter(status=status)
    return qs.order_by("-effective_from", "-id")


def line_counts(batch: AdjustmentBatch) -> dict[str, int]:
    counts = dict(batch.lines.values_list("action").annotate(n=Count("id")).values_list("action", "n"))
    return {"add": counts.get("add", 0), "change": counts.get("change", 0), "remove": counts.get("remove", 0)}


def home_panels(user) -> list[dict]:
    """Leaders see batches waiting for approval; preparers their drafts and returned batches."""
    from django.urls import reverse

    from fazhi.core.roles import user_can

    panels = []
    if user_can(user, "powers.approve"):
        waiting = list(AdjustmentBatch.objects.filter(status=BatchStatus.SUBMITTED).order_by("effective_from")[:10])
        panels.append(
            {
                "title": "权责清单调整待审批",
                "link": reverse("powers:batch_list"),
                "items": [
                    {
                        "text": f"{b.number} {b.title}",
                        "url": reverse("powers:batch_review", args=[b.pk]),
                        "note": f"{b.effective_from} 生效",
                        "tone": "warn",
                    }
                    for b in waiting
                ],
                "figures": [{"label": "待审批", "value": len(waiting), "tone": "warn" if waiting else ""}],
            }
        )
    elif user_can(user, "powers.prepare"):
        mine = list(
            AdjustmentBatch.objects.filter(status__in=[BatchStatus.DRAFT, BatchStatus.REJECTED]).order_by("-id")[:10]
        )
        if mine:
            panels.append(
                {
                    "title": "权责清单调整（草稿/退回）",
                    "link": reverse("powers:batch_list"),
                    "items": [
                        {
                            "text": f"{b.number} {b.title}",
                            "url": reverse("powers:batch_detail", args=[b.pk]),
                            "note": b.get_status_display(),
                            "tone": "bad" if b.status == BatchStatus.REJECTED else "",
                        }
                        for b in mine
                    ],
                    "figures": [],
                }
            )
    return panels
