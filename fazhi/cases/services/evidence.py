"""Evidence attachments: stored with SHA-256 and linked into the audit chain (the event's sequence is kept)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from fazhi.cases.models import Case, Evidence
from fazhi.cases.services.common import require_reason
from fazhi.core.audit import audit_record
from fazhi.core.errors import DomainError

MAX_BYTES = 50 * 1024 * 1024


def evidence_add(*, case: Case, title: str, filename: str, content: bytes, actor: Any) -> Evidence:
    title = require_reason(title, "title", "证据名称")
    if not content:
        raise DomainError("cases.empty_file", "文件为空", field="file")
    if len(content) > MAX_BYTES:
        raise DomainError("cases.file_too_large", "文件超过 50 MB，请压缩或分卷上传", field="file")
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        item = Evidence(case=case, title=title, sha256=digest, size=len(content), uploaded_by=actor)
        item.file.save(filename, ContentFile(content), save=False)
        item.save()
        event = audit_record(
            action="cases.evidence_add",
            target=case,
            actor=actor,
            changes={"evidence": item.pk, "title": title, "sha256": digest, "size": len(content)},
        )
        item.audit_sequence = event.sequence
        item.save(update_fields=["audit_sequence"])
    return item


def evidence_verify(item: Evidence) -> bool:
    """True when the stored file still has the recorded SHA-256."""
    with item.file.open("rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest() == item.sha256
