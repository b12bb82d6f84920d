"""登记结果: the reconsideration decision or the judgment, its kind from the rulebook; a penalty case records it,
and a decision changed, revoked, confirmed unlawful or void has its publicity withdrawn (through the cases
service: a plain call whose refusal stops the step)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from fazhi.cases import services as case_services
from fazhi.core import validation
from fazhi.core.access import require
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError, from_rulebook
from fazhi.deadlines import services as deadline_services
from fazhi.deadlines.models import DeadlineStatus
from fazhi.remedies import workflow
from fazhi.remedies.choices import Proceeding
from fazhi.remedies.models import Reconsideration
from fazhi.remedies.services.common import Matter, check_department, proceeding_of, received_on, transition
from fazhi.remedies.services.registers import answer_deadline
from fazhi.rulebook import remedies as rules
from fazhi.rulebook.errors import RulebookError


def matter_conclude(
    *,
    matter: Matter,
    outcome: str,
    decided_on: Any,
    known_on: Any,
    outcome_document: str = "",
    note: str = "",
    withdraw_on: Any = None,
    expected_revision: int | None = None,
    actor: Any,
) -> Matter:
    """Record the outcome. ``known_on`` is the day the bureau received the decision or judgment (the 3-working-day
    withdrawal period runs from it); ``withdraw_on`` the day the publicity is withdrawn (default: ``known_on``)."""
    require(actor, "remedies.conclude")
    check_department(actor, matter.department_id)
    today = legal_today()
    decided = validation.step_date(
        decided_on,
        today=today,
        not_before=received_on(matter),
        previous="收到副本",
        field="decided_on",
        what="决定（裁判）日期",
    )
    known = validation.step_date(
        known_on, today=today, not_before=decided, previous="决定", field="known_on", what="收到文书日期"
    )
    withdraw = (
        validation.step_date(
            withdraw_on, today=today, not_before=known, previous="收到文书", field="withdraw_on", what="撤回公示日期"
        )
        if withdraw_on not in (None, "")
        else known
    )
    outcome_document = validation.text(outcome_document, field="outcome_document", max_chars=100)
    note = validation.text(note, field="note", max_chars=2000)
    proceeding = proceeding_of(matter)
    try:
        kind = rules.outcome(proceeding, outcome, decided)
    except RulebookError as exc:
        raise from_rulebook(exc, field="outcome") from exc
    if workflow.State(matter.status) not in workflow.OPEN_STATES:
        raise DomainError("remedies.concluded", "该案件已登记结果")
    body = matter.reviewing_body if isinstance(matter, Reconsideration) else matter.court
    label = Proceeding(proceeding).label
    with transaction.atomic():
        withdrawn_on = None
        if matter.case is not None:
            reason = f"{body}{outcome_document and '以' + outcome_document}{kind.label}（{label}，{kind.citation}）"
            publication = case_services.case_record_remedy_outcome(
                case=matter.case,
                proceeding=proceeding,
                register_number=matter.number,
                outcome_label=kind.label,
                withdraws_publicity=kind.withdraws_publicity,
                decided_on=decided,
                known_on=known,
                withdraw_on=withdraw,
                reason=reason,
                actor=actor,
            )
            withdrawn_on = publication.withdrawn_on if publication is not None else None
        deadline = answer_deadline(matter)
        if deadline is not None and deadline.status == DeadlineStatus.OPEN:
            deadline_services.deadline_cancel(deadline=deadline, reason="已结案，未提交书面答复（答辩状）", actor=actor)
        transition(
            matter,
            workflow.Event.CONCLUDE,
            actor=actor,
            fields={
                "outcome": kind.id,
                "outcome_label": kind.label,
                "outcome_citation": str(kind.citation),
                "outcome_status": kind.status.value,
                "corrects": kind.corrects,
                "decided_on": decided,
                "known_on": known,
                "outcome_document": outcome_document,
                "outcome_note": note,
                "publicity_withdrawn_on": withdrawn_on,
            },
            facts={"withdraws_publicity": kind.withdraws_publicity},
            expected_revision=expected_revision,
        )
    return matter
