"""决定 (行政处罚法 Arts. 57–62), 移送司法机关 (Art. 27) and 送达 (Art. 61).

A decision is made by the 局负责人 only: after the party's periods ran out or were waived (the statement phase is
closed), with legal review and collective discussion where required, on a catalogued violation with its legal
basis, and never heavier than what the 行政处罚告知书 notified (Art. 45: the party's defence may not make the
penalty heavier; a heavier penalty needs a new notice). Every check runs before the decision's number is taken.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from fazhi.cases import workflow
from fazhi.cases.choices import ApprovalKind, ApprovalStatus, DecisionKind, DocumentKind, ServiceMethod
from fazhi.cases.models import Approval, Case
from fazhi.cases.services import closing, documents, handover, progress, publicity
from fazhi.cases.services import discretion as case_discretion
from fazhi.cases.services.common import require_case_actor, require_reason, step, step_date, transition
from fazhi.cases.services.investigation import finish_handling
from fazhi.core.errors import DomainError
from fazhi.deadlines import services as deadline_services
from fazhi.deadlines.models import DeadlineStatus

E = workflow.Event
S = workflow.State


def decision_gate(case: Case, *, on: Any) -> None:
    """The hard gate: legal review approved for this very proposal where required (including every UNCONFIRMED
    rule value the outcome rests on); collective discussion where required."""
    criteria = case_discretion.review_criteria(case, on=on)
    workflow.check_decision_gate(
        review_required=[f.text for f in criteria],
        review_approved=case_discretion.approved_review(case),
        discussion_required=case.discussion_required,
        discussion_recorded=case.discussions.exists(),
    )


def _not_heavier_than_notified(case: Case) -> None:
    notice = case.documents.filter(kind=DocumentKind.PRIOR_NOTICE).order_by("-id").first()
    if notice is None:
        raise DomainError("cases.not_notified", "尚未送达行政处罚告知书，不能作出行政处罚决定（行政处罚法第六十二条）")
    told = notice.snapshot or {}
    heavier = []
    if case.proposed_fine > Decimal(told.get("fine") or "0"):
        heavier.append(f"罚款 {case.proposed_fine} 元（告知 {told.get('fine') or 0} 元）")
    if case.proposed_confiscation > Decimal(told.get("confiscation") or "0"):
        heavier.append(f"没收 {case.proposed_confiscation} 元（告知 {told.get('confiscation') or 0} 元）")
    if case.proposed_warning and not told.get("warning"):
        heavier.append("警告（告知书未载）")
    if (case.proposed_other or "") and case.proposed_other != (told.get("other") or ""):
        heavier.append(f"其他处罚“{case.proposed_other}”（告知书未载）")
    if heavier:
        raise DomainError(
            "cases.heavier_than_notified",
            "拟作出的处罚重于行政处罚告知书所载内容：" + "；".join(heavier) + "。须重新告知当事人后才能作出决定",
        )


@step
def case_decide(
    *,
    case: Case,
    on: Any,
    reasoning: Any,
    actor: Any,
    kind: str = DecisionKind.PENALTY,
    revision: Any = None,
) -> Case:
    """行政处罚决定 / 不予行政处罚决定 by the 局负责人: gates first, then the number, publicity and the credit
    hand-over (a plain call: if credit refuses, the decision is not made)."""
    require_case_actor(actor, "cases.decide", case)
    if kind not in (DecisionKind.PENALTY, DecisionKind.NO_PENALTY):
        raise DomainError("cases.bad_decision_kind", "请选择行政处罚或不予行政处罚", field="kind")
    day = step_date(on, case=case, what="决定日期")
    reasoning = require_reason(reasoning, "reasoning", "处理理由及依据")
    violated, provision = documents.legal_basis(case)
    workflow.check_legal_basis(violation_id=case.violation_id, violated=violated, provision=provision)
    penalty = kind == DecisionKind.PENALTY
    if penalty:
        if case.exemption and not case.exemption.get("discretionary", True):
            raise DomainError("discretion.penalty_not_permitted", "本案符合轻微违法免罚清单，依法应当不予处罚")
        if not (case.proposed_fine or case.proposed_confiscation or case.proposed_warning or case.proposed_other):
            raise DomainError("cases.proposal_required", "没有拟处罚内容，不能作出行政处罚决定")
        _not_heavier_than_notified(case)
    decision_gate(case, on=day)
    fields: dict[str, Any] = {
        "decision_kind": kind,
        "decided_on": day,
        "decided_by": actor,
        "decision_reasoning": reasoning,
        "fine": case.proposed_fine if penalty else Decimal("0"),
        "confiscation": case.proposed_confiscation if penalty else Decimal("0"),
        "warning": case.proposed_warning if penalty else False,
    }
    with transaction.atomic():
        transition(
            case,
            E.DECIDE_PENALTY if penalty else E.DECIDE_NO_PENALTY,
            actor=actor,
            on=day,
            fields=fields,
            revision_value=revision,
        )
        doc = documents.document_issue(
            case=case,
            kind=DocumentKind.PENALTY_DECISION if penalty else DocumentKind.NO_PENALTY_DECISION,
            on=day,
            actor=actor,
            snapshot={"violated": violated, "provision": provision},
        )
        Case.objects.filter(pk=case.pk).update(decision_number=doc.number)
        case.decision_number = doc.number
        finish_handling(case, day)
        deadline_services.deadline_open(
            owner=case, rule_id="case.service_absent_party", start=day, label="决定书送达期限"
        )
        if penalty:
            publicity.publication_open(case=case, actor=actor)
            handover.serious_list_hand_over(case=case, actor=actor)
        progress.refresh_next(case)
    return case


@step
def case_transfer(*, case: Case, on: Any, to: Any, reason: Any, actor: Any, revision: Any = None) -> Case:
    """移送司法机关 (suspected crime, 行政处罚法 Art. 27) on the 局负责人's decision."""
    to = require_reason(to, "to", "移送机关", max_chars=100)
    reason = require_reason(reason, "reason", "移送理由（涉嫌犯罪的事实和依据）")
    day = step_date(on, case=case, what="移送日期")
    with transaction.atomic():
        transition(
            case,
            E.TRANSFER,
            actor=actor,
            on=day,
            fields={
                "decision_kind": DecisionKind.TRANSFER,
                "decided_on": day,
                "transferred_to": to,
                "decision_reasoning": reason,
                "decided_by": actor,
            },
            revision_value=revision,
        )
        Approval.objects.create(
            kind=ApprovalKind.TRANSFER,
            case=case,
            status=ApprovalStatus.APPROVED,
            requested_on=day,
            requested_by=actor,
            proposal=reason,
            decided_on=day,
            decided_by=actor,
            opinion=f"同意移送{to}",
            citation="《中华人民共和国行政处罚法》第二十七条",
        )
        finish_handling(case, day)
        closing.open_closing_period(case, start=day)  # 移送的决定 (程序规定 Art. 77 (4), Art. 60 para 1 (5))
        progress.refresh_next(case)
    return case


