"""Public pages: published penalty decisions (masked), mounted at /public/cases/."""

from django.shortcuts import render
from django.urls import path

from fazhi.cases import selectors
from fazhi.cases.models import Publication
from fazhi.core.access import public_view
from fazhi.core.clock import legal_today
from fazhi.core.errors import NotFound
from fazhi.core.pages import page_number


@public_view
def publication_list(request):
    from django.core.paginator import Paginator

    page = Paginator(selectors.public_publications(today=legal_today()), 25).get_page(page_number(request))
    return render(request, "cases/public_list.html", {"page_obj": page})


@public_view
def publication_detail(request, pk: int):
    try:
        pub = selectors.public_publications(today=legal_today()).get(pk=pk)
    except Publication.DoesNotExist as exc:
        raise NotFound("公示信息") from exc
    return render(request, "cases/public_detail.html", {"pub": pub})


urlpatterns = [
    path("", publication_list, name="publication_list"),
    path("<int:pk>/", publication_detail, name="publication_detail"),
]

PUBLIC_SECTIONS = [
    {
        "title": "行政处罚信息公示",
        "description": "本局依普通程序作出的行政处罚决定（已脱敏）",
        "url_name": "publication_list",
    },
]
