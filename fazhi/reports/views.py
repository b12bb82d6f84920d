from __future__ import annotations

import json
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from fazhi.core.access import staff_view
from fazhi.core.clock import legal_today
from fazhi.core.metrics import compute_all
from fazhi.reports.annual import build_annual_report
from fazhi.reports.documents import FORMATS
from fazhi.reports.documents import render as render_document
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
    return HttpResponse(
        json.dumps({"year": year, "metrics": values}, ensure_ascii=False), content_type="application/json"
    )


@staff_view("reports.view")
def annual(request, year: int, fmt: str):
    """The annual 法治政府建设年度报告 draft for ``year`` as .docx, .pdf or .json (a download)."""
    if fmt not in FORMATS or not 2000 <= year <= legal_today().year:
        raise Http404("没有这种格式或年度的年度报告。")
    data = render_document(build_annual_report(year), fmt)
    response = HttpResponse(data, content_type=FORMATS[fmt])
    if fmt != "json":
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"{year}年法治政府建设年度报告（系统生成稿）.{fmt}"
        )
    return response
