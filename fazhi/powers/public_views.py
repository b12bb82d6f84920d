"""Public views (no login) of the power list: approved data only, no personal data."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from fazhi.core import pages
from fazhi.core.access import public_view
from fazhi.core.errors import NotFound
from fazhi.powers import selectors
from fazhi.powers.choices import BatchStatus
from fazhi.powers.models import AdjustmentBatch
from fazhi.powers.views import PAGE_SIZE, diff_context, export_response, history_context, list_context

NS = "publicity:public_powers"


@public_view
def power_list(request):
    return render(request, "powers/list.html", {**list_context(request, NS), "public": True})


@public_view
def export(request):
    return export_response(request)


@public_view
def item(request, code: str):
    return render(request, "powers/item.html", {**history_context(code, NS), "public": True})


@public_view
def diff(request):
    return render(request, "powers/diff.html", {**diff_context(request, NS), "public": True})


@public_view
def batches(request):
    page = Paginator(selectors.batch_list(published_only=True), PAGE_SIZE).get_page(pages.page_number(request))
    return render(
        request, "powers/batch_list.html", {"page_obj": page, "batches": page.object_list, "public": True, "ns": NS}
    )


@public_view
def batch(request, pk: int):
    found = AdjustmentBatch.objects.filter(pk=pk, status=BatchStatus.APPROVED).first()
    if found is None:
        raise NotFound("调整函")
    return render(
        request,
        "powers/public_batch.html",
        {"batch": found, "lines": found.lines.select_related("department").order_by("position"),
         "counts": selectors.line_counts(found), "public": True, "ns": NS},
    )  # fmt: skip
