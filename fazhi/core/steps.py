"""One step of a record's state machine, the one way: lock, check, move, save, audit.

A workflow module (pure: ``workflow.py`` of each app) says which status an event leads to from the current one, or
refuses. ``record_step`` applies that to a row in one transaction: it locks the row with the stale-edit check
(``fazhi.core.revision``), asks the workflow for the next status *of the locked row*, sets it with the step's own
fields, saves with the revision bumped, and appends one audit event with the status before and after, the fields
(except those named in ``audit_exclude``) and the step's facts::

    record_step(
        request, to=lambda status: workflow.target(status, Event.REPLY), action="disclosure.reply",
        what="政府信息公开申请", actor=actor, fields={"replied_on": day}, expected_revision=revision,
    )
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from typing import Any, TypeVar

from django.db import models, transaction

from fazhi.core import revision
from fazhi.core.audit import audit_record

M = TypeVar("M", bound=models.Model)


def record_step(
    record: M,
    *,
    to: Callable[[Any], Enum],
    action: str,
    what: str,
    actor: Any,
    fields: Mapping[str, Any] | None = None,
    facts: Mapping[str, Any] | None = None,
    expected_revision: int | None = None,
    audit_exclude: Iterable[str] = (),
) -> M:
    """Apply one step to ``record`` (see the module). ``to`` maps the locked row's status to the next (an enum
    member) or raises the workflow's refusal. Returns ``record``, brought up to date."""
    fields = dict(fields or {})
    excluded = set(audit_exclude)
    with transaction.atomic():
        locked = revision.lock(record, revision=expected_revision, what=what)
        before = locked.status  # type: ignore[attr-defined]
        after = to(before).value
        locked.status = after  # type: ignore[attr-defined]
        for name, value in fields.items():
            setattr(locked, name, value)
        revision.save_bumped(locked, ["status", *fields], original=record)
        audit_record(
            action=action,
            target=record,
            actor=actor,
            changes={
                "status": [before, after],
                **{name: value for name, value in fields.items() if name not in excluded},
                **(facts or {}),
            },
        )
    return record
