"""Hand-overs out of cases: a heavy penalty goes to the credit module's serious-list proposal.

A plain call (no ``try``/``except`` around it): if the credit service is missing or refuses, the decision that
triggers it fails with that error and nothing is recorded, so a legal consequence is never silently skipped
(issue 11 finding 6).
"""

from __future__ import annotations

from typing import Any

from fazhi.cases.choices import Handover
from fazhi.cases.models import Case
from fazhi.core.audit import audit_record
from fazhi.core.errors import DomainError
from fazhi.credit.services import serious_list_propose
from fazhi.rulebook import discretion as engine


def is_heavy_penalty(case: Case) -> bool:
    """严重违法失信名单 candidates (市场监督管理严重违法失信名单管理办法, Order 44): licence or business penalties,
    a fine in the aggravated (从重) tier of the benchmark, or the major-amount threshold (collective discussion)."""
    tier = (case.discretion or {}).get("tier")
    return bool(case.licence_or_business_penalty or case.discussion_required or tier == engine.Tier.HEAVIER.value)


def serious_list_hand_over(*, case: Case, actor: Any) -> str:
    """Propose the party for the serious list when the decided penalty is heavy; returns the hand-over status."""
    if not is_heavy_penalty(case):
        return Handover.NONE
    if case.decided_on is None:  # only case_decide calls this, after recording the decision date
        raise DomainError("cases.not_decided", "案件尚未作出处罚决定，不能移交严重违法失信名单")
    if case.entity_id is None:
        status = Handover.NOT_REGISTERED
    else:
        serious_list_propose(
            entity=case.entity,
            ground="heavy_penalty",
            source_ref=case.number,
            decided_on=case.decided_on,
            actor=actor,
        )
        status = Handover.HANDED_OVER
    Case.objects.filter(pk=case.pk).update(serious_list_handover=status)
    case.serious_list_handover = status
    audit_record(action="cases.serious_list_handover", target=case, actor=actor, changes={"status": status})
    return status
