"""立案 / 不予立案 on a 立案（不予立案）审批表 approved by the bureau's 负责人, and the extension of the clue's
verification period by the same person.

市场监督管理行政处罚程序规定 (2021), text as published by a market-supervision bureau:
- Art. 18: a clue is verified within 15 working days and **the 市场监督管理部门负责人 decides whether to file**;
  in special circumstances the period may be extended by 15 working days **with the 负责人's approval**.
- Art. 19: filing conditions; the decision to file is made on a **立案审批表**, and the **办案机构负责人** designates
  two or more officers (``case_assign_officers``).
- Art. 20: the decision not to file is made on a **不予立案审批表**.

So the handler proposes (``filing_propose``), the 局负责人 decides (``filing_decide``): only then does the case
exist, with its number, its handling period and its 立案审批表 (who proposed, who approved, when, with what opinion).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from fazhi.cases import workflow
from fazhi.cases.choices import (
    ApprovalKind,
    ApprovalStatus,
    ClueStatus,
    DocumentKind,
    Domain,
    PartyKind,
    Procedure,
)
from fazhi.cases.models import Approval, Case, Clue
from fazhi.cases.services import progress
from fazhi.cases.services.clues import CLUE_RULE, clue_deadline
from fazhi.cases.services.common import (
    bureau_number,
    next_number,
    optional_text,
    require_actor,
    require_reason,
    step,
    step_date,
)
from fazhi.core import revision as revisions
from fazhi.core import validation
from fazhi.core.audit import audit_record
from fazhi.core.errors import DomainError, from_rulebook
from fazhi.deadlines import services as deadline_services
from fazhi.rulebook.errors import RulebookError
from fazhi.rulebook.identifiers import IdentifierError, validate_resident_id

HANDLING_RULE = "case.handling"
FAST_TRACK_RULE = "case.fast_track"
ART_18 = "《市场监督管理行政处罚程序规定》第十八条"
ART_19 = "《市场监督管理行政处罚程序规定》第十八条、第十九条"
ART_20 = "《市场监督管理行政处罚程序规定》第十八条、第二十条"

FILE, DECLINE = "file", "decline"


def _clue_actor(actor: Any, permission: str, clue: Clue) -> None:
    require_actor(actor, permission, department_id=clue.department_id, what="线索")


def _lock_clue(clue: Clue, *, revision_value: Any, status: str) -> Clue:
    expected = revisions.parse_revision(revision_value)
    locked = revisions.lock(clue, revision=clue.revision if expected is None else expected, what="线索")
    if locked.status != status:
        raise DomainError(
            "cases.clue_wrong_status",
            f"线索当前为“{locked.get_status_display()}”，不能办理此步骤",
        )
    return locked


def party_identifier(party_kind: str, value: Any, *, field: str = "party_id_number") -> str:
    """统一社会信用代码 (check character) for organisations, 公民身份号码 for natural persons — the importer's rules."""
    raw = validation.text(value, field=field, max_chars=32, what="证件号码")
    if not raw:
        return ""
    if party_kind == PartyKind.ORGANISATION:
        return validation.uscc(raw, field=field)
    try:
        return validate_resident_id(raw, field=field)
    except IdentifierError as exc:
        raise from_rulebook(exc, field=field) from exc


@step
def filing_facts(
    *,
    title: Any,
    party_kind: Any,
    party_name: Any,
    party_id_number: Any = "",
    party_address: Any = "",
    party_representative: Any = "",
    domain: Any = Domain.OTHER,
    procedure: Any = Procedure.ORDINARY,
    facts_text: Any = "",
) -> dict[str, str]:
    """The 立案审批表's facts, each validated by its one field rule (forms, API and the demo agree)."""
    if party_kind not in PartyKind.values:
        raise DomainError("cases.bad_party_kind", "请选择当事人类型", field="party_kind")
    if domain not in Domain.values:
        raise DomainError("cases.bad_domain", "请选择执法领域", field="domain")
    if procedure == Procedure.SUMMARY:
        raise DomainError("cases.summary_not_filed", "简易程序当场作出决定，不需立案，请使用“当场处罚（简易程序）”")
    if procedure not in Procedure.values:
        raise DomainError("cases.bad_procedure", "请选择普通程序或快速办理", field="procedure")
    return {
        "title": require_reason(title, "title", "案由", max_chars=200),
        "party_kind": str(party_kind),
        "party_name": require_reason(party_name, "party_name", "当事人名称（姓名）", max_chars=200),
        "party_id_number": party_identifier(str(party_kind), party_id_number),
        "party_address": optional_text(party_address, "party_address", "住所（地址）", max_chars=300),
        "party_representative": optional_text(
            party_representative, "party_representative", "法定代表人（负责人）", max_chars=64
        ),
        "domain": str(domain),
        "procedure": str(procedure),
        "facts_text": require_reason(facts_text, "facts_text", "简要案情"),
    }


