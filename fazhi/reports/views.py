from __future__ import annotations

import json
from decimal import Decimal

from django.http import HttpResponse
from django.shortcuts import render

from fazhi.core.access import staff_view
from fazhi.core.clock import legal_today
from fazhi.reports.catalogue import compute_all
from fazhi.reports.selectors import dashboard as dashboard_rows


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = legal_today().year - 1
    return min(max(year, 2000), legal_today().year)


@staff_view("reports.view")
def dashboard(request):
    year = _year(request)
    years = list(range(legal_today().year, legal_today().year - 6, -1))
    return render(request, "reports/dashboard.html", {"year": year, "years": years, "groups": dashboard_rows(year)})


@staff_view("reports.view")
def metrics_json(request):
    year = _year(request)
    values = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in compute_all(year).items()}
    return HttpResponse(json.dumps({"year": year, "metrics": values}, ensure_ascii=False), content_type="application/json")
