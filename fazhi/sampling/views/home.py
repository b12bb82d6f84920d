"""The sampling overview: the year's figures and what waits."""

from __future__ import annotations

from django.shortcuts import render

from fazhi.core.access import staff_view
from fazhi.core.metrics import METRICS, format_value
from fazhi.core.roles import user_can
from fazhi.sampling import selectors
from fazhi.sampling.views.common import (
    HOME_METRICS,
    report_years,
)


@staff_view("sampling.view")
def home(request):
    years = report_years()
    table = []
    for metric_id in HOME_METRICS:
        metric = METRICS[metric_id]
        table.append({"label": metric.label, "values": [format_value(metric, metric.value(y)) for y in years]})
    areas = selectors.area_figures(years[1])
    peak = max([a["batches"] for a in areas] + [1])
    for a in areas:
        a["width"] = round(100 * a["batches"] / peak)
    return render(
        request,
        "sampling/home.html",
        {
            "years": years,
            "table": table,
            "areas": areas,
            "panels": selectors.home_panels(request.user),
            "can_plan": user_can(request.user, "sampling.plan"),
        },
    )
