"""The serious illegal and dishonest list (严重违法失信名单): proposal with notice, decision, removal, overdue sweep."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction

from fazhi.core import validation
from fazhi.core.audit import audit_record
from fazhi.core.clock import legal_today
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
    _user,
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


ROLE_LABELS = {"leader": "局负责人", "section_chief": "科室负责人"}


def _check_decider(authority: rules.DecidingAuthority, actor: Any) -> None:
    """The bureau's signatory named in the table (``bureau_role``) signs the decision or the submission."""
    if actor is None:  # the system itself (demo generator, commands run without --user)
        return
    if getattr(actor, "role", None) != authority.bureau_role:
        raise DomainError(
            "credit.serious_wrong_decider",
            f"严重违法失信名单的列入、移出决定（或向上级提请）须由{ROLE_LABELS[authority.bureau_role]}签发"
            "（列入决定与行政处罚决定一并作出，行政处罚法第五十七条）；请提交局负责人办理",
            field="on",
        )


def _upper_step(
    *,
    decides: str,
    authority: rules.DecidingAuthority,
    upper_ref: str,
    upper_on: dt.date | None,
    decided_on: dt.date,
    not_before: dt.date,
    what: str,
) -> tuple[str, dt.date | None]:
    """The upper authority's document a decision needs (issue 13 §2): its decision when ``decides == "upper"``
    (the bureau only submitted), its consent when ``"bureau_with_upper_consent"``. Codes:
    ``credit.upper_decision_required``, ``credit.upper_consent_required``, ``credit.upper_date_mismatch``."""
    ref = validation.text(upper_ref or "", field="upper_ref", max_chars=60, what="上级机关文号").strip()
    if decides == "bureau":
        return "", None
    if not ref or upper_on is None:
        if decides == "upper":
            raise DomainError(
                "credit.upper_decision_required",
                f"{what}由{authority.authority}决定（{authority.article}），本局只能提请：请登记上级机关"
                "决定的文号和日期后再记录",
                field="upper_ref",
            )
        raise DomainError(
            "credit.upper_consent_required",
            f"本局{what}须报经上一级市场监督管理部门同意（{authority.article}）：请登记上级部门同意的文号和日期",
            field="upper_ref",
        )
    upper_on = validation.step_date(
        upper_on,
        today=legal_today(),
        not_before=not_before,
        field="upper_on",
        what="上级机关决定（同意）日期",
        previous="告知（列入）",
    )
    if decides == "upper" and upper_on != decided_on:
        raise DomainError(
            "credit.upper_date_mismatch",
            f"该{what}由上级机关作出，决定日期即上级机关决定的日期（{upper_on}）",
            field="on",
        )
    if decides == "bureau_with_upper_consent" and upper_on > decided_on:
        raise DomainError("credit.upper_date_mismatch", "上一级部门同意的日期不能晚于本局的决定日期", field="upper_on")
    return ref, upper_on


