"""Clues (线索): register, verify within the tracked period, file a case or decline, tell the reporter.

``clue_register`` is the hand-over service the complaints and inspections modules call; its signature is stable
(docs/domain/cases.md § Hand-over).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from fazhi.cases.choices import ClueSource, ClueStatus, Domain, PartyKind, Procedure
from fazhi.cases.models import Case, Clue
from fazhi.cases.services.common import bureau_number, next_number, require_reason
from fazhi.core.audit import audit_record
from fazhi.core.errors import ConcurrentUpdate, DomainError
from fazhi.deadlines import services as deadline_services
from fazhi.deadlines.models import DeadlineStatus, TrackedDeadline

CLUE_RULE = "case.clue_verification"
HANDLING_RULE = "case.handling"
FAST_TRACK_RULE = "case.fast_track"


def _open_deadline(owner: Any, rule_id: str, start: dt.date, label: str) -> TrackedDeadline:
    return deadline_services.deadline_open(owner=owner, rule_id=rule_id, start=start, label=label)


def clue_deadline(clue: Clue) -> TrackedDeadline | None:
    return TrackedDeadline.objects.filter(
        owner_type="cases.clue", owner_id=str(clue.pk), rule_id=CLUE_RULE, status=DeadlineStatus.OPEN
    ).first()


def clue_register(
    *,
    source_kind: str,
    source_ref: str = "",
    entity: Any = None,
    description: str,
    received_on: dt.date,
    department: Any,
    reporter_name: str | None = None,
    reporter_contact: str | None = None,
    party_kind: str = "",
    party_name: str = "",
    party_identifier: str = "",
    party_address: str = "",
    materials: list[dict[str, Any]] | None = None,
    actor: Any = None,
) -> Clue:
    """Register a clue and open its verification period (15 WD, +15 with approval; testing excluded).

    ``source_kind`` is one of ClueSource (complaint, tip, inspection, transfer, superior, own_discovery, other);
    ``source_ref`` the other module's number (e.g. the tip's number). Returns the saved Clue.

    Tip intake (举报移交线索核查, called by ``fazhi.complaints.services.tip_hand_over``): ``received_on`` is the day
    the bureau RECEIVED the tip, not the day it was handed over. 市场监督管理行政处罚程序规定 Art. 18 runs one
    15-working-day period "自发现线索或者收到材料之日起" for clues from 举报 (and Order No. 20 Art. 31 sends tips to
    those rules), so the clock opened here is the tip's own clock carried over — never a second one. The party
    (``party_kind`` 自然人 / 法人或其他组织, name, USCC or ID number, address) and the evidence (``materials``:
    ``[{"name", "size", "sha256", "url"}]``) travel with the clue so that 立案 starts from them.
    """
    if source_kind not in ClueSource.values:
        raise DomainError("cases.bad_clue_source", f"线索来源 {source_kind!r} 无效", field="source_kind")
    if party_kind and party_kind not in PartyKind.values:
        raise DomainError("cases.bad_party_kind", "当事人类型只能是自然人或法人或其他组织", field="party_kind")
    materials = _check_materials(materials or [])
    require_reason(description, "description", "线索内容")
    with transaction.atomic():
        year = received_on.year
        clue = Clue(
            number=f"XS{year}-{next_number('clue', year):06d}",
            source_kind=source_kind,
            source_ref=source_ref or "",
            entity=entity,
            description=description.strip(),
            received_on=received_on,
            department=department,
            reporter_name=reporter_name or "",
            reporter_contact=reporter_contact or "",
            party_kind=party_kind,
            party_name=party_name.strip(),
            party_identifier=party_identifier.strip(),
            party_address=party_address.strip(),
            materials=materials,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        clue.full_clean()
        clue.save(force_insert=True)
        deadline = _open_deadline(clue, CLUE_RULE, received_on, "线索核查期限")
        clue.verification_due_on = deadline.due_on
        clue.save(update_fields=["verification_due_on"])
        audit_record(
            action="cases.clue_register",
            target=clue,
            actor=actor,
            changes={
                "source_kind": source_kind,
                "source_ref": source_ref,
                "received_on": received_on,
                "due_on": deadline.due_on,
                "party_name": clue.party_name,
                "materials": [m["sha256"] for m in materials],
            },
        )
    return clue


MATERIAL_KEYS = frozenset({"name", "size", "sha256", "url"})


def _check_materials(materials: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Evidence descriptors handed over with a clue: each names the file, its size, SHA-256 and where it is."""
    clean = []
    for item in materials:
        if set(item) != MATERIAL_KEYS or len(str(item["sha256"])) != 64:
            raise DomainError("cases.bad_materials", "移交的证据材料应写明文件名、大小、SHA-256 和存放位置")
        clean.append({k: item[k] for k in sorted(MATERIAL_KEYS)})
    return clean


def _lock_clue(clue: Clue) -> Clue:
    locked = Clue.objects.select_for_update().get(pk=clue.pk)
    if locked.revision != clue.revision:
        raise ConcurrentUpdate("线索")
    if locked.status != ClueStatus.VERIFYING:
        raise DomainError("cases.clue_already_decided", f"线索已{locked.get_status_display()}，不能再处理")
    return locked


