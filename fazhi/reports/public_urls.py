"""The published annual reports, mounted at /public/reports/ (namespace ``publicity:public_reports``)."""

from django.urls import path

from fazhi.reports import public_views

PUBLIC_SECTIONS = [
    {
        "title": "法治政府建设年度报告",
        "description": "本局各年度法治政府建设年度报告（经局领导审定后公开）",
        "url_name": "list",
    },
]

urlpatterns = [
    path("", public_views.report_list, name="list"),
    path("<str:kind>/<int:year>/", public_views.report, name="report"),
    path("<str:kind>/<int:year>/document/", public_views.report_document, name="report_document"),
    path("<str:kind>/<int:year>.pdf", public_views.report_pdf, name="report_pdf"),
]
