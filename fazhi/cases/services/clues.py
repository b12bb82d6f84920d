"""Clues (线索): register, verify within the tracked period, tell the reporter.

``clue_register`` is the hand-over service the complaints and inspections modules call; its signature is stable
(docs/domain/cases.md § Hand-over). Filing or declining a clue is a 负责人's approval: ``services/filing.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from fazhi.cases.choices import ClueSource, ClueStatus, PartyKind
from fazhi.cases.models import Clue
from fazhi.cases.services.common import next_number, require_reason
from fazhi.core.audit import audit_record
from fazhi.core.errors import DomainError
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


def clue_notify_reporter(*, clue: Clue, on: Any, text: str, actor: Any, revision: Any = None) -> Clue:
    """Record that the named complainant / reporter was told of the decision (立案 or 不予立案)."""
    from fazhi.cases.services.common import require_actor, step_date
    from fazhi.core import revision as revisions

    require_actor(actor, "cases.handle", department_id=clue.department_id, what="线索")
    text = require_reason(text, "text", "告知内容")
    if clue.status not in (ClueStatus.FILED, ClueStatus.NOT_FILED):
        raise DomainError("cases.clue_not_decided", "请先由局负责人批准立案或不予立案，再告知投诉举报人")
    if not clue.reporter_name:
        raise DomainError("cases.no_reporter", "匿名线索无需告知")
    day = step_date(on, not_before=clue.decided_on or clue.received_on, what="告知日期")
    with transaction.atomic():
        expected = revisions.parse_revision(revision)
        locked = revisions.lock(clue, revision=clue.revision if expected is None else expected, what="线索")
        locked.reporter_notified_on, locked.reporter_notice = day, text
        revisions.save_bumped(locked, ["reporter_notified_on", "reporter_notice"], original=clue)
        audit_record(action="cases.clue_notify_reporter", target=clue, actor=actor, changes={"on": day})
    return clue
