"""The business abnormal list (经营异常名录): listing, objection, removal applications and their decisions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from fazhi.core.audit import audit_record
from fazhi.core.errors import DomainError, from_rulebook
from fazhi.credit import workflow
from fazhi.credit.choices import (
    ApplicationKind,
    ApplicationStatus,
    ChangeKind,
    Cure,
    ListingStatus,
    RemovalReason,
)
from fazhi.credit.models import (
    AbnormalListing,
    CreditChange,
    ListingApplication,
)
from fazhi.credit.services.common import (
    _bump,
    _consequence_for,
    _meet_open_deadlines,
    _user,
    listing_number,
)
from fazhi.deadlines import services as deadline_services
from fazhi.deadlines.selectors import current_calendar
from fazhi.rulebook import credit as rules
from fazhi.rulebook.errors import RulebookError
from fazhi.rulebook.version import rulebook_version


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
        raise from_rulebook(exc) from exc
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
