"""Public pages: typical cases (以案释法), mounted at /public/activities/. Only the frozen masked text is shown."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path

from fazhi.activities import selectors
from fazhi.activities.models import TypicalCase
from fazhi.core.access import public_view
from fazhi.core.errors import NotFound
from fazhi.core.pages import page_number


@public_view
def typical_list(request):
    page = Paginator(selectors.public_typical_cases(), 20).get_page(page_number(request))
    return render(request, "activities/public_typical_list.html", {"page_obj": page})


@public_view
def typical_detail(request, pk: int):
    try:
        case = selectors.public_typical_cases().get(pk=pk)
    except TypicalCase.DoesNotExist as exc:
        raise NotFound("典型案例") from exc
    return render(request, "activities/public_typical_detail.html", {"case": case})


urlpatterns = [
    path("cases/", typical_list, name="typical_list"),
    path("cases/<int:pk>/", typical_detail, name="typical_detail"),
]

PUBLIC_SECTIONS = [
    {
        "title": "以案释法典型案例",
        "description": "本局发布的市场监管执法典型案例及法律解读（已脱敏）",
        "url_name": "typical_list",
    },
]
