"""What every step of the disclosure services shares: the deadline rule ids, the department scope, rule-table
look-ups, the request's clocks and its one state transition.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fazhi.core.access import is_department_scoped
from fazhi.core.errors import DomainError, NotFound, from_rulebook
from fazhi.core.steps import record_step
from fazhi.deadlines import services as deadline_services
from fazhi.deadlines.models import DeadlineStatus, TrackedDeadline
from fazhi.disclosure import workflow
from fazhi.disclosure.models import DisclosureRequest
from fazhi.rulebook import oversight as rules
from fazhi.rulebook.errors import RulebookError

REPLY_RULE = "disclosure.reply"
CORRECTION_RULE = "disclosure.correction_request"
PROACTIVE_RULE = "disclosure.proactive"
EXTENSION_ID = "office_head_approval"
OWNER_TYPE = "disclosure.disclosurerequest"


def check_department(actor: Any, department: Any) -> None:
    """What a department-scoped role may not see it may not write either (same answer as a missing record)."""
    if is_department_scoped(actor) and getattr(department, "pk", department) != actor.department_id:
        raise NotFound("承办部门")


def rule_item(list_id: str, item_id: str, on: dt.date, field: str) -> rules.Item:
    try:
        return rules.item(list_id, item_id, on, field=field)
    except RulebookError as exc:
        raise from_rulebook(exc, field=field) from exc


def clock(request: DisclosureRequest, rule_id: str = REPLY_RULE) -> TrackedDeadline | None:
    """The request's current clock under ``rule_id`` (the latest opened)."""
    return (
        TrackedDeadline.objects.filter(owner_type=OWNER_TYPE, owner_id=str(request.pk), rule_id=rule_id)
        .order_by("-id")
        .first()
    )


def open_clocks(request: DisclosureRequest, start: dt.date, actor: Any) -> None:
    try:
        reply = deadline_services.deadline_open(
            owner=request, rule_id=REPLY_RULE, start=start, label="答复期限", actor=actor
        )
        deadline_services.deadline_open(
            owner=request, rule_id=CORRECTION_RULE, start=start, label="告知补正期限", actor=actor
        )
    except DomainError as exc:
        raise exc.on_field("received_on") from exc
    request.reply_due_on = reply.due_on
    request.save(update_fields=["reply_due_on"])


def close_clock(request: DisclosureRequest, rule_id: str, *, on: dt.date | None, reason: str, actor: Any) -> None:
    deadline = clock(request, rule_id)
    if deadline is None or deadline.status != DeadlineStatus.OPEN:
        return
    if on is not None:
        deadline_services.deadline_meet(deadline=deadline, on=on, actor=actor)
    else:
        deadline_services.deadline_cancel(deadline=deadline, reason=reason, actor=actor)


def transition(
    request: DisclosureRequest,
    event: workflow.Event,
    *,
    actor: Any,
    fields: dict[str, Any],
    facts: dict[str, Any] | None = None,
    expected_revision: int | None = None,
) -> DisclosureRequest:
    return record_step(
        request,
        to=lambda status: workflow.target(status, event),
        action=f"disclosure.{event.value}",
        what="政府信息公开申请",
        actor=actor,
        fields=fields,
        facts=facts,
        expected_revision=expected_revision,
    )
