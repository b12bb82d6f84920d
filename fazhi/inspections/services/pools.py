"""固定名录库: freeze and publish the pools with the seed's commitment, in one short write.

The pool is read and hashed *before* the write transaction opens (a million candidates take seconds), so the office
is never locked out while it is computed; the write then re-checks the task under its lock (state and revision)
and stores the pool once, compactly (``FrozenPool``), with the seed's commitment and the audit event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import sys
import zlib
from array import array
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from fazhi.core.audit import audit_record
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError, from_rulebook
from fazhi.inspections import workflow
from fazhi.inspections.choices import PlanKind, PlanStatus, SeedKind
from fazhi.inspections.models import DrawSeed, FrozenPool, InspectionTask
from fazhi.inspections.selectors import pool_conflicts, pool_funnel, pool_inspectors, pool_rows, pool_scope
from fazhi.inspections.services.common import (
    lock_task,
    now,
    require_actor,
    require_task_scope,
    save_task,
)
from fazhi.rulebook import draws
from fazhi.rulebook.errors import RulebookError

ZLIB_LEVEL = 1  # a million USCCs compress ~2.5× at level 1 in a tenth of the time of level 6


def task_parameters(task: InspectionTask) -> draws.DrawParameters:
    """The engine's parameters from the task (departments by code; joint tasks need one of each)."""
    codes = tuple(sorted(task.participating_departments.values_list("code", flat=True)))
    return draws.DrawParameters(
        size=task.sample_size,
        ratio=None if task.sample_ratio is None else Decimal(task.sample_ratio).normalize(),
        strata_ratios=None if task.strata_ratios is None else {k: Decimal(v) for k, v in task.strata_ratios.items()},
        team_size=task.team_size,
        require_each_department=task.plan.kind == PlanKind.JOINT and len(codes) > 1,
        departments=codes,
    )


def parameters_from(frozen: FrozenPool) -> draws.DrawParameters:
    """The parameters fixed with the pool (what every draw of the task uses)."""
    p = frozen.parameters
    return draws.DrawParameters(
        size=p["size"],
        ratio=None if p["ratio"] is None else Decimal(p["ratio"]),
        strata_ratios=None if p["strata_ratios"] is None else {k: Decimal(v) for k, v in p["strata_ratios"].items()},
        team_size=p["team_size"],
        require_each_department=p["require_each_department"],
        departments=tuple(p["departments"]),
    )


def _storage_hash(usccs: bytes, classes: bytes, ids: bytes) -> str:
    h = hashlib.sha256()
    for blob in (usccs, classes, ids):
        h.update(len(blob).to_bytes(8, "big"))
        h.update(blob)
    return h.hexdigest()


def _pack(rows: list[tuple[int, str, str | None]]) -> tuple[bytes, bytes, bytes]:
    """(USCCs, classes, ids) blobs of sorted pool rows."""
    ids = array("q", [r[0] for r in rows])
    if sys.byteorder != "little":  # pragma: no cover — stored little-endian whatever the machine
        ids.byteswap()
    usccs = "\n".join([r[1] for r in rows]).encode("ascii")
    classes = "\n".join([r[2] or "" for r in rows]).encode("utf-8")
    return (zlib.compress(usccs, ZLIB_LEVEL), zlib.compress(classes, ZLIB_LEVEL), zlib.compress(ids.tobytes(), 1))


def load_pool(frozen: FrozenPool) -> tuple[draws.CandidatePool, array]:
    """The stored pool and its entity ids (same order); refuses a damaged store (``inspections.pool_damaged``)."""
    blobs = [bytes(frozen.candidate_usccs), bytes(frozen.candidate_classes), bytes(frozen.candidate_ids)]
    if _storage_hash(*blobs) != frozen.storage_hash:
        raise DomainError("inspections.pool_damaged", "固定的名录库存储已被改动或损坏，已停止，请联系系统管理员。")
    usccs = zlib.decompress(blobs[0])
    classes: list[str | None] = [c or None for c in zlib.decompress(blobs[1]).decode("utf-8").split("\n")]
    if not usccs:
        classes = []
    ids = array("q")
    ids.frombytes(zlib.decompress(blobs[2]))
    if sys.byteorder != "little":  # pragma: no cover
        ids.byteswap()
    try:
        pool = draws.stored_pool(usccs, classes, salt=frozen.salt, pool_hash=frozen.candidates_hash)
    except RulebookError as exc:
        raise from_rulebook(exc) from exc
    if len(ids) != len(pool) or len(pool) != frozen.candidate_count:
        raise DomainError("inspections.pool_damaged", "固定的名录库存储已被改动或损坏，已停止，请联系系统管理员。")
    return pool, ids


def _tsv(rows: Any) -> str:
    return "".join("\t".join(row) + "\n" for row in rows)


def _rows(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.split("\n")[:-1]] if text else []


def stored_inspectors(frozen: FrozenPool) -> draws.InspectorPool:
    return draws.freeze_inspectors((c, d) for c, d in _rows(frozen.inspectors_tsv))


