"""The file-review overview."""

from __future__ import annotations

from django.shortcuts import render

from fazhi.core.access import staff_view
from fazhi.core.clock import legal_today
from fazhi.core.roles import user_can
from fazhi.file_reviews import selectors
from fazhi.file_reviews.choices import RectificationStatus


@staff_view("file_reviews.view")
def home(request):
    user = request.user
    dist = selectors.live_distribution(user)
    bars, x = [], 0.0
    for label, n, color in (
        ("90 分以上", dist["excellent"], "#2e7d32"),
        ("70–89 分", dist["passing"], "#ef8f00"),
        ("70 分以下", dist["failing"], "#c62828"),
    ):
        width = 100 * n / dist["total"] if dist["total"] else 0
        bars.append({"label": label, "n": n, "x": round(x, 3), "w": round(width, 3), "color": color})
        x += width
    return render(
        request,
        "file_reviews/home.html",
        {
            "bars": bars,
            "rounds": selectors.rounds(user)[:20],
            "to_score": selectors.files_to_score(user)[:20],
            "rectifications": selectors.visible_rectifications(user)
            .exclude(status=RectificationStatus.VERIFIED)
            .order_by("due_on")[:20],
            "dist": dist,
            "blocked": selectors.live_queue(user, limit=10),
            "can_organise": user_can(user, "file_reviews.organise"),
            "can_send_up": user_can(user, "file_reviews.send_up"),
            "today": legal_today(),
        },
    )
