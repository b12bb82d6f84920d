"""Who acts next on a case, and by when: kept on the case row (``next_role``, ``next_action``, ``next_due_on``)
so that every queue is one indexed query ordered by what is due first.

The role and the action come from the pure table ``workflow.next_step``; the date from the tracked deadline that
runs for that step (the party's periods, service, payment, the handling period).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fazhi.cases import workflow
from fazhi.cases.choices import ApprovalKind, ApprovalStatus, DocumentKind
from fazhi.cases.models import QUEUE_END, Approval, Case
from fazhi.core.clock import legal_today
from fazhi.deadlines.models import DeadlineStatus, TrackedDeadline

PARTY_RULES = ("case.statement_defence", "case.hearing_request")
# States in which a ground for closing (程序规定 Art. 77) may exist: the 结案审批表 is due.
CLOSABLE_STATES = frozenset(
    {workflow.State.SERVED, workflow.State.EXECUTED, workflow.State.TRANSFERRED, workflow.State.TERMINATED}
)


def open_deadline(case: Case, rule_ids: tuple[str, ...] | str) -> TrackedDeadline | None:
    ids = (rule_ids,) if isinstance(rule_ids, str) else rule_ids
    return (
        TrackedDeadline.objects.filter(owner_type="cases.case", owner_id=str(case.pk), rule_id__in=ids)
        .exclude(status=DeadlineStatus.CANCELLED)
        .order_by("-id")
        .first()
    )


def party_periods(case: Case) -> dict[str, dt.date | None]:
    """The due dates of the party's statement and hearing-request periods (None when not opened)."""
    out: dict[str, dt.date | None] = {"case.statement_defence": None, "case.hearing_request": None}
    rows = TrackedDeadline.objects.filter(
        owner_type="cases.case", owner_id=str(case.pk), rule_id__in=PARTY_RULES
    ).exclude(status=DeadlineStatus.CANCELLED)
    for row in rows.order_by("id"):
        out[row.rule_id] = row.due_on
    return out


def waived(case: Case) -> tuple[bool, bool]:
    """(statement waived, hearing waived) by a recorded written waiver."""
    statement = hearing = False
    for scope in case.waivers.values_list("scope", flat=True):
        statement = statement or scope in ("statement", "all")
        hearing = hearing or scope in ("hearing", "all")
    return statement, hearing


def proposal_approved(case: Case) -> bool:
    """Whether the 负责人 approved the penalty proposal for the 告知 to come (程序规定 Art. 56): one approval per
    告知书, so a case that went back to investigation after a 告知 needs a new approval before its next 告知."""
    approvals = Approval.objects.filter(case=case, kind=ApprovalKind.PROPOSAL, status=ApprovalStatus.APPROVED).count()
    return approvals > case.documents.filter(kind=DocumentKind.PRIOR_NOTICE).count()


def compute_next(case: Case, *, today: dt.date) -> tuple[workflow.NextStep, dt.date | None]:
    state = workflow.State(case.state)
    closing_requested = Approval.objects.filter(
        case=case, kind=ApprovalKind.CLOSING, status=ApprovalStatus.PENDING
    ).exists()
    money_owed = case.money_owed and case.paid_on is None
    periods: dict[str, dt.date | None] = {}
    running = False
    if state is workflow.State.NOTIFIED:
        periods = party_periods(case)
        statement_waived, hearing_waived = waived(case)
        running = any(
            due is not None and today <= due and not skip
            for due, skip in (
                (periods["case.statement_defence"], statement_waived),
                (periods["case.hearing_request"], hearing_waived),
            )
        )
    step = workflow.next_step(
        case.procedure,
        state,
        officers_assigned=case.officers.exists(),
        party_period_running=running,
        hearing_scheduled=case.hearing_on is not None,
        closing_requested=closing_requested,
        money_owed=money_owed,
        proposal_approved=state is not workflow.State.REVIEWED or proposal_approved(case),
    )
    due: dt.date | None = None
    if not step.role:
        due = None
    elif state is workflow.State.NOTIFIED and running:
        due = max(d for d in periods.values() if d is not None)
    elif state in workflow.OPEN_STATES:
        due = case.handling_due_on
    elif state in CLOSABLE_STATES and case.procedure != workflow.SUMMARY and not money_owed:
        # 填写结案审批表 within 15 working days (程序规定 Art. 77); none while the 负责人 decides on it.
        period = None if closing_requested else open_deadline(case, "case.closing")
        due = period.due_on if period is not None and period.status == DeadlineStatus.OPEN else None
    elif state is workflow.State.DECIDED and case.procedure != workflow.SUMMARY:
        service = open_deadline(case, "case.service_absent_party")
        due = service.due_on if service is not None else None
    elif money_owed:
        due = case.payment_due_on
    return step, due


def refresh_next(case: Case, *, today: dt.date | None = None) -> Case:
    """Recompute who acts next and by when; stored without a revision bump (derived data)."""
    step, due = compute_next(case, today=today or legal_today())
    values: dict[str, Any] = {
        "next_role": step.role,
        "next_action": step.action[:100],
        "next_due_on": due,
        "queue_due": due or QUEUE_END,
    }
    Case.objects.filter(pk=case.pk).update(**values)
    for name, value in values.items():
        setattr(case, name, value)
    return case
