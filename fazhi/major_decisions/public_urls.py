"""Public page: the year's catalogue of major administrative decisions (mounted at /public/major_decisions/)."""

from django.shortcuts import render
from django.urls import path

from fazhi.core.access import public_view
from fazhi.core.clock import legal_today
from fazhi.core.pages import screen_int
from fazhi.major_decisions import selectors


@public_view
def catalogue(request):
    today = legal_today()
    year = screen_int(request, "year", default=today.year, minimum=2019, maximum=2100) or today.year
    return render(
        request, "major_decisions/public_catalogue.html",
        {"year": year, "years": range(today.year, 2018, -1), "rows": list(selectors.public_catalogue(year))},
    )  # fmt: skip


urlpatterns = [path("catalogue/", catalogue, name="catalogue")]

PUBLIC_SECTIONS = [
    {
        "title": "重大行政决策事项目录",
        "description": "本局年度重大行政决策事项目录及已公布的决策",
        "url_name": "catalogue",
    },
]