def serious_list_decide(
    *,
    listing: SeriousListing,
    list_it: bool,
    decided_on: dt.date,
    statement: str = "",
    upper_ref: str = "",
    upper_on: dt.date | None = None,
    upper_authority: str = "",
    actor: Any,
) -> SeriousListing:
    """Decide after the party was heard. Who decides comes from the rulebook (``deciding_authority`` of the
    ground): a listing for 3 years on the abnormal list is the provincial authority's decision on the bureau's
    submission (条例第十七条第二款, 2014 text), a heavy-penalty listing the bureau's with the next level's consent
    (总局令第44号 [SECONDARY]); the upper document is recorded. Listed: period end and earliest early removal
    computed from the rulebook; the legal representative's 3-year bar recorded where the ground carries it;
    abnormal listings behind a 3-year proposal are moved off the abnormal list."""
    serious = rules.serious_list_rules(decided_on)
    authority = serious.authority_for(listing.ground)
    _check_decider(authority, actor)
    with transaction.atomic():
        to = workflow.serious_next(listing.status, "list" if list_it else "drop")
        if decided_on < listing.proposed_on:
            raise DomainError("credit.decided_before_proposed", "决定日期不能早于告知日期", field="decided_on")
        validation.step_date(decided_on, today=legal_today(), field="on", what="决定日期")
        ref, upper_day = "", None
        if list_it:
            ref, upper_day = _upper_step(
                decides=authority.decides,
                authority=authority,
                upper_ref=upper_ref,
                upper_on=upper_on,
                decided_on=decided_on,
                not_before=listing.proposed_on,
                what="列入严重违法失信名单",
            )
        listing.status, listing.decided_on, listing.statement = to, decided_on, statement
        listing.decides = authority.decides
        listing.authority_basis = authority.basis_ref[:300]
        listing.decided_by = _user(actor)
        if list_it:
            upper_name = (upper_authority or settings.FAZHI_UPPER_AUTHORITY)[:100] if ref else ""
            listing.upper_authority, listing.upper_ref, listing.upper_on = upper_name, ref, upper_day
            listing.deciding_authority = (upper_name if authority.decides == "upper" else settings.FAZHI_BUREAU_NAME)[
                :200
            ]
            # The document number is the deciding authority's: the upper body's when it decided.
            listing.number = (
                ref if authority.decides == "upper" else f"{NUMBER_PREFIX}严〔{decided_on.year}〕{listing.pk}号"
            )
            listing.ends_on = serious.period_end(decided_on, listing.ground)
            listing.early_removal_from = serious.early_removal_from(decided_on)
            if listing.ground in serious.representative_bar_grounds:
                person = (listing.entity.legal_representative or "").strip()
                basis = serious.representative_bar_basis(decided_on)[0]
                listing.barred_person = person[:64]
                listing.bar_ends_on = serious.representative_bar_end(decided_on) if person else None
                listing.bar_basis = str(basis.citation or basis.label)[:300]
                listing.bar_status = basis.status.value
        _bump(
            listing,
            SeriousStatus.PROPOSED,
            [
                "status",
                "decided_on",
                "statement",
                "number",
                "ends_on",
                "early_removal_from",
                "decides",
                "deciding_authority",
                "authority_basis",
                "upper_authority",
                "upper_ref",
                "upper_on",
                "decided_by",
                "barred_person",
                "bar_ends_on",
                "bar_basis",
                "bar_status",
            ],
        )
        if list_it and listing.ground == "abnormal_list_3_years":
            for abnormal in AbnormalListing.objects.select_for_update().filter(
                entity_id=listing.entity_id, status=ListingStatus.LISTED
            ):
                _remove_listing(abnormal, on=decided_on, reason=RemovalReason.SERIOUS_LIST, actor=actor)
        audit_record(
            action="credit.serious_decide",
            target=listing,
            changes={
                "listed": list_it,
                "decided_on": decided_on,
                "ends_on": listing.ends_on,
                "number": listing.number,
                "decides": authority.decides,
                "deciding_authority": listing.deciding_authority,
                "upper_ref": listing.upper_ref,
                "upper_on": listing.upper_on,
                "barred_person": listing.barred_person,
                "bar_ends_on": listing.bar_ends_on,
            },
            actor=actor,
        )
    return listing


def serious_list_remove(
    *,
    listing: SeriousListing,
    on: dt.date,
    early: bool,
    upper_ref: str = "",
    upper_on: dt.date | None = None,
    actor: Any,
) -> SeriousListing:
    """Early removal (after 1 year, conditions checked by the officer) or removal at the end of the period, by the
    authority the text names for the ground (``removal_decides``: 条例第十七条第三款 (2014) names the provincial
    authority for listings after 3 years on the abnormal list). Codes: ``credit.early_removal_too_soon``,
    ``credit.period_not_ended``, ``credit.upper_decision_required``."""
    serious = rules.serious_list_rules(listing.decided_on or on)
    authority = serious.authority_for(listing.ground)
    _check_decider(authority, actor)
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
            basis = serious.period_basis(listing.decided_on, listing.ground)
            gate = rule_gate(basis, purpose=Purpose.END_LISTING)
            if not gate.decides_alone:
                raise DomainError("rules.unconfirmed", gate.message, field="on")
        ref, upper_day = _upper_step(
            decides=authority.removal_decides,
            authority=authority,
            upper_ref=upper_ref,
            upper_on=upper_on,
            decided_on=on,
            not_before=listing.decided_on or listing.proposed_on,
            what="移出严重违法失信名单",
        )
        listing.status, listing.removed_on = to, on
        listing.removal_upper_ref, listing.removal_upper_on = ref, upper_day
        _bump(listing, SeriousStatus.LISTED, ["status", "removed_on", "removal_upper_ref", "removal_upper_on"])
        CreditChange.objects.create(
            kind=ChangeKind.SERIOUS_REMOVED, entity_id=listing.entity_id, reference=listing.number or "", occurred_on=on
        )
        audit_record(
            action="credit.serious_remove",
            target=listing,
            changes={"on": on, "early": early, "upper_ref": ref, "upper_on": upper_day},
            actor=actor,
        )
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
