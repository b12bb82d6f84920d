"""证照分离 matters."""

from __future__ import annotations

from django.shortcuts import render

from fazhi.core.access import staff_view
from fazhi.core.pages import page_number
from fazhi.core.roles import user_can
from fazhi.registry import permits as permit_selectors
from fazhi.registry.choices import ReformMode
from fazhi.sampling.views.common import (
    PAGE,
    report_years,
    year_param,
)


@staff_view("sampling.view")
def permit_list(request):
    year = year_param(request) or report_years()[1]
    mode = request.GET.get("mode", "")
    if mode not in ReformMode.values:
        mode = ReformMode.NOTIFY_COMMIT
    qs = permit_selectors.permit_matters(year, mode).select_related("department")
    number = request.GET.get("number", "").strip()[:60]
    if number:
        qs = qs.filter(number=number)
    page = page_number(request)
    rows = list(qs[(page - 1) * PAGE : page * PAGE + 1])
    counts = {m: permit_selectors.permit_count(year, m) for m in ReformMode.values}
    return render(
        request,
        "sampling/permit_list.html",
        {
            "rows": rows[:PAGE],
            "page": page,
            "has_next": len(rows) > PAGE,
            "year": year,
            "mode": mode,
            "modes": [(m, label, counts[m]) for m, label in ReformMode.choices],
            "number": number,
            "can_import": user_can(request.user, "registry.import"),
        },
    )
