"""Public views of the kernel: the audit chain's anchors (read from the anchor file, not from the database)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from fazhi.core import anchors
from fazhi.core.access import public_view


@public_view
def audit_anchors(request):
    data = anchors.read_anchor_file()
    return render(
        request,
        "core/public_anchors.html",
        {"rows": anchors.anchor_rows(limit=400), "problem": data.problem, "exists": data.exists},
    )


@public_view
def audit_anchors_file(request):
    """The anchor file itself (JSON Lines), for anyone who wants to archive it or check it with their own tools."""
    data = anchors.read_anchor_file()
    body = "".join(a.as_json() + "\n" for a in data.anchors)
    response = HttpResponse(body, content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="audit-anchors.jsonl"'
    return response
