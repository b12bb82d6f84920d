"""Tips handed over in bulk (the demo district's year of 12315 tips): their clues, written set-based.

One tip at a time goes through ``clue_register`` (``fazhi.complaints.services.tip_hand_over``). This is the same
hand-over for thousands of past tips at once: each clue gets its number from the counter ``clue_register`` uses,
the tip's day of receipt as its own (the one verification period of 市场监督管理行政处罚程序规定 Art. 18, counted
from 收到材料之日), its verification deadline computed by the engine — met on the day it was decided, or open —
and one audit event. Past decisions are ``not_filed`` only: a 立案 needs a case, which only ``case_file`` makes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from fazhi.cases.choices import ClueStatus
from fazhi.cases.models import Clue
from fazhi.cases.services.clues import CLUE_RULE
from fazhi.cases.services.common import next_number
from fazhi.core.audit import audit_records
from fazhi.core.errors import DomainError
from fazhi.deadlines.models import TrackedDeadline
from fazhi.deadlines.services import compute


@dataclass(frozen=True)
class TipClue:
    """A handed-over tip as its clue: the party, the facts, the reporter, and (for a past one) the decision."""

    tip_number: str
    received_on: dt.date
    department_id: int
    entity_id: int | None
    description: str
    party_kind: str
    party_name: str
    party_identifier: str = ""
    party_address: str = ""
    reporter_name: str = ""
    reporter_contact: str = ""
    decided_on: dt.date | None = None  # None: still being verified
    decision_reason: str = ""
    reporter_notified_on: dt.date | None = None
    reporter_notice: str = ""


def clues_from_tips(items: Sequence[TipClue], *, calendar: Any, actor: Any = None) -> dict[str, Clue]:
    """Insert the clues of ``items`` with their verification deadlines; returns ``{tip number: clue}``."""
    if any(i.decided_on is not None and not i.decision_reason for i in items):
        raise DomainError("cases.reason_required", "不予立案须写明理由")
    with transaction.atomic():
        clues: list[Clue] = []
        results = []
        for item in items:
            result = compute(
                rule_id=CLUE_RULE,
                start=item.received_on,
                selecting_date=None,
                exclusions=[],
                extensions=[],
                calendar=calendar,
            )
            if item.decided_on is not None and item.decided_on < item.received_on:
                raise DomainError("cases.date_before_previous_step", "决定日期不能早于收到举报之日")
            year = item.received_on.year
            clues.append(
                Clue(
                    number=f"XS{year}-{next_number('clue', year):06d}",
                    source_kind="tip",
                    source_ref=item.tip_number,
                    entity_id=item.entity_id,
                    description=item.description,
                    received_on=item.received_on,
                    department_id=item.department_id,
                    reporter_name=item.reporter_name,
                    reporter_contact=item.reporter_contact,
                    party_kind=item.party_kind,
                    party_name=item.party_name,
                    party_identifier=item.party_identifier,
                    party_address=item.party_address,
                    status=ClueStatus.NOT_FILED if item.decided_on else ClueStatus.VERIFYING,
                    verification_due_on=result.due_on,
                    decided_on=item.decided_on,
                    decision_reason=item.decision_reason,
                    reporter_notified_on=item.reporter_notified_on,
                    reporter_notice=item.reporter_notice,
                )
            )
            results.append(result)
        Clue.objects.bulk_create(clues, batch_size=2000)
        TrackedDeadline.objects.bulk_create(
            [
                TrackedDeadline(
                    owner_type="cases.clue",
                    owner_id=str(clue.pk),
                    label="线索核查期限",
                    rule_id=CLUE_RULE,
                    start_on=clue.received_on,
                    version=r.version,
                    due_on=r.due_on,
                    status="met" if clue.decided_on else "open",
                    met_on=clue.decided_on,
                    citation=r.citation,
                    citation_url=r.citation_url,
                    rule_status=r.rule_status,
                    rulebook_version=r.rulebook_version,
                    unit=r.unit,
                    length=r.length,
                    trace=r.trace,
                    provisional=r.provisional,
                )
                for clue, r in zip(clues, results, strict=True)
            ],
            batch_size=2000,
        )
        audit_records(
            action="cases.clue_register",
            items=(
                (
                    "cases.clue",
                    clue.pk,
                    {"source_kind": "tip", "source_ref": clue.source_ref, "received_on": clue.received_on},
                )
                for clue in clues
            ),
            actor=actor,
        )
    return {clue.source_ref: clue for clue in clues}