@step
def filing_propose(
    *,
    clue: Clue,
    decision: str,
    on: Any,
    proposal: Any,
    actor: Any,
    revision: Any = None,
    **facts: Any,
) -> Approval:
    """The handler fills in the 立案审批表 (``decision="file"``, with the case facts) or the 不予立案审批表
    (``decision="decline"``) and submits it to the 局负责人. The clue waits (status 待负责人审批)."""
    _clue_actor(actor, "cases.handle", clue)
    if decision not in (FILE, DECLINE):
        raise DomainError("cases.bad_filing_decision", "请选择立案或不予立案", field="decision")
    day = step_date(on, not_before=clue.received_on, what="提请日期")
    opinion = require_reason(proposal, "proposal", "承办人意见（核查情况及立案或不予立案的理由）")
    payload = filing_facts(**facts) if decision == FILE else {}
    with transaction.atomic():
        locked = _lock_clue(clue, revision_value=revision, status=ClueStatus.VERIFYING)
        approval = Approval.objects.create(
            kind=ApprovalKind.FILING if decision == FILE else ApprovalKind.NOT_FILING,
            clue=locked,
            requested_on=day,
            requested_by=actor,
            proposal=opinion,
            payload=payload,
            citation=ART_19 if decision == FILE else ART_20,
        )
        locked.status = ClueStatus.PENDING
        revisions.save_bumped(locked, ["status"], original=clue)
        audit_record(
            action="cases.filing_propose",
            target=clue,
            actor=actor,
            changes={"decision": decision, "on": day, "proposal": opinion, **payload},
        )
    return approval


def pending_filing(clue: Clue) -> Approval | None:
    return (
        Approval.objects.filter(
            clue=clue, kind__in=[ApprovalKind.FILING, ApprovalKind.NOT_FILING], status=ApprovalStatus.PENDING
        )
        .order_by("-id")
        .first()
    )


@step
def filing_decide(*, clue: Clue, approve: bool, on: Any, opinion: Any, actor: Any, revision: Any = None) -> Case | Clue:
    """The 局负责人 approves or refuses the pending 立案（不予立案）审批表 (程序规定 Art. 18).

    Approving a 立案审批表 creates the case (number, handling period, 立案审批表); approving a 不予立案审批表 ends
    the clue; refusing returns the clue to the handler for further verification. Returns the case or the clue.
    """
    _clue_actor(actor, "cases.decide", clue)
    approval = pending_filing(clue)
    if approval is None:
        raise DomainError("cases.no_pending_filing", "该线索没有待审批的立案（不予立案）审批表，请先由承办人员提请")
    day = step_date(on, not_before=approval.requested_on, what="审批日期")
    text = require_reason(opinion, "opinion", "审批意见")
    with transaction.atomic():
        locked = _lock_clue(clue, revision_value=revision, status=ClueStatus.PENDING)
        approval = Approval.objects.select_for_update().get(pk=approval.pk)
        approval.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REFUSED
        approval.decided_on, approval.decided_by, approval.opinion = day, actor, text
        approval.save(update_fields=["status", "decided_on", "decided_by", "opinion"])
        audit_record(
            action="cases.filing_decide",
            target=clue,
            actor=actor,
            changes={"kind": approval.kind, "approved": approve, "on": day, "opinion": text},
        )
        if not approve:
            locked.status = ClueStatus.VERIFYING
            revisions.save_bumped(locked, ["status"], original=clue)
            return clue
        if approval.kind == ApprovalKind.NOT_FILING:
            locked.status, locked.decided_on, locked.decision_reason = ClueStatus.NOT_FILED, day, approval.proposal
            revisions.save_bumped(locked, ["status", "decided_on", "decision_reason"], original=clue)
            _meet_clue(locked, day)
            return clue
        return _create_case(locked, clue, approval, day, actor)


