"""Evidence attachments: stored with SHA-256 and linked into the audit chain (the event's sequence is kept)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction

from fazhi.cases.models import Case, Evidence
from fazhi.cases.services.common import require_reason
from fazhi.core import uploads
from fazhi.core.audit import audit_record

MAX_BYTES = 50 * 1024 * 1024


def evidence_add(*, case: Case, title: str, filename: str, content: bytes, actor: Any) -> Evidence:
    title = require_reason(title, "title", "证据名称")
    # By content, bounded, stored under a random name (fazhi.core.uploads; issue 14).
    checked = uploads.check_upload((filename, content), field="file", max_bytes=MAX_BYTES, code="cases.file")
    digest = checked.sha256
    with transaction.atomic():
        item = Evidence(case=case, title=title, sha256=digest, size=checked.size, uploaded_by=actor)
        item.file.save(checked.stored_name, checked.content, save=False)
        item.save()
        event = audit_record(
            action="cases.evidence_add",
            target=case,
            actor=actor,
            changes={"evidence": item.pk, "title": title, "sha256": digest, "size": checked.size},
        )
        item.audit_sequence = event.sequence
        item.save(update_fields=["audit_sequence"])
    return item


def evidence_verify(item: Evidence) -> bool:
    """True when the stored file still has the recorded SHA-256."""
    with item.file.open("rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest() == item.sha256
