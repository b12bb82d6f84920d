"""抽取: run the engine over the frozen pool with the task's fixed seed; store the record head, the assignments
and the teams (the computation runs before any write): a staging draw, its rows in chunks of short transactions,
then one short write that makes it the task's draw — so the office is not locked out while a large draw is stored,
and nothing of a draw that fails half-way is ever visible.

The record file (public or full) is assembled from the stored head and the stored pool, never stored twice.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import zlib
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from fazhi.core import bulk
from fazhi.core.audit import audit_record
from fazhi.core.errors import DomainError, from_rulebook
from fazhi.inspections import workflow
from fazhi.inspections.choices import ReplacementStatus, SeedKind
from fazhi.inspections.models import Draw, DrawSeed, FrozenPool, InspectionAssignment, InspectionTask
from fazhi.inspections.services.common import (
    lock_task,
    now,
    require_actor,
    require_task_scope,
    save_task,
)
from fazhi.inspections.services.pools import load_pool, parameters_from, stored_conflicts, stored_inspectors
from fazhi.inspections.services.seeds import live_seed
from fazhi.registry.models import Officer
from fazhi.rulebook import draws
from fazhi.rulebook.errors import RulebookError
from fazhi.rulebook.masking import mask_person_name

SHANGHAI = ZoneInfo("Asia/Shanghai")


def record_time(moment: dt.datetime) -> str:
    """A stored moment as the record writes it: Beijing time, whole seconds, with its offset."""
    return draws.time_text(moment.astimezone(SHANGHAI))


def _approver(user: Any) -> str:
    """How an approving 局领导 appears in the public record: role and masked name."""
    return f"{user.role_label} {mask_person_name(str(user))}"


def record_seed(seed: DrawSeed) -> draws.Seed:
    """The seed as the record states it, with every earlier seed of the task and the approval that replaced it."""
    replaces = []
    for old in DrawSeed.objects.filter(task_id=seed.task_id, superseded_at__isnull=False).order_by("id"):
        approval = old.replacements.filter(status=ReplacementStatus.APPROVED).select_related("decided_by").get()
        assert approval.decided_by is not None and approval.decided_at is not None
        replaces.append(
            draws.Replacement(
                kind=old.kind,  # type: ignore[arg-type]
                source=old.source,
                announced_at=record_time(old.announced_at),
                reason=approval.reason,
                requested_at=record_time(approval.requested_at),
                approved_by=_approver(approval.decided_by),
                approved_at=record_time(approval.decided_at),
                commitment=old.commitment or None,
                draw_at=None if old.draw_at is None else record_time(old.draw_at),
                value=old.value or None,  # a replaced secret is revealed so its commitment can be checked
            )
        )
    assert seed.fixed_at is not None
    return draws.Seed(
        kind=seed.kind,  # type: ignore[arg-type]
        value=seed.value,
        source=seed.source,
        announced_at=record_time(seed.announced_at),
        fixed_at=record_time(seed.fixed_at),
        confirmed_at=None if seed.confirmed_at is None else record_time(seed.confirmed_at),
        commitment=seed.commitment or None,
        replaces=tuple(replaces),
    )


def task_info(task: InspectionTask) -> dict[str, Any]:
    """The task as the record names it (public facts)."""
    return {
        "id": task.pk,
        "name": task.name,
        "plan": str(task.plan),
        "department": task.department.name,
        "window": [task.window_start.isoformat(), task.window_end.isoformat()],
    }


def task_draw(*, task: InspectionTask, actor: Any) -> Draw:
    """抽取 with the task's one fixed seed: every candidate ranked by SHA-256, the strata, the teams with recusal;
    the record head, the assignments and the teams stored in short writes, made visible by one final short write.

    When no lawful team assignment exists, DomainError ``inspections.unstaffable`` names each entity that cannot be
    staffed and why (``params["failures"]``).
    """
    require_actor(actor, "inspections.draw")
    require_task_scope(actor, task)
    workflow.next_status(task.status, "draw")
    seed = live_seed(task)
    if seed is None or not seed.is_fixed:
        what = (
            "开奖号码尚未开出或尚未由两人录入一致"
            if seed is not None and seed.kind == SeedKind.LOTTERY
            else "没有可用的随机种子"
        )
        raise DomainError("inspections.seed_not_fixed", f"随机种子尚未确定（{what}），不能抽取。", field="seed")
    drawn_at = now()
    if drawn_at.astimezone(SHANGHAI).date() > task.window_end:
        # Results are dated within the window and not before the draw: a draw after the window could never be
        # inspected.
        raise DomainError(
            "inspections.window_over",
            f"任务检查期间已于 {task.window_end} 结束，不能再抽取：抽中的对象已无法在检查期间内检查。",
        )
    frozen = FrozenPool.objects.get(task=task)
    pool, ids = load_pool(frozen)
    try:
        head = draws.run_draw(
            pool=pool,
            parameters=parameters_from(frozen),
            seed=record_seed(seed),
            timeline=draws.Timeline(
                plan_published_at=record_time(task.plan.published_at),  # type: ignore[arg-type]
                pool_published_at=record_time(frozen.frozen_at),
                drawn_at=record_time(drawn_at),
            ),
            inspectors=stored_inspectors(frozen),
            conflicts=stored_conflicts(frozen),
            task=task_info(task),
            criteria=frozen.criteria,
        )
    except draws.DrawStaffingError as exc:
        raise DomainError(
            "inspections.unstaffable",
            exc.message,
            failures=[{"uscc": f.uscc, "reason": f.reason} for f in exc.failures],
        ) from exc
    except RulebookError as exc:
        raise from_rulebook(exc) from exc
    selected = head["result"]["selected"]
    strata = draws.selected_strata(pool, head)
    usccs = pool.usccs
    entity_ids = [ids[bisect.bisect_left(usccs, s["uscc"])] for s in selected]
    teams = head["result"]["teams"] or []
    officer_ids = dict(
        Officer.objects.filter(certificate_number__in={c for t in teams for c in t["inspectors"]}).values_list(
            "certificate_number", "id"
        )
    )
    head_blob = zlib.compress(draws.canonical_json(head).encode("utf-8"), 1)
    del pool, ids
    assignment_rows = [
        (entity, s["rank"], stratum or "") for s, entity, stratum in zip(selected, entity_ids, strata, strict=True)
    ]
    team_rows = [[officer_ids[c] for c in t["inspectors"]] for t in teams]
    # Written in short transactions so that the other offices can write meanwhile (SQLite has one writer): the
    # draw is created as staging (invisible everywhere), its rows go in chunks, one final short write makes it
    # the task's draw. A failure at any point leaves nothing visible (the staging rows are discarded).
    draw = _stage_draw(task, seed, head, head_blob, len(selected), drawn_at, actor)
    try:
        for start in range(0, len(assignment_rows), WRITE_CHUNK):
            _write_chunk(draw, task.pk, assignment_rows, team_rows, start)
        return _complete_draw(task, seed, draw, actor)
    except BaseException:
        discard_staging(draw.pk)
        raise


WRITE_CHUNK = 10_000  # assignments per write transaction (with their team rows): ~0.1 s of SQLite's one writer
# A staging draw this old was left by a process that died (writing a million-candidate draw takes well under a
# minute): the next attempt discards it. A younger one is an attempt still running (a second click): refused.
STALE_STAGING = dt.timedelta(minutes=10)


def _stage_draw(
    task: InspectionTask,
    seed: DrawSeed,
    head: dict[str, Any],
    head_blob: bytes,
    selected: int,
    drawn_at: dt.datetime,
    actor: Any,
) -> Draw:
    """The staging draw: created under the task lock after the same checks as the final step. A staging draw of
    the same seed left by a process that died (older than ``STALE_STAGING``) is discarded first — outside the task
    lock, since a chunk being written holds its draw row and then needs the task row (its foreign key); a younger
    one is an attempt still running: ``inspections.draw_in_progress``."""
    stale = Draw.objects.filter(seed=seed, staging=True, drawn_at__lt=now() - STALE_STAGING)
    for leftover in stale.values_list("pk", flat=True):
        discard_staging(leftover)
    with transaction.atomic():
        locked, _ = lock_task(task, "draw")
        current = live_seed(locked)
        if current is None or current.pk != seed.pk or Draw.objects.filter(seed=seed, staging=False).exists():
            raise DomainError("inspections.seed_changed", "随机种子已变更或已用于抽取，请刷新页面后重试。")
        if Draw.objects.filter(seed=seed).exists():
            raise DomainError(
                "inspections.draw_in_progress", "本任务的抽取结果正在写入，请稍候刷新页面查看，不要重复抽取。"
            )
        return Draw.objects.create(
            task=locked,
            seed=seed,
            algorithm=head["algorithm"],
            head=head_blob,
            record_hash=head["record_hash"],
            result_hash=head["result_hash"],
            selected_count=selected,
            drawn_at=drawn_at,
            drawn_by=actor,
            staging=True,
        )


def _write_chunk(
    draw: Draw, task_id: int, assignments: list[tuple[int, int, str]], teams: list[list[int]], start: int
) -> None:
    """Assignments ``start … start + WRITE_CHUNK`` (ranks ``start + 1 …``) and their team rows, in one short write."""
    stop = min(start + WRITE_CHUNK, len(assignments))
    with transaction.atomic():
        # The staging row is locked so that a concurrent attempt cannot discard it while this chunk is written.
        if not Draw.objects.select_for_update().filter(pk=draw.pk, staging=True, abandoned=False).exists():
            raise DomainError("inspections.draw_replaced", "同一任务的另一次抽取已开始，本次抽取作废，请刷新页面查看。")
        bulk.insert(
            InspectionAssignment,
            ("task_id", "draw_id", "entity_id", "rank", "stratum"),
            [(task_id, draw.pk, *row) for row in assignments[start:stop]],
        )
        if teams:
            by_rank = dict(
                InspectionAssignment.objects.filter(draw=draw, rank__gt=start, rank__lte=stop).values_list("rank", "id")
            )
            bulk.insert(
                InspectionAssignment.officers.through,
                ("inspectionassignment_id", "officer_id"),
                [(by_rank[n], officer) for n in range(start + 1, stop + 1) for officer in teams[n - 1]],
            )


def _complete_draw(task: InspectionTask, seed: DrawSeed, draw: Draw, actor: Any) -> Draw:
    """The one short write that makes the staged draw the task's draw (and moves the task on), audited."""
    with transaction.atomic():
        locked, status = lock_task(task, "draw")
        current = live_seed(locked)
        if current is None or current.pk != seed.pk or Draw.objects.filter(seed=seed, staging=False).exists():
            raise DomainError("inspections.seed_changed", "随机种子已变更或已用于抽取，请刷新页面后重试。")
        if not Draw.objects.filter(pk=draw.pk, staging=True, abandoned=False).update(staging=False):
            raise DomainError("inspections.draw_replaced", "同一任务的另一次抽取已开始，本次抽取作废，请刷新页面查看。")
        draw.staging = False
        save_task(locked, status, original=task)
        audit_record(
            action="inspections.task_draw",
            target=draw,
            actor=actor,
            changes={
                "task": locked.pk,
                "record_hash": draw.record_hash,
                "result_hash": draw.result_hash,
                "seed_kind": seed.kind,
                "seed_value": seed.value,
                "selected": draw.selected_count,
            },
        )
        return draw