def _create_case(locked: Clue, clue: Clue, approval: Approval, day: dt.date, actor: Any) -> Case:
    from fazhi.cases.services import documents

    facts = approval.payload
    entity = locked.entity
    case = Case(
        clue=locked,
        department=locked.department,
        procedure=facts["procedure"],
        domain=facts["domain"],
        title=facts["title"],
        entity=entity,
        party_kind=facts["party_kind"],
        party_name=facts["party_name"],
        party_id_number=facts["party_id_number"]
        or locked.party_identifier
        or (entity.identifier if entity is not None else ""),
        party_address=facts["party_address"] or locked.party_address or (entity.domicile if entity is not None else ""),
        party_representative=facts["party_representative"]
        or (entity.legal_representative if entity is not None else ""),
        facts_text=facts["facts_text"],
        filed_on=day,
        last_step_on=day,
    )
    # The number is taken last: every check above has passed, and a rollback returns it.
    case.number = bureau_number("立", day.year, next_number("case", day.year))
    case.full_clean()
    case.save(force_insert=True)
    rule = FAST_TRACK_RULE if case.procedure == Procedure.FAST_TRACK else HANDLING_RULE
    deadline = deadline_services.deadline_open(owner=case, rule_id=rule, start=day, label="办案期限")
    Case.objects.filter(pk=case.pk).update(handling_due_on=deadline.due_on)
    case.handling_due_on = deadline.due_on
    Approval.objects.filter(pk=approval.pk).update(case=case)
    locked.status, locked.decided_on, locked.decision_reason = ClueStatus.FILED, day, "立案"
    revisions.save_bumped(locked, ["status", "decided_on", "decision_reason"], original=clue)
    _meet_clue(locked, day)
    documents.document_issue(case=case, kind=DocumentKind.FILING_APPROVAL, on=day, actor=actor)
    audit_record(
        action="cases.file",
        target=case,
        actor=actor,
        changes={
            "clue": locked.number,
            "number": case.number,
            "filed_on": day,
            "handling_due_on": case.handling_due_on,
            "approval": approval.pk,
        },
    )
    progress.refresh_next(case)
    return case


def _meet_clue(clue: Clue, on: dt.date) -> None:
    deadline = clue_deadline(clue)
    if deadline is not None:
        deadline_services.deadline_meet(deadline=deadline, on=max(on, deadline.start_on))


@step
def clue_extend(*, clue: Clue, on: Any, reason: Any, actor: Any, revision: Any = None) -> Clue:
    """+15 working days of verification, approved by the 局负责人 (程序规定 Art. 18 para 1)."""
    _clue_actor(actor, "cases.decide", clue)
    day = step_date(on, not_before=clue.received_on, what="批准日期")
    text = require_reason(reason, "reason", "延长理由（特殊情况）")
    with transaction.atomic():
        locked = _lock_clue(clue, revision_value=revision, status=ClueStatus.VERIFYING)
        deadline = clue_deadline(locked)
        if deadline is None or deadline.extensions:
            raise DomainError("cases.clue_already_extended", "核查期限已延长过一次（十五个工作日），不能再延长")
        try:
            deadline_services.deadline_extend(deadline=deadline, extension_id="head_approval", approved_by=actor)
        except RulebookError as exc:
            raise from_rulebook(exc) from exc
        deadline.refresh_from_db()
        Approval.objects.create(
            kind=ApprovalKind.CLUE_EXTENSION,
            clue=locked,
            status=ApprovalStatus.APPROVED,
            requested_on=day,
            requested_by=actor,
            proposal=text,
            decided_on=day,
            decided_by=actor,
            opinion="同意延长十五个工作日",
            payload={"rule_id": CLUE_RULE, "due_on": deadline.due_on.isoformat() if deadline.due_on else None},
            citation=ART_18,
        )
        locked.verification_due_on = deadline.due_on
        revisions.save_bumped(locked, ["verification_due_on"], original=clue)
        audit_record(
            action="cases.clue_extend",
            target=clue,
            actor=actor,
            changes={"on": day, "reason": text, "due_on": deadline.due_on},
        )
    return clue


__all__ = [
    "DECLINE",
    "FILE",
    "clue_extend",
    "filing_decide",
    "filing_facts",
    "filing_propose",
    "party_identifier",
    "pending_filing",
    "workflow",
]
