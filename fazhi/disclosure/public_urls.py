"""Public pages: the proactive disclosure catalogue (主动公开目录), mounted at /public/disclosure/."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path

from fazhi.core.access import public_view
from fazhi.core.pages import page_number
from fazhi.disclosure import selectors


@public_view
def catalogue(request):
    qs = selectors.public_documents()
    q = request.GET.get("q", "").strip()[:60]
    if q:
        qs = qs.filter(title__contains=q)
    page = Paginator(qs, 30).get_page(page_number(request))
    return render(request, "disclosure/public_catalogue.html", {"page_obj": page, "q": q})


urlpatterns = [path("catalogue/", catalogue, name="catalogue")]

PUBLIC_SECTIONS = [
    {
        "title": "政府信息主动公开目录",
        "description": "本局依照《政府信息公开条例》主动公开的政府信息：规范性文件、行政许可、行政处罚等",
        "url_name": "catalogue",
    },
]
