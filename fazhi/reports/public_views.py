"""Public pages of the annual reports: only approved copies the leader published, as they were approved."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.clickjacking import xframe_options_sameorigin

from fazhi.core.access import public_view
from fazhi.core.errors import NotFound
from fazhi.reports import selectors
from fazhi.reports.choices import report_kinds
from fazhi.reports.documents import render_html, render_pdf


def _published(kind: str, year: int):
    approval = selectors.published_report(kind, year) if kind in report_kinds() else None
    if approval is None:
        raise NotFound("该年度报告")
    return selectors.report_from_approval(approval)


@public_view
def report_list(request):
    rows = [
        {
            "approval": a,
            "name": report_kinds().get(a.draft.kind, a.draft.kind),
            "kind": a.draft.kind,
            "year": a.draft.year,
        }
        for a in selectors.published_reports()
    ]
    seen: set[tuple[str, int]] = set()
    latest = []
    for row in rows:  # the newest published approval of each report
        if (row["kind"], row["year"]) not in seen:
            seen.add((row["kind"], row["year"]))
            latest.append(row)
    return render(request, "reports/public_list.html", {"rows": latest})


# The report document is its own page, framed by the report page of this site only: the site-wide policy forbids
# framing (X-Frame-Options DENY, frame-ancestors 'none'), and an ``srcdoc`` frame inherits the framing page's policy
# and stayed blank in Chromium. The document needs no script, only its own inline style and data: chart images.
DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'"


@public_view
def report(request, kind: str, year: int):
    the_report = _published(kind, year)
    return render(request, "reports/public_report.html", {"report": the_report, "kind": kind})


@public_view
@xframe_options_sameorigin
def report_document(request, kind: str, year: int):
    response = HttpResponse(render_html(_published(kind, year)))
    response["Content-Security-Policy"] = DOCUMENT_CSP
    return response


@public_view
def report_pdf(request, kind: str, year: int):
    the_report = _published(kind, year)
    response = HttpResponse(render_pdf(the_report), content_type="application/pdf")
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=False, filename=f"{the_report.title}.pdf") or ""
    )
    return response
