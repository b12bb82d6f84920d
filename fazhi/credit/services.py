"""Credit services: every write of the credit module goes through here (one service per legal step).

Keyword-only, ``transaction.atomic``, an audit event per change, ``DomainError`` with a stable code. The legal
numbers (grounds, periods, windows, eligibility) come from ``fazhi.rulebook.credit``; tracked deadlines from
``fazhi.deadlines.services``. The annual-report sweep lives in ``fazhi.credit.sweep`` (set-based, batched).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from fazhi.core.audit import audit_record
from fazhi.core.errors import ConcurrentUpdate, DomainError
from fazhi.credit import workflow
from fazhi.credit.choices import (
    ApplicationKind,
    ApplicationStatus,
    ChangeKind,
    Cure,
    ListingStatus,
    RemovalReason,
    RepairStatus,
    SeriousStatus,
)
from fazhi.credit.models import (
    AbnormalListing,
    CreditChange,
    CreditRepair,
    ListingApplication,
    SeriousListing,
)
from fazhi.deadlines import services as deadline_services
from fazhi.deadlines.selectors import current_calendar, deadlines_for, rule_gate
from fazhi.rulebook import credit as rules
from fazhi.rulebook.confirmation import Purpose, deadline_value
from fazhi.rulebook.errors import RulebookError
from fazhi.rulebook.version import rulebook_version

# Document numbers (文号). Demo format of this bureau; unique because (entity, ground, year) is unique.
NUMBER_PREFIX = "东市监"
GROUND_MARKS = {"annual_report": "年", "not_disclosed": "公", "false_information": "虚", "unreachable": "址"}


def listing_number(*, consequence: str, ground: str, year: int, entity_id: int) -> str:
    """``东市监异〔2023〕年123号`` (list) / ``东市监标〔2023〕年123号`` (individual mark)."""
    kind = "异" if consequence == "abnormal_list" else "标"
    return f"{NUMBER_PREFIX}{kind}〔{year}〕{GROUND_MARKS[ground]}{entity_id}号"


def _domain_error(exc: RulebookError) -> DomainError:
    return DomainError(exc.code, exc.message)


def _consequence_for(entity: Any, on: dt.date) -> str:
    try:
        return rules.annual_report_obligation(entity.kind, on.year - 1).consequence
    except RulebookError as exc:
        raise _domain_error(exc) from exc


def _bump(obj: Any, expected_status: str, fields: list[str]) -> None:
    """Save ``fields`` only if the row still has ``expected_status`` and revision (two users never both succeed)."""
    model = type(obj)
    updated = model.objects.filter(pk=obj.pk, status=expected_status, revision=obj.revision).update(
        **{name: getattr(obj, name) for name in fields}, revision=obj.revision + 1
    )
    if updated != 1:
        raise ConcurrentUpdate(str(model._meta.verbose_name))
    obj.revision += 1


# ------------------------------------------------------------------------------------------ abnormal list


def abnormal_list_propose(
    *, entity: Any, ground: str, decided_on: dt.date, basis_ref: str, actor: Any
) -> AbnormalListing:
    """List ``entity`` for ``ground`` (企业: 列入经营异常名录; 个体工商户: 标记为经营异常状态) on ``decided_on``.

    Called by other modules (inspections: ``unreachable`` from a result; ``not_disclosed``; ``false_information``).
    ``basis_ref`` is the caller's reference to the facts (e.g. ``inspections.result:123``); the legal basis is
    taken from the rulebook and stored with its status. Idempotent: listing the same entity for the same
    ground in the same year again returns the existing record. Codes: ``credit.unknown_ground``,
    ``credit.entity_not_active``, ``credit.no_obligation``.
    """
    if entity.status != "active":
        raise DomainError("credit.entity_not_active", "该市场主体不是存续状态，不能列入经营异常名录", field="entity")
    consequence = _consequence_for(entity, decided_on)
    try:
        rule = rules.listing_ground(consequence, ground, decided_on)
    except RulebookError as exc:
        raise _domain_error(exc) from exc
    year = decided_on.year
    with transaction.atomic():
        existing = AbnormalListing.objects.filter(entity=entity, ground=ground, year=year).first()
        if existing is not None:
            return existing
        listing = AbnormalListing(
            number=listing_number(consequence=consequence, ground=ground, year=year, entity_id=entity.pk),
            entity=entity,
            consequence=consequence,
            ground=ground,
            year=year,
            decided_on=decided_on,
            basis_ref=rule.basis_ref[:300],
            basis_status=rule.provenance.status.value,
            rulebook_version=rulebook_version(),
            source_ref=(basis_ref or "")[:100],
            department_id=entity.office_id,
        )
        listing.full_clean()
        try:
            with transaction.atomic():
                listing.save(force_insert=True)
        except IntegrityError:  # a concurrent call listed it first
            return AbnormalListing.objects.get(entity=entity, ground=ground, year=year)
        audit_record(
            action="credit.abnormal_list",
            target=listing,
            changes={
                "entity": entity.pk,
                "ground": ground,
                "consequence": consequence,
                "decided_on": decided_on,
                "basis": listing.basis_ref,
                "source": listing.source_ref,
            },
            actor=actor,
        )
    return listing


def _remove_listing(listing: AbnormalListing, *, on: dt.date, reason: str, actor: Any) -> None:
    workflow.listing_next(listing.status, "remove")
    listing.status, listing.removed_on, listing.removal_reason = ListingStatus.REMOVED, on, reason
    _bump(listing, ListingStatus.LISTED, ["status", "removed_on", "removal_reason"])
    CreditChange.objects.create(
        kind=ChangeKind.ABNORMAL_REMOVED, entity_id=listing.entity_id, reference=listing.number, occurred_on=on
    )
    audit_record(
        action="credit.abnormal_remove", target=listing, changes={"removed_on": on, "reason": reason}, actor=actor
    )


def _cure_checked(listing: AbnormalListing, cure: str) -> None:
    rule = rules.listing_ground(listing.consequence, listing.ground, listing.decided_on)
    if cure != rule.cure:
        raise DomainError(
            "credit.cure_mismatch",
            f"该记录的列入事由是“{rule.text}”，移出前应{Cure(rule.cure).label.removeprefix('已')}",
            field="cure",
        )
    if listing.ground == "annual_report":
        from fazhi.registry.selectors import entity_annual_reports

        report_year = listing.year - 1
        if not any(r.year == report_year for r in entity_annual_reports(listing.entity)):
            raise DomainError(
                "credit.report_missing", f"尚未补报 {report_year} 年度报告，请先补报后再申请移出", field="cure"
            )


def removal_apply(
    *, listing: AbnormalListing, cure: str, received_on: dt.date, statement: str = "", actor: Any
) -> ListingApplication:
    """Application to be removed (移出 / 恢复正常状态) once the cause is cured; decided within 5 working days
    (tracked deadline ``abnormal_list.removal_decision``). Codes: ``credit.not_listed``, ``credit.cure_mismatch``,
    ``credit.report_missing``, ``credit.application_pending``."""
    if listing.status != ListingStatus.LISTED:
        raise DomainError("credit.not_listed", "该记录已移出，无需申请")
    _cure_checked(listing, cure)
    return _application_open(
        listing=listing,
        kind=ApplicationKind.REMOVAL,
        received_on=received_on,
        statement=statement,
        cure=cure,
        rule_id="abnormal_list.removal_decision",
        label="移出决定期限",
        action="credit.removal_apply",
        actor=actor,
    )


def objection_raise(
    *, listing: AbnormalListing, received_on: dt.date, statement: str, actor: Any
) -> ListingApplication:
    """异议 within 30 days of the listing's publication; acceptance decided within 5 working days.
    Codes: ``credit.objection_late``, ``credit.not_listed``, ``credit.application_pending``."""
    if listing.status != ListingStatus.LISTED:
        raise DomainError("credit.not_listed", "该记录已移出，不能再提出异议")
    window = deadline_services.compute(
        rule_id="abnormal_list.objection_filing",
        start=listing.decided_on,
        selecting_date=None,
        exclusions=[],
        extensions=[],
        calendar=current_calendar(),
    )
    if window.due_on is not None and received_on > window.due_on:
        raise DomainError(
            "credit.objection_late",
            f"异议期限已于 {window.due_on} 届满（{window.citation}）；可在消除事由后申请移出",
            field="received_on",
        )
    return _application_open(
        listing=listing,
        kind=ApplicationKind.OBJECTION,
        received_on=received_on,
        statement=statement,
        cure=None,
        rule_id="abnormal_list.objection_acceptance",
        label="异议受理期限",
        action="credit.objection_raise",
        actor=actor,
    )


def _application_open(
    *,
    listing: AbnormalListing,
    kind: str,
    received_on: dt.date,
    statement: str,
    cure: str | None,
    rule_id: str,
    label: str,
    action: str,
    actor: Any,
) -> ListingApplication:
    """Record a removal application or an objection with its tracked deadline (one open request at a time)."""
    with transaction.atomic():
        if listing.applications.filter(status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED]).exists():
            raise DomainError("credit.application_pending", "该记录已有尚未办结的申请或异议")
        fields: dict[str, Any] = {"cure": cure} if cure is not None else {}
        application = ListingApplication.objects.create(
            listing=listing,
            kind=kind,
            statement=statement,
            received_on=received_on,
            department_id=listing.department_id,
            **fields,
        )
        deadline = deadline_services.deadline_open(owner=application, rule_id=rule_id, start=received_on, label=label)
        application.due_on = deadline.due_on
        application.save(update_fields=["due_on"])
        audit_record(
            action=action,
            target=application,
            changes={"listing": listing.number, **fields, "received_on": received_on, "due_on": deadline.due_on},
            actor=actor,
        )
    return application


def _meet_open_deadlines(owner: Any, on: dt.date) -> None:
    for deadline in deadlines_for(owner):
        if deadline.status == "open":
            deadline_services.deadline_meet(deadline=deadline, on=on)


def objection_accept(
    *, application: ListingApplication, accept: bool, on: dt.date, note: str = "", actor: Any
) -> ListingApplication:
    """Decide whether to accept an objection (5 working days); accepted → verify within 20 working days."""
    with transaction.atomic():
        to = workflow.application_next(application.kind, application.status, "accept" if accept else "not_accept")
        before = application.status
        _meet_open_deadlines(application, on)
        application.status, application.accepted_on = to, on
        if not accept:
            application.decided_on, application.decision_note, application.decided_by = on, note, _user(actor)
            application.due_on = None
        else:
            deadline = deadline_services.deadline_open(
                owner=application, rule_id="abnormal_list.objection_verification", start=on, label="异议核实期限"
            )
            application.due_on = deadline.due_on
        _bump(application, before, ["status", "accepted_on", "decided_on", "decision_note", "decided_by", "due_on"])
        audit_record(
            action="credit.objection_accept",
            target=application,
            changes={"accepted": accept, "on": on, "note": note, "due_on": application.due_on},
            actor=actor,
        )
    return application


def application_decide(
    *, application: ListingApplication, approve: bool, decided_on: dt.date, note: str = "", actor: Any
) -> ListingApplication:
    """Decide a removal application (submitted) or a verified objection (accepted). Approval removes the listing
    (history kept: the listing row stays, with its removal date and reason) and feeds the public change feed."""
    with transaction.atomic():
        to = workflow.application_next(application.kind, application.status, "approve" if approve else "reject")
        before = application.status
        _meet_open_deadlines(application, decided_on)
        application.status, application.decided_on, application.decision_note = to, decided_on, note
        application.decided_by, application.due_on = _user(actor), None
        _bump(application, before, ["status", "decided_on", "decision_note", "decided_by", "due_on"])
        if approve:
            listing = AbnormalListing.objects.select_for_update().get(pk=application.listing_id)
            reason = (
                RemovalReason.CURED if application.kind == ApplicationKind.REMOVAL else RemovalReason.OBJECTION_UPHELD
            )
            _remove_listing(listing, on=decided_on, reason=reason, actor=actor)
        audit_record(
            action="credit.application_decide",
            target=application,
            changes={"approve": approve, "decided_on": decided_on, "note": note},
            actor=actor,
        )
    return application


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


# ------------------------------------------------------------------------------------------ serious list


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
        raise _domain_error(exc) from exc
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


# ------------------------------------------------------------------------------------------ misused identities
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
        raise _domain_error(exc) from exc
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
