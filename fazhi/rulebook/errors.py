"""Coded errors raised by the rulebook.

Every error carries a stable ``code`` (tests assert it), a Chinese ``message`` that says
what to do, and ``params`` with the values the message names.
"""

from __future__ import annotations

from typing import Any


class RulebookError(Exception):
    """Base class for every error the legal core raises."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message
        self.params = params

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, **{k: str(v) for k, v in self.params.items()}}


class TableError(RulebookError):
    """A rule table is malformed (unknown key, overlap, missing citation …)."""