@step
def case_serve(
    *,
    case: Case,
    on: Any,
    method: str = ServiceMethod.DIRECT,
    place: Any = "",
    actor: Any,
    revision: Any = None,
) -> Case:
    """送达 the decision (Art. 61); a fine is payable within 15 days of receipt (Art. 67). Issues the 送达回证."""
    if method not in ServiceMethod.values:
        raise DomainError("cases.bad_service_method", "请选择送达方式", field="method")
    place = require_reason(place, "place", "送达地点", max_chars=200)
    day = step_date(on, case=case, what="送达日期")
    with transaction.atomic():
        payment_due = None
        if case.money_owed:
            deadline = deadline_services.deadline_open(
                owner=case, rule_id="case.payment", start=day, label="缴纳罚没款期限"
            )
            payment_due = deadline.due_on
        transition(
            case,
            E.SERVE,
            actor=actor,
            on=day,
            fields={"served_on": day, "payment_due_on": payment_due, "service_method": method, "service_place": place},
            revision_value=revision,
        )
        service = progress.open_deadline(case, "case.service_absent_party")
        if service is not None and service.status == DeadlineStatus.OPEN:
            deadline_services.deadline_meet(deadline=service, on=max(day, service.start_on))
        documents.document_issue(case=case, kind=DocumentKind.SERVICE_RECEIPT, on=day, actor=actor)
        if not case.money_owed:
            # Nothing to collect: a 不予处罚 decision is a ground from the day it was made (Art. 77 (4)); a warning
            # alone is executed by its service (Art. 77 (1)).
            no_penalty = case.decision_kind == DecisionKind.NO_PENALTY and case.decided_on is not None
            closing.open_closing_period(case, start=case.decided_on if no_penalty else day)
        progress.refresh_next(case)
    return case