def discard_staging(draw_id: int) -> None:
    """Delete a staging draw and its rows (never a completed draw): first marked abandoned in one short write (from
    then on it can never be completed: both the chunk writes and the final write require ``abandoned = False``),
    then its rows chunk by chunk, each in its own short write, the draw row last."""
    through = InspectionAssignment.officers.through
    with transaction.atomic():
        if not Draw.objects.filter(pk=draw_id, staging=True).update(abandoned=True):
            return  # completed meanwhile, or already gone
    while True:
        with transaction.atomic():
            if not Draw.objects.select_for_update().filter(pk=draw_id, staging=True).exists():
                return
            ids = list(InspectionAssignment.objects.filter(draw_id=draw_id).values_list("pk", flat=True)[:WRITE_CHUNK])
            if not ids:
                Draw.objects.filter(pk=draw_id, staging=True).delete()
                return
            through.objects.filter(inspectionassignment_id__in=ids).delete()
            InspectionAssignment.objects.filter(pk__in=ids).delete()


def draw_head(draw: Draw) -> dict[str, Any]:
    """The stored record head (public form) of ``draw``."""
    return json.loads(zlib.decompress(bytes(draw.head)))


def record_chunks(draw: Draw, *, disclosure: draws.Disclosure) -> Iterator[str]:
    """The record file of ``draw`` as text chunks (``public`` for everyone, ``full`` for oversight and audit)."""
    frozen = FrozenPool.objects.get(task_id=draw.task_id)
    pool, _ = load_pool(frozen)
    conflicts = stored_conflicts(frozen) if disclosure == "full" else None
    return draws.record_chunks(draw_head(draw), pool, disclosure=disclosure, conflicts=conflicts)


def pool_chunks(frozen: FrozenPool) -> Iterator[str]:
    """The published candidate list (``uscc TAB commitment`` per line) whose SHA-256 is the published pool hash."""
    pool, _ = load_pool(frozen)
    usccs, commitments = pool.usccs, pool.commitments()
    for start in range(0, len(pool), 65536):
        part = zip(usccs[start : start + 65536], commitments[start : start + 65536], strict=True)
        yield "".join(f"{u}\t{c}\n" for u, c in part)
