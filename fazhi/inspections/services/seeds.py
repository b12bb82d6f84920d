"""The task's one seed: lottery numbers entered by two people, and replacement only with a 局领导's approval.

Exactly one live seed per task (a partial unique constraint backs the services up). It is created with the pool
(``pools.task_freeze_pools``) or, after an approved replacement, by ``seed_commit``; nothing else creates one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any, Literal

from django.db import transaction

from fazhi.core.audit import audit_record
from fazhi.core.errors import DomainError
from fazhi.inspections.choices import ReplacementStatus, SeedKind
from fazhi.inspections.models import Draw, DrawSeed, InspectionAssignment, InspectionTask, SeedReplacement
from fazhi.inspections.services.common import (
    lock_task,
    now,
    require_actor,
    require_reason,
    require_task_scope,
    save_task,
)
from fazhi.inspections.services.pools import new_seed
from fazhi.rulebook import draws
from fazhi.rulebook.errors import RulebookError


def normalise_lottery_value(text: str) -> str:
    """The winning numbers in one canonical form, so that two people's entries compare exactly
    (``fazhi.rulebook.draws.normalise_lottery_numbers``): ``03 07 12 19 25 31 + 09``."""
    try:
        return draws.normalise_lottery_numbers(text)
    except RulebookError as exc:
        raise DomainError("inspections.lottery_value_format", exc.message, field="value") from None


def live_seed(task: InspectionTask) -> DrawSeed | None:
    return task.seeds.filter(superseded_at__isnull=True).first()


@dataclass(frozen=True)
class SeedEntry:
    """What one entry of the lottery numbers did: the first of two, the matching second, or a mismatch (both
    entries are discarded and two people enter them again)."""

    seed: DrawSeed
    outcome: Literal["first", "confirmed", "mismatch"]


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def seed_enter_value(*, seed: DrawSeed, value: str, actor: Any) -> SeedEntry:
    """录入开奖号码: after the announced draw has taken place, two different people enter the winning numbers
    independently (RFC 3797 §4's lesson: one typist is one point of failure). The second entry fixes the seed
    when both agree; when they differ both are discarded and recorded.

    The first entry is never shown (the audit trail keeps its hash), so the second person cannot copy it.
    """
    require_actor(actor, "inspections.draw")
    number = normalise_lottery_value(value)
    with transaction.atomic():
        locked = DrawSeed.objects.select_for_update().select_related("task").get(pk=seed.pk)
        require_task_scope(actor, locked.task)
        lock_task(locked.task, "enter_seed_value", check_revision=False)
        if locked.superseded_at is not None or locked.kind != SeedKind.LOTTERY or locked.value:
            raise DomainError("inspections.seed_not_open", "该随机种子已确定、已被更换或不是彩票开奖号码，无需录入。")
        at = now()
        assert locked.draw_at is not None
        if at < locked.draw_at:
            raise DomainError(
                "inspections.lottery_not_drawn",
                f"该期尚未开奖（开奖时间 {locked.draw_at:%Y-%m-%d %H:%M}）：开奖后才能录入号码。",
                field="value",
            )
        if not locked.first_entry:
            locked.first_entry, locked.first_entry_by, locked.first_entry_at = number, actor, at
            locked.save(update_fields=["first_entry", "first_entry_by", "first_entry_at"])
            audit_record(
                action="inspections.seed_first_entry",
                target=locked,
                actor=actor,
                changes={"task": locked.task_id, "entry_sha256": _digest(number)},
            )
            return SeedEntry(locked, "first")
        if locked.first_entry_by_id == getattr(actor, "pk", None):
            raise DomainError(
                "inspections.seed_same_person",
                "开奖号码须由两个不同的人分别录入：第一遍是您录入的，请另一位有权限的同事录入第二遍。",
                field="value",
            )
        if locked.first_entry != number:
            first = locked.first_entry
            locked.first_entry, locked.first_entry_by, locked.first_entry_at = "", None, None
            locked.save(update_fields=["first_entry", "first_entry_by", "first_entry_at"])
            audit_record(
                action="inspections.seed_entries_differ",
                target=locked,
                actor=actor,
                changes={"task": locked.task_id, "first_sha256": _digest(first), "second_sha256": _digest(number)},
            )
            return SeedEntry(locked, "mismatch")
        locked.value, locked.fixed_at = number, locked.draw_at
        locked.confirmed_by, locked.confirmed_at = actor, at
        locked.save(update_fields=["value", "fixed_at", "confirmed_by", "confirmed_at"])
        audit_record(
            action="inspections.seed_confirm",
            target=locked,
            actor=actor,
            changes={
                "task": locked.task_id,
                "value": number,
                "source": locked.source,
                "draw_at": locked.draw_at,
                "first_entry_by": locked.first_entry_by_id,
            },
        )
        return SeedEntry(locked, "confirmed")


def seed_replacement_request(*, task: InspectionTask, reason: str, actor: Any) -> SeedReplacement:
    """申请更换随机种子 (e.g. the lottery draw was cancelled, the secret may have leaked): with a written reason,
    before any result is recorded. Nothing changes until a 局领导 approves."""
    require_actor(actor, "inspections.draw")
    require_task_scope(actor, task)
    text = require_reason(reason, "reason", "更换随机种子的理由", minimum=6)
    with transaction.atomic():
        locked, status = lock_task(task, "request_seed_replacement", check_revision=False)
        seed = live_seed(locked)
        if seed is None:  # pragma: no cover — the state table guarantees a live seed in these states
            raise DomainError("inspections.no_seed", "任务没有可更换的随机种子。")
        if SeedReplacement.objects.filter(seed=seed, status=ReplacementStatus.REQUESTED).exists():
            raise DomainError("inspections.replacement_pending", "已有待审批的更换申请，请等待局领导审批。")
        replacement = SeedReplacement.objects.create(
            task=locked, seed=seed, reason=text, requested_by=actor, requested_at=now()
        )
        audit_record(
            action="inspections.seed_replacement_request",
            target=replacement,
            actor=actor,
            changes={"task": locked.pk, "seed": seed.pk, "reason": text},
        )
        return replacement


def seed_replacement_decide(
    *, replacement: SeedReplacement, approve: bool, actor: Any, note: str = ""
) -> SeedReplacement:
    """局领导审批更换随机种子. Approval supersedes the seed and, if it was used, its draw (whose teams are withdrawn;
    the record stays public, marked superseded); the task then waits for a new seed (``seed_commit``).

    The requester cannot decide his own request."""
    require_actor(actor, "inspections.approve_seed")
    opinion = (note or "").strip()
    if not approve:
        opinion = require_reason(note, "note", "不批准的理由")
    with transaction.atomic():
        current = SeedReplacement.objects.select_for_update().select_related("task", "seed").get(pk=replacement.pk)
        if current.status != ReplacementStatus.REQUESTED:
            raise DomainError("inspections.replacement_decided", "该更换申请已经审批过。")
        if current.requested_by_id == getattr(actor, "pk", None):
            raise DomainError("inspections.replacement_self", "申请人不能审批自己的更换申请，请由另一位局领导审批。")
        locked, status = lock_task(
            current.task, "approve_seed_replacement" if approve else "refuse_seed_replacement", check_revision=False
        )
        at = now()
        current.status = ReplacementStatus.APPROVED if approve else ReplacementStatus.REFUSED
        current.decided_by, current.decided_at, current.decision_note = actor, at, opinion
        current.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        superseded = None
        if approve:
            seed = current.seed
            seed.superseded_at = at
            seed.save(update_fields=["superseded_at"])
            # A draw still being written (staging) is not superseded here: its final step finds the seed replaced
            # and discards it.
            draw = Draw.objects.filter(seed=seed, staging=False).first()
            if draw is not None:
                draw.superseded_by = current
                draw.save(update_fields=["superseded_by"])
                # Nobody inspects the withdrawn selection (no result exists: the state table forbids it).
                InspectionAssignment.officers.through.objects.filter(inspectionassignment__draw=draw).delete()
                InspectionAssignment.objects.filter(draw=draw).delete()
                superseded = draw.pk
            save_task(locked, status, original=current.task)
        audit_record(
            action="inspections.seed_replacement_approve" if approve else "inspections.seed_replacement_refuse",
            target=current,
            actor=actor,
            changes={"task": locked.pk, "seed": current.seed_id, "note": opinion, "superseded_draw": superseded},
        )
        replacement.status = current.status
        return current


def seed_commit(
    *,
    task: InspectionTask,
    kind: str,
    actor: Any,
    lottery_source: str = "",
    lottery_draw_at: dt.datetime | None = None,
) -> DrawSeed:
    """公布新的随机种子来源 after an approved replacement: a new secret (its commitment published now) or a new
    future lottery draw. The only way to a second seed; it is linked to the approval that allowed it."""
    require_actor(actor, "inspections.draw")
    require_task_scope(actor, task)
    with transaction.atomic():
        locked, status = lock_task(task, "commit_seed")
        approval = (
            SeedReplacement.objects.select_for_update()
            .filter(task=locked, status=ReplacementStatus.APPROVED, new_seed__isnull=True)
            .order_by("-decided_at")
            .first()
        )
        if approval is None:  # pragma: no cover — awaiting_seed is reached only by an approval
            raise DomainError("inspections.no_approval", "没有局领导批准的更换申请，不能设置新的随机种子。")
        seed = new_seed(task=locked, kind=kind, source=lottery_source, draw_at=lottery_draw_at, at=now(), actor=actor)
        approval.new_seed = seed
        approval.save(update_fields=["new_seed"])
        save_task(locked, status, original=task)
        audit_record(
            action="inspections.seed_commit",
            target=seed,
            actor=actor,
            changes={
                "task": locked.pk,
                "replacement": approval.pk,
                "kind": seed.kind,
                "source": seed.source,
                "draw_at": seed.draw_at,
                "commitment": seed.commitment,
            },
        )
        return seed
