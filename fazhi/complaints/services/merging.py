"""合并处理: a repeated or abusive submission merged into an earlier one (Order No. 121 only)."""

from __future__ import annotations

from typing import Any

from fazhi.complaints.models import Complaint
from fazhi.complaints.services import common
from fazhi.core import validation
from fazhi.core.errors import DomainError


def complaint_merge(
    *, complaint: Complaint, into: Complaint, ground: str, note: str, actor: Any, revision: int | None = None
) -> Complaint:
    """合并处理 of a repeated or abusive submission into an earlier one of the same kind, with the recorded reason
    (Order No. 121, article UNCONFIRMED; no merge ground exists for submissions received before 2026-04-15). Every
    merge ground is UNCONFIRMED today, so the merge is proposed to legal review, never taken alone."""
    common.authorise(actor, into)  # the target must be a record the actor may act on (another department's: not found)
    note = validation.text(note, field="note", max_chars=250, required=True, what="合并理由")
    if into.pk == complaint.pk or into.kind != complaint.kind:
        raise DomainError("complaints.bad_merge_target", "只能合并到同类型的另一件来件", field="into")
    if into.status == "merged":
        raise DomainError("complaints.bad_merge_target", "目标来件本身已被合并，请合并到最初的那一件", field="into")
    if into.received_on > complaint.received_on:
        raise DomainError("complaints.bad_merge_target", "只能合并到更早收到的来件", field="into")
    with common.atomic():
        locked, before, _target = common.lock(complaint, "merge", actor=actor, expected_revision=revision)
        chosen = common.ground("merge", ground, locked.received_on, field="ground")
        doubts = common.uncertainty("merge", chosen, locked.received_on, what="合并处理事由")
        if doubts:
            return common.propose_for_review(
                locked,
                before,
                action="merge",
                payload={"into": into.pk, "ground": ground, "note": note},
                doubts=doubts,
                actor=actor,
                original=complaint,
            )
        return apply_merge(locked, before, into=into, ground=ground, note=note, actor=actor, original=complaint)


def apply_merge(locked: Complaint, before: dict, *, into: Complaint, ground: str, note: str, actor: Any, original):
    chosen = common.ground("merge", ground, locked.received_on, field="ground")
    locked.status = "merged"
    locked.merged_into = into
    locked.merge_reason = f"{chosen.text}：{note}"[:300]
    locked.due_on = None
    return common.save(locked, before, "merge", actor=actor, original=original, into=into.number)
