"""抽取: run the engine over the frozen pool with the task's fixed seed; store the record head, the assignments
and the teams in one short write (the computation runs before the write transaction opens).

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
    the record head, the assignments and the teams stored in one short write.

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
    frozen = FrozenPool.objects.get(task=task)
    pool, ids = load_pool(frozen)
    drawn_at = now()
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
    with transaction.atomic():
        locked, status = lock_task(task, "draw")
        current = live_seed(locked)
        if current is None or current.pk != seed.pk or Draw.objects.filter(seed=seed).exists():
            raise DomainError("inspections.seed_changed", "随机种子已变更或已用于抽取，请刷新页面后重试。")
        draw = Draw.objects.create(
            task=locked,
            seed=seed,
            algorithm=head["algorithm"],
            head=head_blob,
            record_hash=head["record_hash"],
            result_hash=head["result_hash"],
            selected_count=len(selected),
            drawn_at=drawn_at,
            drawn_by=actor,
        )
        bulk.insert(
            InspectionAssignment,
            ("task_id", "draw_id", "entity_id", "rank", "stratum"),
            [
                (locked.pk, draw.pk, entity, s["rank"], stratum or "")
                for s, entity, stratum in zip(selected, entity_ids, strata, strict=True)
            ],
        )
        if teams:
            by_rank = dict(InspectionAssignment.objects.filter(draw=draw).values_list("rank", "id"))
            through = InspectionAssignment.officers.through
            bulk.insert(
                through,
                ("inspectionassignment_id", "officer_id"),
                [(by_rank[n], officer_ids[c]) for n, t in enumerate(teams, start=1) for c in t["inspectors"]],
            )
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
