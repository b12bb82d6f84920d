"""Shared pieces of the case services: who may act, the one date rule, locking, transitions, numbers.

Every step goes through :func:`transition` (a change of state) or :func:`record_step` (a record without a change
of state): the actor's permission and department are checked on the object, the step date follows the one rule
(not after the legal today, not before the previous step), the row is locked with the revision the screen showed,
and numbers are taken last, inside the same transaction, so a refused step consumes none.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import transaction

from fazhi.cases import workflow
from fazhi.cases.models import Case
from fazhi.core import numbering, revision, validation
from fazhi.core.access import is_department_scoped
from fazhi.core.audit import audit_record
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError, NotFound, PermissionDenied
from fazhi.core.roles import user_can

NUMBER_SCOPE_PREFIX = "cases."
F = TypeVar("F", bound=Callable[..., Any])


def step(service: F) -> F:
    """Mark a step service: when it fails, the caller's ``case`` (or ``clue``) instance is re-read, so that values a
    rolled-back transaction had copied onto it (state, revision …) never outlive the refusal."""

    @functools.wraps(service)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return service(*args, **kwargs)
        except Exception:
            for name in ("case", "clue"):
                instance = kwargs.get(name)
                if instance is not None and getattr(instance, "pk", None):
                    instance.refresh_from_db()
            raise

    return wrapper  # type: ignore[return-value]


def require_actor(actor: Any, permission: str, *, department_id: int | None, what: str = "案件") -> None:
    """The object-level check of every write: the actor holds ``permission`` and, when the role is scoped to a
    department (执法人员, 科室负责人), the record belongs to that department — the same answer as for a record
    that does not exist, so a chief of another office can neither see nor act on it (pages, API and bulk alike)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(permission)
    if not user_can(actor, permission):
        raise PermissionDenied(permission)
    if is_department_scoped(actor) and actor.department_id != department_id:
        raise NotFound(what)


def require_case_actor(actor: Any, permission: str, case: Case) -> None:
    require_actor(actor, permission, department_id=case.department_id)


def step_date(
    value: Any,
    *,
    case: Case | None = None,
    not_before: dt.date | None = None,
    what: str = "办理日期",
    field: str = "on",
) -> dt.date:
    """The one date rule of a step: not after the legal today, not before the case's latest step (or
    ``not_before``, whichever is later)."""
    floors = [d for d in (not_before, case.last_step_on if case is not None else None) if d is not None]
    return validation.step_date(
        value,
        today=legal_today(),
        not_before=max(floors) if floors else None,
        field=field,
        what=what,
        previous="本案上一办理步骤",
    )


def expected_revision(case: Case, revision_value: Any) -> int:
    """The revision the screen showed (hidden field), or the instance's own when none was sent."""
    parsed = revision.parse_revision(revision_value)
    return case.revision if parsed is None else parsed


@contextmanager
def locked_case(case: Case, *, revision_value: Any = None) -> Iterator[Case]:
    """Lock ``case`` (inside a transaction) with the revision the caller saw; ``concurrency.stale`` otherwise."""
    with transaction.atomic():
        yield revision.lock(case, revision=expected_revision(case, revision_value), what="案件")


def save_case(locked: Case, original: Case, fields: list[str]) -> Case:
    """Bump the revision, save ``fields`` and copy the new values onto the caller's instance."""
    revision.save_bumped(locked, list(fields), original=original)
    return original


def advance_last_step(locked: Case, on: dt.date | None) -> list[str]:
    if on is not None and (locked.last_step_on is None or on > locked.last_step_on):
        locked.last_step_on = on
        return ["last_step_on"]
    return []


def transition(
    case: Case,
    event: workflow.Event,
    *,
    actor: Any,
    on: dt.date,
    fields: dict[str, Any] | None = None,
    facts: dict[str, Any] | None = None,
    revision_value: Any = None,
) -> Case:
    """Apply one event of the state table to ``case``: actor checked on the object, locked, revision-checked,
    date-checked against the previous step, audited, the next actor refreshed — in one transaction."""
    require_case_actor(actor, workflow.EVENT_PERMISSIONS[event], case)
    with locked_case(case, revision_value=revision_value) as locked:
        if locked.last_step_on is not None and on < locked.last_step_on:
            raise DomainError(
                "date.too_early",
                f"办理日期（{on:%Y-%m-%d}）早于本案上一办理步骤的日期（{locked.last_step_on:%Y-%m-%d}），请核对",
                field="on",
            )
        before = locked.state
        nxt = workflow.target(locked.state, event, locked.procedure)
        locked.state = nxt.value
        for name, value in (fields or {}).items():
            setattr(locked, name, value)
        extra = advance_last_step(locked, on)
        save_case(locked, case, ["state", *(fields or {}), *extra])
        audit_record(
            action=f"cases.{event.value}",
            target=case,
            actor=actor,
            changes={"state": [before, nxt.value], "on": on, **(fields or {}), **(facts or {})},
        )
    return case


def next_number(kind: str, year: int) -> int:
    """The next number of the cases module's ``kind`` (clue, case, a document kind …) in ``year`` from the one
    numbering service (scope ``cases.<kind>``); call it last, after every check of the step."""
    return numbering.next_number(f"{NUMBER_SCOPE_PREFIX}{kind}", year)


def bureau_number(word: str, year: int, sequence: int) -> str:
    """津东丽市监处罚〔2023〕12号."""
    return numbering.bureau_number(word, year, sequence)


def require_reason(text: Any, field: str, what: str, *, max_chars: int = validation.LONG_TEXT_MAX) -> str:
    """Required free text within the column's bound (the one text rule of ``fazhi.core.validation``)."""
    try:
        return validation.text(text, field=field, max_chars=max_chars, required=True, what=what)
    except DomainError as exc:
        if exc.code == "cell.required":
            raise DomainError("cases.reason_required", f"请填写{what}", field=field) from exc
        raise


def optional_text(text: Any, field: str, what: str, *, max_chars: int = validation.LONG_TEXT_MAX) -> str:
    return validation.text(text, field=field, max_chars=max_chars, required=False, what=what)


def money(value: Any, field: str, *, required: bool = False) -> Any:
    """An amount in yuan by the one amount rule (``1e400`` and 15-digit amounts are field errors)."""
    from decimal import Decimal

    amount = validation.amount(value, field=field, required=required)
    return Decimal("0.00") if amount is None else amount