def stored_conflicts(frozen: FrozenPool) -> draws.ConflictSet:
    conflicts = draws.freeze_conflicts(((c, u, r) for c, u, r in _rows(frozen.conflicts_tsv)), salt=frozen.salt)
    if conflicts.reasons_commitment != frozen.reasons_commitment:
        raise DomainError("inspections.pool_damaged", "固定的回避清单与公布的哈希不一致，已停止，请联系系统管理员。")
    return conflicts


def normalise_lottery_source(source: str) -> str:
    text = " ".join((source or "").split())
    if len(text) < 6:
        raise DomainError(
            "inspections.lottery_source_required",
            "请写明采用哪一期开奖（例如：中国福利彩票双色球第2026141期开奖号码）。",
            field="lottery_source",
        )
    return text[:300]


def check_lottery_draw_at(
    draw_at: dt.datetime | None, published_at: dt.datetime, window_end: dt.date | None = None
) -> dt.datetime:
    """The lottery draw must take place after the pool hash is published (its numbers do not exist yet) and, for a
    task, not after the last day of its inspection window: the seed is fixed only then, and a task drawn after its
    window could never record a result (results are dated within the window, not before the draw)."""
    if draw_at is None or draw_at.tzinfo is None:
        raise DomainError(
            "inspections.lottery_draw_at_required", "请填写该期开奖的日期和时间。", field="lottery_draw_at"
        )
    if draw_at <= published_at:
        raise DomainError(
            "inspections.lottery_not_future",
            "所选开奖在名录库公布时已经开出（或正在开出）：请选择公布之后才开奖的一期。",
            field="lottery_draw_at",
        )
    if window_end is not None and timezone.localtime(draw_at).date() > window_end:
        raise DomainError(
            "inspections.lottery_after_window",
            f"所选开奖在任务检查期间结束（{window_end}）之后：开奖后才能抽取，抽取须在检查期间内，请选择更早开奖的一期。",
            field="lottery_draw_at",
        )
    return draw_at


SECRET_SOURCE = "系统密钥（32 字节密码学安全随机数，承诺值随名录库哈希公布，抽取时揭示）"
DEMO_SECRET_SOURCE = (
    "系统密钥（演示数据：由演示生成器按 --seed 确定性生成，不是真实随机数；承诺值随名录库哈希公布，抽取时揭示）"
)


def new_seed(
    *,
    task: InspectionTask,
    kind: str,
    source: str,
    draw_at: dt.datetime | None,
    at: dt.datetime,
    actor: Any,
    token_hex: Callable[[int], str] = secrets.token_hex,
) -> DrawSeed:
    """The task's one live seed, committed at ``at``: a system secret (only its SHA-256 is shown until the draw)
    or a named future lottery draw. Inside the caller's transaction. ``token_hex`` is the CSPRNG; only the demo
    generator passes its own (and the seed's source then says so)."""
    if kind == SeedKind.SECRET:
        value = token_hex(32)
        seed = DrawSeed(
            task=task,
            kind=kind,
            source=SECRET_SOURCE if token_hex is secrets.token_hex else DEMO_SECRET_SOURCE,
            announced_at=at,
            commitment=draws.seed_commitment(value),
            value=value,
            fixed_at=at,
            created_by=actor,
        )
    elif kind == SeedKind.LOTTERY:
        seed = DrawSeed(
            task=task,
            kind=kind,
            source=normalise_lottery_source(source),
            announced_at=at,
            draw_at=check_lottery_draw_at(draw_at, at, task.window_end),
            created_by=actor,
        )
    else:
        raise DomainError("inspections.seed_kind", "请选择随机种子来源：彩票开奖号码或系统密钥。", field="seed_kind")
    seed.save()
    return seed


def inspectors_valid_on(
    seed_kind: str, lottery_draw_at: dt.datetime | None, today: dt.date, window_end: dt.date | None = None
) -> dt.date:
    """The day through which the inspector pool's 执法证 must be valid.

    The draw may take place on any day from the earliest one (today for a system secret, the lottery's draw day,
    Beijing time, for a lottery seed) to the task window's last day (``inspections.window_over``), and the drawn team
    inspects within the window. A pool checked only on the earliest day would let a later draw put an officer whose
    certificate has lapsed in the meantime into a team (issue 12: 执法证 valid on the draw date), and that team could
    not record its result. So the certificate must be valid through the window's last day (certificates are valid
    from their issue until ``certificate_expires_on``): then it is valid on every possible draw and inspection day.
    """
    earliest = today
    if seed_kind == SeedKind.LOTTERY and lottery_draw_at is not None:
        earliest = max(today, timezone.localtime(lottery_draw_at).date())
    return max(earliest, window_end) if window_end is not None else earliest


