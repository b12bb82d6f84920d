"""Misused identities and credit repair (信用修复): application and decision."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from fazhi.core.audit import audit_record
from fazhi.core.errors import DomainError, from_rulebook
from fazhi.credit import workflow
from fazhi.credit.choices import (
    ChangeKind,
    RepairStatus,
)
from fazhi.credit.models import (
    CreditChange,
    CreditRepair,
)
from fazhi.credit.services.common import (
    _bump,
    _meet_open_deadlines,
)
from fazhi.deadlines import services as deadline_services
from fazhi.deadlines.selectors import rule_gate
from fazhi.rulebook import credit as rules
from fazhi.rulebook.confirmation import Purpose, deadline_value
from fazhi.rulebook.errors import RulebookError

# 撤销冒用身份信息取得的登记: a three-person flow of its own, in ``fazhi.credit.revocation``.


# ------------------------------------------------------------------------------------------ credit repair


def repair_apply(
    *,
    entity: Any,
    case_number: str,
    penalty_kinds: list[str],
    domain: str,
    published_on: dt.date,
    applied_on: dt.date,
    performed: bool,
    harm_removed: bool,
    repeated: bool,
    owner_type: str = "",
    owner_id: str = "",
    actor: Any,
) -> CreditRepair:
    """Application for credit repair of a published penalty; eligibility computed by the rulebook and stored
    with its provenance. Whether the entity is listed is read here, not asked."""
    from fazhi.credit.selectors import entity_is_listed

    listed = entity_is_listed(entity)
    try:
        eligibility = rules.repair_eligibility(
            penalty_kinds=penalty_kinds,
            domain=domain,
            published_on=published_on,
            applied_on=applied_on,
            performed=performed,
            harm_removed=harm_removed,
            repeated=repeated,
            listed=listed,
        )
    except RulebookError as exc:
        raise from_rulebook(exc) from exc
    with transaction.atomic():
        repair = CreditRepair.objects.create(
            entity=entity,
            case_number=case_number,
            owner_type=owner_type,
            owner_id=owner_id,
            penalty_kinds=list(penalty_kinds),
            domain=domain,
            published_on=published_on,
            applied_on=applied_on,
            performed=performed,
            harm_removed=harm_removed,
            repeated=repeated,
            listed=listed,
            eligibility=eligibility.as_dict(),
            department_id=getattr(entity, "office_id", None),
        )
        deadline_services.deadline_open(
            owner=repair, rule_id="credit_repair.decision", start=applied_on, label="信用修复决定期限"
        )
        audit_record(
            action="credit.repair_apply",
            target=repair,
            changes={
                "case_number": case_number,
                "eligible": eligibility.eligible,
                "reasons": list(eligibility.reasons),
            },
            actor=actor,
        )
    return repair


def repair_decide(
    *, repair: CreditRepair, approve: bool, decided_on: dt.date, note: str = "", actor: Any
) -> CreditRepair:
    """Approve (publicity ends on ``decided_on``; a change-feed entry tells other sites) or reject.
    Code ``credit.repair_not_eligible`` when approving what the rulebook found ineligible."""
    with transaction.atomic():
        to = workflow.repair_next(repair.status, "approve" if approve else "reject")
        if approve and not repair.eligibility.get("eligible"):
            raise DomainError(
                "credit.repair_not_eligible",
                "不符合信用修复条件：" + "；".join(repair.eligibility.get("reasons", [])),
            )
        if not approve and "min_period" in repair.eligibility.get("failed", []) and repair.eligibility.get("min_rule"):
            # Refusing because the minimum publicity period has not run rests on that period's value: an
            # UNCONFIRMED one may not refuse the party's request alone (issue 13 §3).
            version = dt.date.fromisoformat(repair.eligibility["min_rule_version"])
            basis = deadline_value(repair.eligibility["min_rule"], version)
            gate = rule_gate(basis, purpose=Purpose.REFUSE_REQUEST)
            if not gate.decides_alone:
                raise DomainError("rules.unconfirmed", gate.message)
        repair.status, repair.decided_on, repair.decision_note = to, decided_on, note
        if approve:
            repair.publicity_ended_on = decided_on
        _bump(repair, RepairStatus.APPLIED, ["status", "decided_on", "decision_note", "publicity_ended_on"])
        _meet_open_deadlines(repair, decided_on)
        if approve:
            CreditChange.objects.create(
                kind=ChangeKind.PENALTY_PUBLICITY_ENDED,
                entity_id=repair.entity_id,
                reference=repair.case_number,
                occurred_on=decided_on,
            )
        audit_record(
            action="credit.repair_decide",
            target=repair,
            changes={"approve": approve, "decided_on": decided_on},
            actor=actor,
        )
    return repair
