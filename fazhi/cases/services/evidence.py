"""The evidence list (证据清单): each item with its kind, when it was obtained and what it proves; an attached file
is stored with SHA-256 and linked into the audit chain (the event's sequence is kept). Paper evidence kept in the
case file is listed without a file. The decision documents list exactly these items.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction

from fazhi.cases.choices import EvidenceKind
from fazhi.cases.models import Case, Evidence
from fazhi.cases.services.common import optional_text, require_case_actor, require_reason, step, step_date
from fazhi.core import uploads
from fazhi.core.audit import audit_record
from fazhi.core.errors import DomainError

MAX_BYTES = 50 * 1024 * 1024


@step
def evidence_add(
    *,
    case: Case,
    title: Any,
    kind: str = EvidenceKind.DOCUMENT,
    obtained_on: Any = None,
    description: Any = "",
    filename: str = "",
    content: bytes | None = None,
    actor: Any,
) -> Evidence:
    """Add one item to the case's evidence list (while the case is open)."""
    from fazhi.cases import workflow

    require_case_actor(actor, "cases.handle", case)
    if case.state not in workflow.OPEN_STATES:
        raise DomainError("cases.not_open", "案件已作出决定或已结束，不能再登记证据")
    title = require_reason(title, "title", "证据名称", max_chars=200)
    if kind not in EvidenceKind.values:
        raise DomainError("cases.bad_evidence_kind", "请选择证据种类", field="kind")
    description = optional_text(description, "description", "证明对象")
    day = step_date(obtained_on, not_before=case.clue.received_on if case.clue else None, what="取得日期",
                    field="obtained_on") if obtained_on not in (None, "") else None  # fmt: skip
    # A file is checked by content, bounded, stored under a random name (fazhi.core.uploads; issue 14).
    checked = (
        uploads.check_upload((filename or "evidence", content), field="file", max_bytes=MAX_BYTES, code="cases.file")
        if content is not None
        else None
    )
    digest = checked.sha256 if checked else ""
    with transaction.atomic():
        item = Evidence(
            case=case, title=title, kind=kind, obtained_on=day, description=description, sha256=digest,
            size=checked.size if checked else 0, uploaded_by=actor,
        )  # fmt: skip
        if checked:
            item.file.save(checked.stored_name, checked.content, save=False)
        item.save()
        event = audit_record(
            action="cases.evidence_add",
            target=case,
            actor=actor,
            changes={"evidence": item.pk, "title": title, "kind": kind, "sha256": digest, "size": item.size},
        )
        item.audit_sequence = event.sequence
        item.save(update_fields=["audit_sequence"])
    return item


def evidence_verify(item: Evidence) -> bool:
    """True when the stored file still has the recorded SHA-256 (True for paper evidence without a file)."""
    if not item.file:
        return True
    with item.file.open("rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest() == item.sha256