def task_freeze_pools(
    *,
    task: InspectionTask,
    actor: Any,
    seed_kind: str,
    lottery_source: str = "",
    lottery_draw_at: dt.datetime | None = None,
    token_hex: Callable[[int], str] = secrets.token_hex,
) -> FrozenPool:
    """固定并公布名录库: the object pool (in scope: jurisdiction × items' objects × the task's criterion), the
    inspector pool (执法证 valid through the window's last day: ``inspectors_valid_on``), the recusals, their hashes
    and the criteria's counts — published together with the seed's commitment, so the seed cannot be chosen after the pool is known (docs/draw-algorithm.md §4).

    The plan must have been published first. The pool is computed outside the write transaction. ``token_hex``
    (salt and secret) is the CSPRNG; only the demo generator passes its own deterministic stream.
    """
    require_actor(actor, "inspections.draw")
    require_task_scope(actor, task)
    workflow.next_status(task.status, "freeze_pools")
    if task.plan.status != PlanStatus.PUBLISHED:
        raise DomainError(
            "inspections.plan_not_published", "抽查计划尚未公布：请先公布计划，再固定并公布名录库。", field="plan"
        )
    if seed_kind == SeedKind.LOTTERY:
        normalise_lottery_source(lottery_source)
        check_lottery_draw_at(lottery_draw_at, now(), task.window_end)
    elif seed_kind != SeedKind.SECRET:
        raise DomainError("inspections.seed_kind", "请选择随机种子来源：彩票开奖号码或系统密钥。", field="seed_kind")
    today = legal_today()
    scope = pool_scope(task)
    funnel = pool_funnel(task, scope)
    rows = pool_rows(task, scope)
    if funnel[-1]["count"] != len(rows):  # the registry changed between the two reads: read both again
        funnel = pool_funnel(task, scope)
        rows = pool_rows(task, scope)
    if not rows:
        raise DomainError("inspections.empty_pool", "按管辖范围、抽查事项的检查对象和筛选条件，对象库为空。")
    parameters = task_parameters(task)
    salt = token_hex(32)
    try:
        pool = draws.freeze_lists([r[1] for r in rows], [r[2] or None for r in rows], salt=salt)
        draws.stratum_sizes(pool.strata if parameters.strata_ratios is not None else {None: len(pool)}, parameters)
        officers = pool_inspectors(task, inspectors_valid_on(seed_kind, lottery_draw_at, today, task.window_end))
        inspectors = draws.freeze_inspectors((o.certificate_number, o.department.code) for o in officers)
        draws.check_team_parameters(parameters, inspectors)
        conflicts = draws.freeze_conflicts(pool_conflicts(task, officers), salt=salt)
    except RulebookError as exc:
        raise from_rulebook(exc) from exc
    if len(inspectors.inspectors) < parameters.team_size:
        raise DomainError(
            "inspections.too_few_inspectors",
            f"执法证有效、执法领域相符的检查人员只有 {len(inspectors.inspectors)} 人，不足每组 {parameters.team_size} 人。",
        )
    blobs = _pack(rows)
    del rows
    with transaction.atomic():
        locked, status = lock_task(task, "freeze_pools")
        at = now()
        frozen = FrozenPool(
            task=locked,
            algorithm=draws.ALGORITHM,
            salt=salt,
            candidates_hash=pool.hash,
            candidate_count=len(pool),
            strata={str(k): v for k, v in pool.strata.items() if k is not None},
            criteria=funnel,
            candidate_usccs=blobs[0],
            candidate_classes=blobs[1],
            candidate_ids=blobs[2],
            storage_hash=_storage_hash(*blobs),
            inspectors_tsv=_tsv(inspectors.inspectors),
            inspectors_hash=inspectors.hash,
            inspector_count=len(inspectors.inspectors),
            conflicts_tsv=_tsv(conflicts.conflicts),
            conflict_pairs_hash=conflicts.pairs_hash,
            reasons_commitment=conflicts.reasons_commitment,
            conflict_count=len(conflicts.conflicts),
            parameters=draws.parameters_dict(parameters),
            frozen_at=at,
            frozen_by=actor,
        )
        frozen.save()
        seed = new_seed(
            task=locked,
            kind=seed_kind,
            source=lottery_source,
            draw_at=lottery_draw_at,
            at=at,
            actor=actor,
            token_hex=token_hex,
        )
        save_task(locked, status, original=task)
        audit_record(
            action="inspections.task_freeze_pools",
            target=locked,
            actor=actor,
            changes={
                "candidates_hash": frozen.candidates_hash,
                "candidate_count": frozen.candidate_count,
                "criteria": funnel,
                "inspectors_hash": frozen.inspectors_hash,
                "inspector_count": frozen.inspector_count,
                "conflict_pairs_hash": frozen.conflict_pairs_hash,
                "reasons_commitment": frozen.reasons_commitment,
                "conflict_count": frozen.conflict_count,
                "parameters": frozen.parameters,
                "seed": {
                    "kind": seed.kind,
                    "source": seed.source,
                    "draw_at": seed.draw_at,
                    "commitment": seed.commitment,
                },
            },
        )
        return frozen
