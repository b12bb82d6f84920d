"""Shared pieces of the case services: locking with a revision check, transitions, numbering, errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction

from fazhi.cases import workflow
from fazhi.cases.models import Case, DocumentCounter
from fazhi.core.audit import audit_record
from fazhi.core.errors import ConcurrentUpdate, DomainError
from fazhi.rulebook.errors import RulebookError


def rulebook_error(exc: RulebookError) -> DomainError:
    """The rulebook's coded error as a DomainError with the same code and message."""
    return DomainError(exc.code, exc.message, **getattr(exc, "params", {}))


def lock_case(case: Case) -> Case:
    """Re-read ``case`` FOR UPDATE and refuse when someone changed it since it was read (``concurrency.stale``).

    Must run inside ``transaction.atomic``. On PostgreSQL the row lock serialises writers; on SQLite the
    IMMEDIATE transaction does; the revision check makes the second of two concurrent actors fail clearly.
    """
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.revision != case.revision:
        raise ConcurrentUpdate("案件")
    return locked


def save_case(locked: Case, original: Case, fields: list[str]) -> Case:
    """Bump the revision, save ``fields`` and copy the new values onto the caller's instance."""
    locked.revision += 1
    locked.save(update_fields=[*dict.fromkeys([*fields, "revision", "updated_at"])])
    for name in [*fields, "revision"]:
        setattr(original, name, getattr(locked, name))
    return original


def transition(
    case: Case,
    event: workflow.Event,
    *,
    actor: Any,
    fields: dict[str, Any] | None = None,
    facts: dict[str, Any] | None = None,
) -> Case:
    """Apply one event of the state table to ``case`` (locked, revision-checked, audited) in one transaction."""
    with transaction.atomic():
        locked = lock_case(case)
        before = locked.state
        nxt = workflow.target(locked.state, event)
        locked.state = nxt.value
        for name, value in (fields or {}).items():
            setattr(locked, name, value)
        save_case(locked, case, ["state", *(fields or {})])
        audit_record(
            action=f"cases.{event.value}",
            target=case,
            actor=actor,
            changes={"state": [before, nxt.value], **(fields or {}), **(facts or {})},
        )
    return case


def next_number(kind: str, year: int) -> int:
    """The next number of ``kind`` in ``year``: the counter row is locked (select_for_update) inside the caller's
    transaction, so numbers have no gaps and no duplicates; a unique constraint backs it up."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside transaction.atomic")
    counter, _ = DocumentCounter.objects.select_for_update().get_or_create(kind=kind, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def bureau_number(word: str, year: int, sequence: int) -> str:
    """津东丽市监处罚〔2023〕12号."""
    return f"{settings.FAZHI_BUREAU_SHORT}{word}〔{year}〕{sequence}号"


def actor_name(actor: Any) -> str:
    return getattr(actor, "display_name", "") or str(actor)


def require_reason(text: str, field: str, what: str) -> str:
    if not (text or "").strip():
        raise DomainError("cases.reason_required", f"请填写{what}", field=field)
    return text.strip()


def check_date(on: dt.date, *, today: dt.date, not_before: dt.date | None, what: str) -> None:
    workflow.check_step_date(on, not_before=not_before, today=today, what=what)
