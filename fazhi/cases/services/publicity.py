"""行政处罚信息公示: open the publication deadlines at decision (20 WD, Order 45 Art. 9; 7 WD for the
enforcement-decision disclosure, 国办发〔2018〕118号), publish masked for the period the rulebook gives by penalty
type (Order 45 Art. 13, end computed by the deadline engine), withdraw within 3 WD. The hand-over of heavy
penalties to credit is ``services/handover.py`` (a plain call)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from fazhi.cases.choices import PartyKind, PublicationStatus
from fazhi.cases.models import Case, Publication
from fazhi.cases.services.common import require_case_actor, require_reason, step, step_date
from fazhi.core.audit import audit_record
from fazhi.core.errors import DomainError, from_rulebook
from fazhi.deadlines import services as deadline_services
from fazhi.deadlines.models import DeadlineStatus, TrackedDeadline
from fazhi.rulebook import masking
from fazhi.rulebook.errors import RulebookError
from fazhi.rulebook.penalty_publicity import display_period, is_published

PUBLICATION_RULES = ("publicity.penalty_decision", "publicity.enforcement_decision")


def penalty_kinds(case: Case) -> list[str]:
    """The decision's penalties in the rulebook's vocabulary (``tables/penalties/publicity.yaml``)."""
    kinds = []
    if case.warning:
        kinds.append("warning")
    if case.fine:
        kinds.append("fine")
    if case.confiscation:
        kinds.append("confiscation")
    if case.licence_or_business_penalty:
        kinds.append("licence_or_business")
    return kinds


def _pub_deadline(pub: Publication, rule_id: str) -> TrackedDeadline | None:
    return TrackedDeadline.objects.filter(
        owner_type="cases.publication", owner_id=str(pub.pk), rule_id=rule_id, status=DeadlineStatus.OPEN
    ).first()


def publication_open(*, case: Case, actor: Any) -> Publication | None:
    """At the decision: ordinary-procedure decisions other than warnings must be published within 20 WD."""
    assert case.decided_on is not None
    try:
        due = is_published(penalty_kinds=penalty_kinds(case), procedure=case.procedure, on=case.decided_on)
    except RulebookError as exc:
        raise from_rulebook(exc) from exc
    if not due:
        return None
    with transaction.atomic():
        pub = Publication.objects.create(case=case, due_on=case.decided_on)
        credit_system = deadline_services.deadline_open(
            owner=pub,
            rule_id="publicity.penalty_decision",
            start=case.decided_on,
            label="信用信息公示期限",
            actor=actor,
        )
        # 国办发〔2018〕118号 [SECONDARY]: the enforcement decision is disclosed within 7 working days — tracked beside
        # the Order 45 publication (its own deadline on the record); the publication's due date stays Order 45 Art. 9.
        deadline_services.deadline_open(
            owner=pub,
            rule_id="publicity.enforcement_decision",
            start=case.decided_on,
            label="执法决定公开期限",
            actor=actor,
        )
        pub.due_on = credit_system.due_on or case.decided_on
        pub.party_display = public_party_name(case)
        pub.save(update_fields=["due_on", "party_display"])
        audit_record(action="cases.publication_open", target=case, actor=actor, changes={"due_on": pub.due_on})
    return pub


def public_party_name(case: Case) -> str:
    """Natural persons' names are masked; organisations are shown by name (Order 45 Art. 6: 对信息进行必要的处理)."""
    if case.party_kind == PartyKind.NATURAL_PERSON:
        return masking.mask_person_name(case.party_name)
    return case.party_name


def public_summary(case: Case) -> str:
    """The published text: no ID numbers, phones or addresses (masked again as a safety net)."""
    parts = [f"违法行为：{case.title}"]
    d = case.discretion or {}
    if d.get("violated"):
        parts.append(f"违反：《{d['violated']['instrument']}》{d['violated']['article']}")
    if d.get("penalty_provision"):
        parts.append(f"处罚依据：《{d['penalty_provision']['instrument']}》{d['penalty_provision']['article']}")
    penalty = []
    if case.warning:
        penalty.append("警告")
    if case.confiscation:
        penalty.append(f"没收违法所得（非法财物）{case.confiscation} 元")
    if case.fine:
        penalty.append(f"罚款 {case.fine} 元")
    parts.append("处罚内容：" + ("；".join(penalty) or "—"))
    # The title is free text typed by staff: a natural person's name, address or ID number in it is masked, as are
    # names after person labels and house numbers (issue 14 §10).
    person = case.party_kind == PartyKind.NATURAL_PERSON
    return masking.mask_free_text(
        "\n".join(parts),
        names=[case.party_name] if person else [],
        addresses=[case.party_address] if person else [],
        id_numbers=[case.party_id_number] if person else [],
    )


