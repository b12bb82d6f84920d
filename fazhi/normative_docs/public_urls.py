"""Public pages: the lists of valid and of repealed normative documents (mounted at /public/normative_docs/)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path

from fazhi.core.access import public_view
from fazhi.core.clock import legal_today
from fazhi.core.pages import page_number
from fazhi.normative_docs import selectors


def _page(request, qs, title: str, note: str):
    page = Paginator(qs, 50).get_page(page_number(request))
    return render(
        request,
        "normative_docs/public_list.html",
        {"page_obj": page, "title": title, "note": note, "rounds": list(selectors.published_cleanups()[:5])},
    )


@public_view
def valid(request):
    return _page(
        request,
        selectors.public_valid(legal_today()),
        "现行有效的行政规范性文件目录",
        "未列入本目录的规范性文件，不得作为行政管理的依据。",
    )


@public_view
def repealed(request):
    return _page(
        request,
        selectors.public_ended(legal_today()),
        "已废止、失效的行政规范性文件目录",
        "以下文件已废止、宣布失效或有效期届满，不再作为行政管理的依据。",
    )


urlpatterns = [path("valid/", valid, name="valid"), path("repealed/", repealed, name="repealed")]

PUBLIC_SECTIONS = [
    {
        "title": "现行有效的规范性文件",
        "description": "本局现行有效的行政规范性文件目录（清理后公布）",
        "url_name": "valid",
    },
    {
        "title": "已废止、失效的规范性文件",
        "description": "经清理废止、宣布失效或有效期届满的行政规范性文件",
        "url_name": "repealed",
    },
]
