"""The serious illegal and dishonest list (严重违法失信名单): proposal with notice, decision, removal, overdue sweep."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from fazhi.core.audit import audit_record
from fazhi.core.errors import DomainError, from_rulebook
from fazhi.credit import workflow
from fazhi.credit.choices import (
    ChangeKind,
    ListingStatus,
    RemovalReason,
    SeriousStatus,
)
from fazhi.credit.models import (
    AbnormalListing,
    CreditChange,
    SeriousListing,
)
from fazhi.credit.services.abnormal import _remove_listing
from fazhi.credit.services.common import (
    NUMBER_PREFIX,
    _bump,
)
from fazhi.deadlines.selectors import rule_gate
from fazhi.rulebook import credit as rules
from fazhi.rulebook.confirmation import Purpose
from fazhi.rulebook.errors import RulebookError
from fazhi.rulebook.version import rulebook_version


def serious_list_propose(
    *, entity: Any, ground: str, source_ref: str, decided_on: dt.date, actor: Any
) -> SeriousListing:
    """Propose ``entity`` for the serious list (拟列入严重违法失信名单): notice with the right to state, defend
    and request a hearing comes first; ``serious_list_decide`` decides. Called by the cases module for heavy
    penalties (``ground="heavy_penalty"``, ``source_ref`` = case number, ``decided_on`` = penalty decision date)
    and by ``serious_list_propose_overdue`` (3 years on the abnormal list). Idempotent per (entity, ground,
    source_ref). Codes: ``credit.unknown_serious_ground``, ``credit.no_serious_rules``."""
    try:
        serious = rules.serious_list_rules(decided_on)
    except RulebookError as exc:
        raise from_rulebook(exc) from exc
    if ground not in serious.grounds:
        raise DomainError(
            "credit.unknown_serious_ground",
            f"“{ground}”不是严重违法失信名单的列入事由；可选：{'、'.join(serious.grounds)}",
            field="ground",
        )
    with transaction.atomic():
        existing = SeriousListing.objects.filter(entity=entity, ground=ground, source_ref=source_ref).first()
        if existing is not None:
            return existing
        listing = SeriousListing.objects.create(
            entity=entity,
            ground=ground,
            source_ref=source_ref[:100],
            proposed_on=decided_on,
            basis_ref=str(serious.provenance.citation)[:300],
            basis_status=serious.provenance.status.value,
            rulebook_version=rulebook_version(),
            department_id=getattr(entity, "office_id", None),
        )
        audit_record(
            action="credit.serious_propose",
            target=listing,
            changes={"entity": entity.pk, "ground": ground, "source_ref": source_ref, "proposed_on": decided_on},
            actor=actor,
        )
    return listing


def serious_list_decide(
    *, listing: SeriousListing, list_it: bool, decided_on: dt.date, statement: str = "", actor: Any
) -> SeriousListing:
    """Decide after the party was heard. Listed: period end and earliest early removal computed from the
    rulebook; abnormal listings behind a 3-year proposal are moved off the abnormal list."""
    serious = rules.serious_list_rules(decided_on)
    with transaction.atomic():
        to = workflow.serious_next(listing.status, "list" if list_it else "drop")
        if decided_on < listing.proposed_on:
            raise DomainError("credit.decided_before_proposed", "决定日期不能早于告知日期", field="decided_on")
        listing.status, listing.decided_on, listing.statement = to, decided_on, statement
        if list_it:
            listing.number = f"{NUMBER_PREFIX}严〔{decided_on.year}〕{listing.pk}号"
            listing.ends_on = serious.period_end(decided_on, listing.ground)
            listing.early_removal_from = serious.early_removal_from(decided_on)
        _bump(
            listing,
            SeriousStatus.PROPOSED,
            ["status", "decided_on", "statement", "number", "ends_on", "early_removal_from"],
        )
        if list_it and listing.ground == "abnormal_list_3_years":
            for abnormal in AbnormalListing.objects.select_for_update().filter(
                entity_id=listing.entity_id, status=ListingStatus.LISTED
            ):
                _remove_listing(abnormal, on=decided_on, reason=RemovalReason.SERIOUS_LIST, actor=actor)
        audit_record(
            action="credit.serious_decide",
            target=listing,
            changes={"listed": list_it, "decided_on": decided_on, "ends_on": listing.ends_on, "number": listing.number},
            actor=actor,
        )
    return listing


def serious_list_remove(*, listing: SeriousListing, on: dt.date, early: bool, actor: Any) -> SeriousListing:
    """Early removal (after 1 year, conditions checked by the officer) or removal at the end of the period.
    Codes: ``credit.early_removal_too_soon``, ``credit.period_not_ended``."""
    with transaction.atomic():
        to = workflow.serious_next(listing.status, "remove_early" if early else "expire")
        if early and listing.early_removal_from and on < listing.early_removal_from:
            raise DomainError(
                "credit.early_removal_too_soon", f"列入满1年（{listing.early_removal_from} 起）方可提前移出", field="on"
            )
        if not early and listing.ends_on and on < listing.ends_on:
            raise DomainError("credit.period_not_ended", f"列入期限至 {listing.ends_on} 届满", field="on")
        if not early and listing.decided_on is not None:
            # Ending a listing at the end of its period rests on the period's rule value: an UNCONFIRMED one may
            # not decide alone (issue 13 §3) — legal staff confirm it on the 规则确认 page first.
            basis = rules.serious_list_rules(listing.decided_on).period_basis(listing.decided_on, listing.ground)
            gate = rule_gate(basis, purpose=Purpose.END_LISTING)
            if not gate.decides_alone:
                raise DomainError("rules.unconfirmed", gate.message, field="on")
        listing.status, listing.removed_on = to, on
        _bump(listing, SeriousStatus.LISTED, ["status", "removed_on"])
        CreditChange.objects.create(
            kind=ChangeKind.SERIOUS_REMOVED, entity_id=listing.entity_id, reference=listing.number or "", occurred_on=on
        )
        audit_record(action="credit.serious_remove", target=listing, changes={"on": on, "early": early}, actor=actor)
    return listing


def serious_list_propose_overdue(*, today: dt.date, actor: Any) -> list[SeriousListing]:
    """Propose every entity still on the abnormal list 3 years after its listing (条例第十七条)."""
    from fazhi.credit.selectors import abnormal_overdue_for_serious

    proposed = []
    for listing in abnormal_overdue_for_serious(today=today):
        proposed.append(
            serious_list_propose(
                entity=listing.entity,
                ground="abnormal_list_3_years",
                source_ref=listing.number,
                decided_on=today,
                actor=actor,
            )
        )
    return proposed
