"""Shared pieces of the remedies services: scoping a write to the department, the state transition, dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fazhi.core.access import is_department_scoped
from fazhi.core.errors import NotFound
from fazhi.core.steps import record_step
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
    return record_step(
        matter,
        to=lambda status: workflow.target(status, event),
        action=f"remedies.{proceeding_of(matter)}_{event.value}",
        what=what(matter),
        actor=actor,
        fields=fields,
        facts=facts,
        expected_revision=expected_revision,
    )
