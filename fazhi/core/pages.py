"""Query parameters from URLs: page numbers and bounded integers (never a 500 on ``?page=abc``)."""

from __future__ import annotations

from typing import Any

from fazhi.core import validation
from fazhi.core.errors import DomainError

MAX_PAGE = 10**6


def page_number(request: Any, name: str = "page") -> int:
    """The page asked for, or 1 when absent or not a page number (a screen recovers; it does not refuse)."""
    raw = request.GET.get(name, "")
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < len(raw) <= 7 and 0 < int(raw) <= MAX_PAGE else 1


def query_int(request: Any, name: str, *, default: int, minimum: int = 0, maximum: int = validation.INT_MAX) -> int:
    """An integer query parameter; an invalid value is a field error (``number.*``) for the API to answer 422."""
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    value = validation.bounded_int(raw, field=name, minimum=minimum, maximum=maximum)
    assert value is not None
    return value


def screen_int(
    request: Any, name: str, *, default: int | None, minimum: int = 0, maximum: int = MAX_PAGE
) -> int | None:
    """An integer query parameter of a screen (offsets, ids in filters): ``default`` when absent or not an integer
    within bounds — like ``page_number``, a screen recovers instead of refusing (a 30-digit id is not a 500)."""
    raw = str(request.GET.get(name, "")).strip()
    try:
        value = validation.bounded_int(raw, field=name, minimum=minimum, maximum=maximum, required=False)
    except DomainError:
        return default
    return default if value is None else value