@step
def publication_publish(*, publication: Publication, on: Any, actor: Any) -> Publication:
    """Publish the masked decision (the handler), on a date not before the decision."""
    require_case_actor(actor, "cases.handle", publication.case)
    on = step_date(on, not_before=publication.case.decided_on, what="公示日期")
    with transaction.atomic():
        pub = Publication.objects.select_for_update().select_related("case").get(pk=publication.pk)
        if pub.status != PublicationStatus.PENDING:
            raise DomainError("cases.publication_not_pending", f"公示状态为“{pub.get_status_display()}”，不能再公示")
        case = pub.case
        if case.decided_on is not None and on < case.decided_on:
            raise DomainError("cases.date_before_previous_step", "公示日期不能早于决定日期", field="on")
        try:
            # Order 45 Art. 13: 3 months only for 通报批评 / a lower fine alone; the rulebook reads the period by
            # penalty type and the engine counts its end (a burden: never rolled over a holiday).
            period = display_period(
                penalty_kinds=penalty_kinds(case), fine=case.fine, party_kind=case.party_kind, on=case.decided_on or on
            )
            display_until = period.end(on)
        except RulebookError as exc:
            raise from_rulebook(exc) from exc
        pub.status, pub.published_on = PublicationStatus.PUBLISHED, on
        pub.display_until = display_until
        pub.display_rule = period.as_dict()
        pub.summary = public_summary(case)
        pub.party_display = public_party_name(case)
        pub.save(update_fields=["status", "published_on", "display_until", "display_rule", "summary", "party_display"])
        for rule_id in PUBLICATION_RULES:
            deadline = _pub_deadline(pub, rule_id)
            if deadline is not None:
                deadline_services.deadline_meet(deadline=deadline, on=on, actor=actor)
        audit_record(
            action="cases.publish",
            target=case,
            actor=actor,
            changes={"on": on, "display_until": pub.display_until, "rule": period.rule_id},
        )
    publication.refresh_from_db()
    return publication


@step
def publication_withdraw(*, publication: Publication, on: Any, reason: str, actor: Any) -> Publication:
    """撤下（撤回）公示 on the case page: by the section chief or the 局负责人, on a date not before the publication."""
    require_case_actor(actor, "cases.approve", publication.case)
    reason = require_reason(reason, "reason", "撤下原因（决定被变更、撤销或确认违法）")
    day = step_date(on, not_before=publication.published_on or publication.case.decided_on, what="撤下日期")
    return withdraw(publication=publication, on=day, reason=reason, actor=actor)


def withdraw(
    *, publication: Publication, on: dt.date, reason: str, actor: Any, known_on: dt.date | None = None
) -> Publication:
    """The decision was changed or revoked: withdraw within 3 WD, tracked from ``known_on`` (the day the bureau
    received the decision or judgment that changed it) or, when not given, from ``on``. Called by the page step
    above and by ``remedy.case_record_remedy_outcome`` (the remedies module checks its own permission)."""
    reason = require_reason(reason, "reason", "撤下原因（决定被变更、撤销或确认违法）")
    if known_on is not None and known_on > on:
        raise DomainError("cases.date_before_previous_step", "撤下日期不能早于收到决定书（裁判文书）的日期", field="on")
    with transaction.atomic():
        pub = Publication.objects.select_for_update().get(pk=publication.pk)
        if pub.status == PublicationStatus.WITHDRAWN:
            raise DomainError("cases.already_withdrawn", "该公示已撤下")
        if pub.published_on is not None and on < pub.published_on:
            raise DomainError("cases.date_before_previous_step", "撤下日期不能早于公示日期", field="on")
        deadline = deadline_services.deadline_open(
            owner=pub, rule_id="publicity.withdrawal", start=known_on or on, label="撤下公示期限", actor=actor
        )
        deadline_services.deadline_meet(deadline=deadline, on=on, actor=actor)
        pub.status, pub.withdrawn_on, pub.withdrawal_reason, pub.withdrawal_due_on = (
            PublicationStatus.WITHDRAWN,
            on,
            reason,
            deadline.due_on,
        )
        pub.save(update_fields=["status", "withdrawn_on", "withdrawal_reason", "withdrawal_due_on"])
        audit_record(
            action="cases.withdraw_publication", target=pub.case, actor=actor, changes={"on": on, "reason": reason}
        )
    publication.refresh_from_db()
    return publication
