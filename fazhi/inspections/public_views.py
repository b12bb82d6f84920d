"""Public pages (公示, no login): plans and their tasks, each task's pools (hash, criteria and counts), the seed's
source or commitment, the seed once fixed, replacements with the leader's approval, the draws (record files anyone
can verify), the selected entities and the published results — in Chinese, masked, without internal supervision
data (no risk class of any entity, no recusal reason)."""

from __future__ import annotations

from decimal import Decimal

from django.core.paginator import Paginator
from django.shortcuts import render

from fazhi.core.access import public_view
from fazhi.core.errors import NotFound
from fazhi.core.pages import page_number
from fazhi.inspections import selectors, services
from fazhi.inspections.choices import ReplacementStatus, TaskStatus
from fazhi.inspections.models import Draw, FrozenPool, InspectionAssignment
from fazhi.inspections.views import record_response
from fazhi.registry.choices import EntityKind, IndustrySection, RiskClass
from fazhi.rulebook.masking import mask_person_name, mask_text

DRAWN = (TaskStatus.DRAWN, TaskStatus.IN_PROGRESS, TaskStatus.FINISHED, TaskStatus.PUBLISHED)


def public_entity_name(name: str, kind: str) -> str:
    """An individual business without a trade name is often registered under its operator's name: mask it.

    (Operator names themselves — ``legal_representative`` — are never shown.)
    """
    name = mask_text(name)
    if kind == EntityKind.INDIVIDUAL and len(name) <= 4 and not any(w in name for w in ("店", "部", "行", "厂", "馆")):
        return mask_person_name(name)
    return name


def _labels(choices, values) -> str:
    known = dict(choices.choices)
    return "、".join(str(known.get(v, v)) for v in values) or "不限"


def _percent(value) -> str:
    return format((Decimal(value) * 100).normalize(), "f") + "%"


def _sampling(task, frozen) -> str:
    if task.sample_size:
        return f"抽取 {task.sample_size} 户"
    if task.sample_ratio is not None:
        return f"按 {_percent(task.sample_ratio)} 的比例抽取"
    ratios = "，".join(f"{k} 类 {_percent(v)}" for k, v in sorted((task.strata_ratios or {}).items()))
    return f"按信用风险分类分层抽取（{ratios}）"


@public_view
def plans(request):
    rows = selectors.published_plans().prefetch_related("member_units").order_by("-year", "id")
    return render(request, "inspections/public/plans.html", {"plans": rows})


@public_view
def tasks(request):
    qs = selectors.public_tasks().order_by("-window_start", "id")
    page = Paginator(qs, 50).get_page(page_number(request))
    return render(request, "inspections/public/tasks.html", {"page_obj": page, "rows": page.object_list})


@public_view
def task(request, pk: int):
    task = selectors.public_tasks().filter(pk=pk).first()
    if task is None:
        raise NotFound("抽查任务")
    frozen = FrozenPool.objects.filter(task=task).first()
    items = [
        {
            "name": i.name,
            "legal_basis": i.legal_basis,
            "method": i.get_method_display(),
            "objects": "；".join(
                [
                    f"{label}：{_labels(choices, values)}"
                    for label, choices, values in (
                        ("主体类型", EntityKind, i.object_kinds),
                        ("行业门类", IndustrySection, i.object_industries),
                        ("信用风险分类", RiskClass, i.object_risk_classes),
                    )
                ]
                + ([f"持有许可事项：{' 或 '.join(i.object_permit_matters)}"] if i.object_permit_matters else [])
            ),
        }
        for i in task.items.all()
    ]
    strata = []
    if frozen is not None and task.strata_ratios is not None:
        strata = [{"label": f"{k} 类", "count": v} for k, v in sorted(frozen.strata.items())]
    seeds = list(task.seeds.order_by("id"))
    replacements = [
        {
            "requested_at": r.requested_at,
            "reason": r.reason,
            "status": r.get_status_display(),
            "approved": r.status == ReplacementStatus.APPROVED,
            "decided_by": f"{r.decided_by.role_label} {mask_person_name(str(r.decided_by))}" if r.decided_by else "",
            "decided_at": r.decided_at,
            "note": r.decision_note,
        }
        for r in task.seed_replacements.select_related("decided_by").order_by("id")
        if r.status != ReplacementStatus.REQUESTED
    ]
    drawn_seeds = set(Draw.objects.filter(task=task, staging=False).values_list("seed_id", flat=True))
    seed_rows = [
        {
            "kind": s.get_kind_display(),
            "lottery": s.kind == "lottery",
            "source": s.source,
            "announced_at": s.announced_at,
            "draw_at": s.draw_at,
            "commitment": s.commitment,
            # A secret is revealed by its draw (or when it was replaced); lottery numbers once two people agree.
            "value": s.value if (s.kind == "lottery" or s.pk in drawn_seeds or s.superseded_at) else "",
            "confirmed_at": s.confirmed_at,
            "superseded": s.superseded_at is not None,
        }
        for s in seeds
    ]
    draws = list(task.draws.filter(staging=False).select_related("seed").order_by("id"))
    selected = []
    if task.status in DRAWN:
        rows = (
            InspectionAssignment.objects.filter(task=task, draw__superseded_by__isnull=True, draw__staging=False)
            .select_related("entity", "result")
            .order_by("rank")[:5000]
        )
        published = task.status == TaskStatus.PUBLISHED
        selected = [
            {
                "rank": a.rank,
                "name": public_entity_name(a.entity.name, a.entity.kind),
                "uscc": a.entity.identifier,
                "category": a.result.get_category_display() if published and hasattr(a, "result") else "",
                "inspected_on": a.result.inspected_on if published and hasattr(a, "result") else None,
            }
            for a in rows
        ]
    return render(
        request,
        "inspections/public/task.html",
        {
            "task": task,
            "frozen": frozen,
            "items": items,
            "sampling": _sampling(task, frozen),
            "strata": strata,
            "seeds": seed_rows,
            "replacements": replacements,
            "draws": draws,
            "selected": selected,
            "published": task.status == TaskStatus.PUBLISHED,
        },
    )


@public_view
def pool(request, pk: int):
    """The published candidate list of a task (``uscc TAB commitment``): its SHA-256 is the published pool hash."""
    # Look the task up by its own primary key first: a related-id lookup (``task_id=``) does not turn an
    # out-of-range id (a 30-digit URL) into "no row" the way a primary-key lookup does.
    task = selectors.public_tasks().filter(pk=pk).first()
    frozen = FrozenPool.objects.filter(task=task).first() if task is not None else None
    if frozen is None:
        raise NotFound("名录库")
    return record_response(services.pool_chunks(frozen), f"pool-{pk}.txt")


@public_view
def draw_record(request, pk: int):
    draw = Draw.objects.filter(pk=pk, staging=False, task__in=selectors.public_tasks()).first()
    if draw is None:
        raise NotFound("抽取记录")
    return record_response(services.record_chunks(draw, disclosure="public"), f"draw-{draw.task_id}-{draw.pk}.txt")