def clue_extend(*, clue: Clue, approved_by: Any) -> Clue:
    """+15 working days with the head's approval (special circumstances)."""
    with transaction.atomic():
        locked = _lock_clue(clue)
        deadline = clue_deadline(locked)
        if deadline is None or deadline.extensions:
            raise DomainError("cases.clue_already_extended", "核查期限已延长过或不存在")
        deadline_services.deadline_extend(deadline=deadline, extension_id="head_approval", approved_by=approved_by)
        deadline.refresh_from_db()
        locked.verification_due_on = deadline.due_on
        locked.revision += 1
        locked.save(update_fields=["verification_due_on", "revision"])
        clue.verification_due_on, clue.revision = locked.verification_due_on, locked.revision
        audit_record(action="cases.clue_extend", target=clue, actor=approved_by, changes={"due_on": deadline.due_on})
    return clue


def clue_decline(*, clue: Clue, on: dt.date, reason: str, actor: Any) -> Clue:
    """不予立案 with reasons; the verification deadline is met."""
    reason = require_reason(reason, "reason", "不予立案理由")
    with transaction.atomic():
        locked = _lock_clue(clue)
        if on < locked.received_on:
            raise DomainError("cases.date_before_previous_step", "决定日期不能早于收到线索日期", field="on")
        locked.status, locked.decided_on, locked.decision_reason = ClueStatus.NOT_FILED, on, reason
        locked.revision += 1
        locked.save(update_fields=["status", "decided_on", "decision_reason", "revision"])
        _meet(locked, on)
        for name in ("status", "decided_on", "decision_reason", "revision"):
            setattr(clue, name, getattr(locked, name))
        audit_record(action="cases.clue_decline", target=clue, actor=actor, changes={"on": on, "reason": reason})
    return clue


def _meet(clue: Clue, on: dt.date) -> None:
    deadline = clue_deadline(clue)
    if deadline is not None:
        deadline_services.deadline_meet(deadline=deadline, on=on)


def case_file(
    *,
    clue: Clue,
    on: dt.date,
    title: str,
    party_kind: str,
    party_name: str,
    domain: str = Domain.OTHER,
    procedure: str = Procedure.ORDINARY,
    party_id_number: str = "",
    party_address: str = "",
    party_representative: str = "",
    facts_text: str = "",
    actor: Any,
) -> Case:
    """立案: create the case from the clue and open the handling period (90 natural days; fast track 30)."""
    require_reason(title, "title", "案由")
    require_reason(party_name, "party_name", "当事人")
    if party_kind not in PartyKind.values:
        raise DomainError("cases.bad_party_kind", "请选择当事人类型", field="party_kind")
    if procedure == Procedure.SUMMARY:
        raise DomainError("cases.summary_not_filed", "简易程序当场作出决定，不需立案，请使用简易程序登记")
    with transaction.atomic():
        locked = _lock_clue(clue)
        if on < locked.received_on:
            raise DomainError("cases.date_before_previous_step", "立案日期不能早于收到线索日期", field="on")
        year = on.year
        case = Case(
            number=bureau_number("立", year, next_number("case", year)),
            clue=locked,
            department=locked.department,
            procedure=procedure,
            domain=domain,
            title=title.strip(),
            entity=locked.entity,
            party_kind=party_kind,
            party_name=party_name.strip(),
            party_id_number=party_id_number,
            party_address=party_address,
            party_representative=party_representative,
            facts_text=facts_text or locked.description,
            filed_on=on,
        )
        case.full_clean()
        case.save(force_insert=True)
        rule = FAST_TRACK_RULE if procedure == Procedure.FAST_TRACK else HANDLING_RULE
        deadline = _open_deadline(case, rule, on, "办案期限")
        case.handling_due_on = deadline.due_on
        case.save(update_fields=["handling_due_on"])
        locked.status, locked.decided_on, locked.decision_reason = ClueStatus.FILED, on, "立案"
        locked.revision += 1
        locked.save(update_fields=["status", "decided_on", "decision_reason", "revision"])
        _meet(locked, on)
        for name in ("status", "decided_on", "decision_reason", "revision"):
            setattr(clue, name, getattr(locked, name))
        audit_record(
            action="cases.file",
            target=case,
            actor=actor,
            changes={
                "clue": locked.number,
                "number": case.number,
                "filed_on": on,
                "handling_due_on": case.handling_due_on,
            },
        )
    return case


def clue_notify_reporter(*, clue: Clue, on: dt.date, text: str, actor: Any) -> Clue:
    """Record that the named complainant / reporter was told of the decision (立案 or 不予立案)."""
    text = require_reason(text, "text", "告知内容")
    if clue.status == ClueStatus.VERIFYING:
        raise DomainError("cases.clue_not_decided", "请先作出立案或不予立案决定，再告知举报人")
    if not clue.reporter_name:
        raise DomainError("cases.no_reporter", "匿名线索无需告知")
    with transaction.atomic():
        locked = Clue.objects.select_for_update().get(pk=clue.pk)
        if locked.revision != clue.revision:
            raise ConcurrentUpdate("线索")
        locked.reporter_notified_on, locked.reporter_notice = on, text
        locked.revision += 1
        locked.save(update_fields=["reporter_notified_on", "reporter_notice", "revision"])
        clue.reporter_notified_on, clue.reporter_notice, clue.revision = on, text, locked.revision
        audit_record(action="cases.clue_notify_reporter", target=clue, actor=actor, changes={"on": on})
    return clue
