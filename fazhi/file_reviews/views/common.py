"""What the file-review screens share: the page size and the revision a form posted."""

from __future__ import annotations

from typing import Any

from fazhi.core.revision import parse_revision

PAGE = 50


def form_revision(d: dict[str, Any]) -> int | None:
    return parse_revision(d.get("revision"))
