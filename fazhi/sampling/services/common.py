"""Shared pieces of the sampling services: permission and department scope of a write, the state step, dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fazhi.core import validation
from fazhi.core.access import is_department_scoped, require
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError, NotFound


def check_write(actor: Any, permission: str, department: Any, what: str) -> None:
    """The actor holds ``permission`` and, if department-scoped, acts on its own department's record (the same
    "not found" as a missing record: what a role may not see it may not write)."""
    if actor is not None:
        require(actor, permission)
    if department is None:  # bureau-wide records (labs)
        return
    if is_department_scoped(actor) and getattr(department, "pk", department) != actor.department_id:
        raise NotFound(what)


def step_on(value: Any, *, field: str, what: str, not_before: dt.date | None = None, previous: str = "") -> dt.date:
    """The one date rule (not after the legal today, not before the previous step)."""
    return validation.step_date(
        value, today=legal_today(), not_before=not_before, field=field, what=what, previous=previous or "上一步骤"
    )


def short_text(value: Any, *, field: str, what: str, max_chars: int, required: bool = False) -> str:
    return validation.text(value, field=field, max_chars=max_chars, required=required, what=what)


def refuse(code: str, message: str, field: str | None = None) -> DomainError:
    return DomainError(code, message, field=field)
