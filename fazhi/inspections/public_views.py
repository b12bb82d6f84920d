"""Public pages (公示, no login): plans, tasks with frozen-pool hashes and the seed's source, draw records
(JSON, with how to verify them) and published results — masked, no natural persons' data."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from fazhi.core.access import public_view
from fazhi.core.errors import NotFound
from fazhi.inspections import selectors
from fazhi.inspections.choices import TaskStatus
from fazhi.inspections.models import Draw, InspectionAssignment
from fazhi.inspections.views import _record_response
from fazhi.registry.choices import EntityKind
from fazhi.rulebook.masking import mask_person_name, mask_text


def public_entity_name(name: str, kind: str) -> str:
    """An individual business without a trade name is often registered under its operator's name: mask it.

    (Operator names themselves — ``legal_representative`` — are never shown.)
    """
    name = mask_text(name)
    if kind == EntityKind.INDIVIDUAL and len(name) <= 4 and not any(w in name for w in ("店", "部", "行", "厂", "馆")):
        return mask_person_name(name)
    return name


@public_view
def plans(request):
    rows = selectors.published_plans().prefetch_related("member_units").order_by("-year", "id")
    return render(request, "inspections/public/plans.html", {"plans": rows})


@public_view
def tasks(request):
    qs = selectors.public_tasks().order_by("-window_start", "id")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "inspections/public/tasks.html", {"page_obj": page, "rows": page.object_list})


@public_view
def task(request, pk: int):
    task = selectors.public_tasks().filter(pk=pk).first()
    if task is None:
        raise NotFound("抽查任务")
    frozen = getattr(task, "frozen_pool", None) if hasattr(task, "frozen_pool") else None
    draws = list(task.draws.select_related("superseded_by").order_by("id"))
    results = []
    if task.status == TaskStatus.PUBLISHED:
        results = [
            {
                "name": public_entity_name(a.entity.name, a.entity.kind),
                "uscc": a.entity.uscc or "",
                "category": a.result.get_category_display() if hasattr(a, "result") else "未录入",
                "inspected_on": a.result.inspected_on if hasattr(a, "result") else None,
            }
            for a in InspectionAssignment.objects.filter(task=task, draw__superseded_by__isnull=True)
            .select_related("entity", "result")
            .order_by("rank")[:2000]
        ]
    return render(
        request,
        "inspections/public/task.html",
        {"task": task, "frozen": frozen, "draws": draws, "items": task.items.all(), "results": results},
    )


@public_view
def draw_record(request, pk: int):
    draw = Draw.objects.filter(pk=pk, task__in=selectors.public_tasks()).first()
    if draw is None:
        raise NotFound("抽取记录")
    return _record_response(draw)
