"""Shared pieces of the remedies services: scoping a write to the department, the state transition, dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from fazhi.core import revision
from fazhi.core.access import is_department_scoped
from fazhi.core.audit import audit_record
from fazhi.core.errors import NotFound
from fazhi.remedies import workflow
from fazhi.remedies.models import Lawsuit, Reconsideration

Matter = Reconsideration | Lawsuit


def proceeding_of(matter: Matter) -> str:
    return "reconsideration" if isinstance(matter, Reconsideration) else "litigation"


def what(matter: Matter) -> str:
    return "行政复议案件" if isinstance(matter, Reconsideration) else "行政诉讼案件"


def received_on(matter: Matter) -> dt.date:
    return matter.copy_received_on if isinstance(matter, Reconsideration) else matter.complaint_received_on


def check_department(actor: Any, department: Any) -> None:
    """What a department-scoped role may not see it may not write either (same answer as a missing record)."""
    if is_department_scoped(actor) and getattr(department, "pk", department) != actor.department_id:
        raise NotFound("承办部门")


def transition(
    matter: Matter,
    event: workflow.Event,
    *,
    actor: Any,
    fields: dict[str, Any],
    facts: dict[str, Any] | None = None,
    expected_revision: int | None = None,
) -> Matter:
    with transaction.atomic():
        locked = revision.lock(matter, revision=expected_revision, what=what(matter))
        before = locked.status
        nxt = workflow.target(locked.status, event)
        locked.status = nxt.value
        for name, value in fields.items():
            setattr(locked, name, value)
        revision.save_bumped(locked, ["status", *fields], original=matter)
        audit_record(
            action=f"remedies.{proceeding_of(matter)}_{event.value}",
            target=matter,
            actor=actor,
            changes={"status": [before, nxt.value], **fields, **(facts or {})},
        )
    return matter
