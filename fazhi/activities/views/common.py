"""Helpers shared by the activities views."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from fazhi.core.clock import legal_today


def year_param(request: Any) -> int:
    """``?year=`` within a sensible range, or the legal today's year (a screen recovers; it does not refuse)."""
    raw = request.GET.get("year", "")
    if raw.isascii() and raw.isdigit() and len(raw) == 4 and 2000 <= int(raw) <= legal_today().year + 1:
        return int(raw)
    return legal_today().year


def word_response(data: bytes, name: str) -> HttpResponse:
    """A .docx download with a Chinese file name (RFC 5987)."""
    from urllib.parse import quote

    from fazhi.activities.documents import DOCX

    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.docx"
    response["X-Content-Type-Options"] = "nosniff"
    return response
