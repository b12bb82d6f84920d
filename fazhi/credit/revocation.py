"""撤销冒用身份信息取得的登记 — the services of the revocation flow (one per legal step).

《市场主体登记管理条例》第四十条: a registration obtained with false materials (here: someone else's identity) is
revoked by the registration authority after investigation. A revocation takes away a registration, so the bureau
treats it as a 重大执法决定: the investigating department proposes it with its evidence, the legal section reviews it
(法制审核, 国办发〔2018〕118号), and only a bureau leader's approval makes it effective. Three different people:
no one can revoke a registration alone, and no department can propose for another department's entities (except
the 信用监管科, which handles credit matters bureau-wide — ``fazhi.credit.access``).

Effect (and only then): a document number, the registry status 撤销 through the registry's service, and a line in
the public change feed. Every step checks the actor's permission and scope here, whatever door it came through.
Codes: ``credit.evidence_required``, ``credit.already_revoked``, ``credit.revocation_open``,
``credit.opinion_required``, ``credit.same_person``, ``credit_revocation.transition_forbidden``,
``access.not_found``, date codes of ``fazhi.core.validation.step_date``, ``concurrency.stale``.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from fazhi.core import numbering, revision
from fazhi.core.access import require
from fazhi.core.audit import audit_record
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError, NotFound
from fazhi.core.validation import step_date, text
from fazhi.credit import workflow
from fazhi.credit.access import may_act_on_department
from fazhi.credit.choices import ChangeKind, RevocationStatus
from fazhi.credit.models import CreditChange, IdentityMisuseRevocation

REVOCATION_BASIS = "《市场主体登记管理条例》第四十条"
NUMBER_SCOPE = "credit.revocation"
NUMBER_WORD = "撤"
OPEN = (RevocationStatus.PROPOSED, RevocationStatus.RETURNED, RevocationStatus.REVIEWED)
EVIDENCE_MAX = 4000
OPINION_MAX = 2000


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _check_scope(actor: Any, department_id: int | None) -> None:
    if not may_act_on_department(actor, department_id):
        raise NotFound("市场主体")


def _distinct(actor: Any, *others: Any, step: str) -> None:
    """Four eyes: the person taking this step took none of the earlier ones."""
    if actor is not None and any(o is not None and o == actor.pk for o in others):
        raise DomainError("credit.same_person", f"{step}须由提出人和此前各步骤以外的人员办理")


def revocation_propose(*, entity: Any, evidence: str, proposed_on: Any, actor: Any) -> IdentityMisuseRevocation:
    """提出撤销: the investigating department (the entity's 管辖单位, or the 信用监管科) proposes with its evidence."""
    require(actor, "credit.revoke_propose")
    _check_scope(actor, entity.office_id)
    evidence = text(evidence, field="evidence", max_chars=EVIDENCE_MAX, required=True, what="调查核实情况和证据")
    on = step_date(proposed_on, today=legal_today(), field="on", what="提出日期")
    with transaction.atomic():
        if entity.status == "withdrawn":
            raise DomainError("credit.already_revoked", "该主体的登记已被撤销")
        current = IdentityMisuseRevocation.objects.select_for_update().filter(
            entity=entity, status__in=[*OPEN, RevocationStatus.EFFECTIVE]
        )
        if current.filter(status=RevocationStatus.EFFECTIVE).exists():
            raise DomainError("credit.already_revoked", "该主体的登记已被撤销")
        if current.exists():
            raise DomainError("credit.revocation_open", "该主体已有办理中的撤销登记，请在该记录上继续办理")
        revocation = IdentityMisuseRevocation.objects.create(
            entity=entity,
            evidence=evidence,
            proposed_on=on,
            proposed_by=_user(actor),
            basis_ref=REVOCATION_BASIS,
            department_id=entity.office_id,
        )
        audit_record(
            action="credit.revocation_propose",
            target=revocation,
            changes={"entity": entity.pk, "proposed_on": on, "evidence": evidence},
            actor=actor,
        )
    return revocation


def _step(revocation: IdentityMisuseRevocation, action: str, expected_revision: int | None) -> tuple[Any, str]:
    locked = revision.lock(revocation, revision=expected_revision, what="撤销登记")
    return locked, workflow.revocation_next(locked.status, action)


def revocation_legal_review(
    *,
    revocation: IdentityMisuseRevocation,
    passed: bool,
    opinion: str,
    reviewed_on: Any,
    actor: Any,
    expected_revision: int | None = None,
) -> IdentityMisuseRevocation:
    """法制审核: pass to the leader, or return for more investigation, with a written opinion."""
    require(actor, "credit.legal_review")
    opinion = text(opinion, field="opinion", max_chars=OPINION_MAX, required=True, what="法制审核意见")
    with transaction.atomic():
        locked, to = _step(revocation, "legal_pass" if passed else "legal_return", expected_revision)
        _distinct(actor, locked.proposed_by_id, step="法制审核")
        on = step_date(
            reviewed_on, today=legal_today(), not_before=locked.proposed_on, what="审核日期", previous="提出"
        )
        locked.status, locked.legal_opinion, locked.legal_reviewed_on = to, opinion, on
        locked.legal_reviewed_by = _user(actor)
        revision.save_bumped(
            locked, ["status", "legal_opinion", "legal_reviewed_on", "legal_reviewed_by"], original=revocation
        )
        audit_record(
            action="credit.revocation_legal_review",
            target=locked,
            changes={"passed": passed, "opinion": opinion, "reviewed_on": on, "status": to},
            actor=actor,
        )
    return revocation


def revocation_resubmit(
    *,
    revocation: IdentityMisuseRevocation,
    evidence: str,
    resubmitted_on: Any,
    actor: Any,
    expected_revision: int | None = None,
) -> IdentityMisuseRevocation:
    """补充调查后重新提交 to 法制审核 (by the proposing department)."""
    require(actor, "credit.revoke_propose")
    _check_scope(actor, revocation.department_id)
    evidence = text(evidence, field="evidence", max_chars=EVIDENCE_MAX, required=True, what="调查核实情况和证据")
    with transaction.atomic():
        locked, to = _step(revocation, "resubmit", expected_revision)
        on = step_date(
            resubmitted_on,
            today=legal_today(),
            not_before=locked.legal_reviewed_on,
            what="重新提交日期",
            previous="法制审核退回",
        )
        locked.status, locked.evidence, locked.proposed_on = to, evidence, on
        locked.legal_opinion, locked.legal_reviewed_on, locked.legal_reviewed_by = "", None, None
        revision.save_bumped(
            locked,
            ["status", "evidence", "proposed_on", "legal_opinion", "legal_reviewed_on", "legal_reviewed_by"],
            original=revocation,
        )
        audit_record(
            action="credit.revocation_resubmit",
            target=locked,
            changes={"evidence": evidence, "resubmitted_on": on, "status": to},
            actor=actor,
        )
    return revocation


def revocation_withdraw(
    *, revocation: IdentityMisuseRevocation, reason: str, actor: Any, expected_revision: int | None = None
) -> IdentityMisuseRevocation:
    """撤回 a proposal that is not yet approved (by the proposing department)."""
    require(actor, "credit.revoke_propose")
    _check_scope(actor, revocation.department_id)
    reason = text(reason, field="reason", max_chars=OPINION_MAX, required=True, what="撤回理由")
    with transaction.atomic():
        locked, to = _step(revocation, "withdraw", expected_revision)
        locked.status = to
        revision.save_bumped(locked, ["status"], original=revocation)
        audit_record(
            action="credit.revocation_withdraw", target=locked, changes={"reason": reason, "status": to}, actor=actor
        )
    return revocation


def revocation_decide(
    *,
    revocation: IdentityMisuseRevocation,
    approve: bool,
    note: str,
    decided_on: Any,
    actor: Any,
    expected_revision: int | None = None,
) -> IdentityMisuseRevocation:
    """局领导批准 (effect) or 不予批准. Approval numbers the decision, sets the registry status to 撤销 through
    the registry's service, and only now puts the revocation in the public change feed."""
    from fazhi.registry.services import entity_update

    require(actor, "credit.revoke_approve")
    note = text(note, field="note", max_chars=OPINION_MAX, required=not approve, what="不予批准的理由")
    with transaction.atomic():
        locked, to = _step(revocation, "approve" if approve else "refuse", expected_revision)
        _distinct(actor, locked.proposed_by_id, locked.legal_reviewed_by_id, step="批准")
        on = step_date(
            decided_on, today=legal_today(), not_before=locked.legal_reviewed_on, what="批准日期", previous="法制审核"
        )
        locked.status, locked.decision_note, locked.decided_on, locked.decided_by = to, note, on, _user(actor)
        fields = ["status", "decision_note", "decided_on", "decided_by"]
        if approve:
            sequence = numbering.next_number(NUMBER_SCOPE, on.year)
            locked.number = numbering.bureau_number(NUMBER_WORD, on.year, sequence)
            fields.append("number")
        revision.save_bumped(locked, fields, original=revocation)
        if approve:
            entity = locked.entity
            entity_update(
                actor=actor,
                entity=entity,
                source=f"撤销冒用身份信息登记 {locked.number}",
                status="withdrawn",
                status_changed_on=on,
            )
            CreditChange.objects.create(
                kind=ChangeKind.REGISTRATION_REVOKED, entity=entity, reference=locked.number, occurred_on=on
            )
        audit_record(
            action="credit.revocation_decide",
            target=locked,
            changes={"approve": approve, "note": note, "decided_on": on, "status": to, "number": locked.number},
            actor=actor,
        )
    return revocation
