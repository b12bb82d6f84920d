"""The audit trail's full check and its anchoring: ``fazhi audit verify`` / ``fazhi audit anchor`` and the audit screen.

Exit codes of ``fazhi audit verify`` (documented in ``docs/security.md``), most serious first:

- 1 the chain itself is broken (an event changed, deleted or inserted): located at the first bad sequence;
- 2 the chain disagrees with an anchor (truncated, emptied or rewritten after an anchor): located between the last
  anchor that agrees and the first that does not;
- 3 the anchor file is damaged (a line changed, forged, removed or reordered, or signed by an unknown key);
- 5 the database no longer refuses UPDATE/DELETE on the audit table (its triggers were dropped or disabled);
- 4 the chain is intact but there is no anchor to check it against yet (run ``fazhi audit anchor``);
- 0 the chain is intact and agrees with every anchor.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from fazhi.core import anchors as anchor_file
from fazhi.core import audit_guard
from fazhi.core.audit import GENESIS, audit_verify
from fazhi.core.errors import DomainError
from fazhi.core.models import AuditEvent, AuditVerification

OK, CHAIN_BROKEN, ANCHOR_MISMATCH, ANCHOR_FILE_DAMAGED, NO_ANCHOR, GUARD_MISSING = 0, 1, 2, 3, 4, 5


@dataclass(frozen=True)
class Verification:
    exit_code: int
    message: str
    events_checked: int
    head_sequence: int
    anchors_checked: int
    broken_sequence: int | None = None
    after_sequence: int | None = None
    up_to_sequence: int | None = None
    guard_installed: bool = True
    anchor_file: str = ""
    duration_ms: int = 0

    @property
    def ok(self) -> bool:
        return self.exit_code == OK

    def as_dict(self) -> dict:
        return {**self.__dict__, "ok": self.ok}


def verify(*, record: bool = True, trigger: str = "cli", actor=None) -> Verification:
    """Check the chain, the anchor file and the guard; store the result for the audit screen (``record``)."""
    started = time.monotonic()
    file = anchor_file.read_anchor_file()
    chain = audit_verify(at=[a.sequence for a in file.anchors])
    guard = audit_guard.installed(connection)
    common: dict[str, Any] = {
        "events_checked": chain.checked,
        "head_sequence": chain.head_sequence,
        "anchors_checked": len(file.anchors),
        "guard_installed": guard,
        "anchor_file": str(file.path),
    }
    if not chain.ok:
        result = Verification(
            CHAIN_BROKEN,
            f"审计链断开：第 {chain.broken_sequence} 号事件，{chain.reason}（此前 {chain.checked} 个事件完好）",
            broken_sequence=chain.broken_sequence,
            **common,
        )
    else:
        check = anchor_file.compare(file.anchors, chain.hashes_at, chain.head_sequence)
        if check.problem:
            result = Verification(
                ANCHOR_MISMATCH,
                f"审计链与锚点不符：{check.problem}",
                after_sequence=check.after_sequence,
                up_to_sequence=check.up_to_sequence,
                **common,
            )
        elif file.exists and file.problem:
            result = Verification(ANCHOR_FILE_DAMAGED, f"锚点文件 {file.path} 已损坏：{file.problem}", **common)
        elif not guard:
            result = Verification(
                GUARD_MISSING,
                "审计链完整，但数据库已不再拒绝修改或删除审计事件（保护触发器被删除或停用）：请运行 fazhi migrate 并调查",
                **common,
            )
        elif not file.anchors:
            result = Verification(
                NO_ANCHOR,
                f"审计链完整（{chain.checked} 个事件），但还没有锚点可供核对：请运行 fazhi audit anchor（{file.path}）",
                **common,
            )
        else:
            result = Verification(
                OK,
                f"审计链完整：已校验 {chain.checked} 个事件，与 {len(file.anchors)} 个锚点一致",
                **common,
            )
    result = Verification(**{**result.__dict__, "duration_ms": int((time.monotonic() - started) * 1000)})
    if record:
        AuditVerification.objects.create(
            checked_at=timezone.now(),
            exit_code=result.exit_code,
            message=result.message,
            events_checked=result.events_checked,
            head_sequence=result.head_sequence,
            anchors_checked=result.anchors_checked,
            duration_ms=result.duration_ms,
            trigger=trigger,
            checked_by=actor if getattr(actor, "pk", None) else None,
        )
    return result


def anchor(*, now=None) -> anchor_file.Anchor:
    """Append an anchor of the current head, after checking that the chain still holds the previous anchor.

    Codes: ``audit.anchor_mismatch`` (the chain lost or changed the last anchored event: investigate with
    ``fazhi audit verify`` — anchoring it now would bless the damage), ``audit.anchor_file_damaged``,
    ``audit.anchor_key_missing``.
    """
    with transaction.atomic():
        head = AuditEvent.objects.order_by("-sequence").values_list("sequence", "hash").first()
        count = AuditEvent.objects.count()
    sequence, head_hash = head if head else (0, GENESIS)
    file = anchor_file.read_anchor_file()
    if file.anchors:
        last = file.anchors[-1]
        if last.sequence:
            stored = AuditEvent.objects.filter(sequence=last.sequence).values_list("hash", flat=True).first()
            if stored != last.hash or sequence < last.sequence:
                raise DomainError(
                    "audit.anchor_mismatch",
                    f"审计链与上一个锚点（第 {last.sequence} 号事件）不符，拒绝写入新锚点：请运行 fazhi audit verify 调查",
                )
    return anchor_file.write_anchor(sequence=sequence, head_hash=head_hash, events=count, now=now)


def latest_verification() -> AuditVerification | None:
    return AuditVerification.objects.order_by("-checked_at", "-id").first()
