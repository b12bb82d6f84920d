"""The live review queue."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse

from fazhi.core.access import staff_view
from fazhi.core.clock import legal_today
from fazhi.core.pages import page_number
from fazhi.file_reviews import selectors
from fazhi.file_reviews.views.common import (
    PAGE,
)


@staff_view("file_reviews.view")
def live_queue(request):
    page = page_number(request)
    blocking_only = request.GET.get("all") != "1"
    rows = selectors.live_queue(request.user, blocking_only=blocking_only, limit=PAGE + 1, offset=(page - 1) * PAGE)
    rubric = selectors.rubric_for(legal_today())
    labels = {cp.id: cp.text for cp in rubric.checkpoints}
    for row in rows:
        row["failed_labels"] = [labels.get(c, c) for c in row["failed"]]
        row["url"] = reverse("cases:case_detail", kwargs={"pk": row["case_id"]})
    return render(
        request,
        "file_reviews/live_queue.html",
        {
            "rows": rows[:PAGE],
            "page": page,
            "has_next": len(rows) > PAGE,
            "blocking_only": blocking_only,
            "dist": selectors.live_distribution(request.user),
        },
    )
