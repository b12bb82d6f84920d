"""Writes of 双随机、一公开, one service per legal step (issue 5; docs/domain/inspections.md).

item_create / item_new_version · plan_create · plan_publish · task_create · conflict_declare ·
task_freeze_pools · seed_announce → seed_enter_value, or seed_generate · task_draw · task_redraw ·
result_record · task_finish · task_publish_results.

Every write runs in ``transaction.atomic`` with an audit event. The draw itself is the pure engine
``fazhi.rulebook.draws``; this shell loads the pools, stores the record and the assignments.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from fazhi.core.audit import audit_record
from fazhi.core.errors import ConcurrentUpdate, DomainError
from fazhi.inspections import workflow
from fazhi.inspections.choices import (
    FollowUp,
    HandoverStatus,
    PlanKind,
    PlanStatus,
    ResultCategory,
    SeedKind,
)
from fazhi.inspections.models import (
    Draw,
    DrawSeed,
    EvidenceAttachment,
    FrozenPool,
    InspectionAssignment,
    InspectionItem,
    InspectionPlan,
    InspectionResult,
    InspectionTask,
    OfficerConflict,
)
from fazhi.inspections.selectors import current_draw, pool_candidates, pool_conflicts, pool_inspectors
from fazhi.registry.models import Department, MarketEntity, Officer
from fazhi.rulebook import draws
from fazhi.rulebook.errors import RulebookError

PUBLICITY_RULE = "inspection.result_publicity"


# ---------------------------------------------------------------------------------------------------------------
# Guarded calls into modules built in parallel (powers, deadlines, cases, credit)


def _require_power(code: str, on: dt.date) -> None:
    """A task cannot cite a power not in force on its date (法无授权不可为), once the power list exists."""
    if not code:
        return
    try:
        from fazhi.powers.services import power_require_in_force
    except ImportError:  # pragma: no cover — the powers module is not installed
        return
    power_require_in_force(code=code, on=on)


def _domain_error(exc: RulebookError) -> DomainError:
    return DomainError(exc.code, exc.message, **exc.params)


# ---------------------------------------------------------------------------------------------------------------
# Items and plans


def item_create(
    *,
    code: str,
    name: str,
    domain: str,
    legal_basis: str,
    department: Department,
    method: str,
    level: str,
    effective_from: dt.date,
    effective_to: dt.date | None = None,
    power_code: str = "",
) -> InspectionItem:
    """Add an 抽查事项 (first version of ``code``). The cited power must be in force on ``effective_from``."""
    with transaction.atomic():
        _require_power(power_code, effective_from)
        if InspectionItem.objects.filter(code=code).exists():
            raise DomainError("inspections.item_exists", f"事项编码 {code} 已存在；修改事项请新增版本。", field="code")
        item = InspectionItem(
            code=code,
            name=name,
            domain=domain,
            legal_basis=legal_basis,
            department=department,
            method=method,
            level=level,
            effective_from=effective_from,
            effective_to=effective_to,
            power_code=power_code,
        )
        item.full_clean()
        item.save()
        audit_record(action="inspections.item_create", target=item, changes={"code": code, "name": name})
        return item


def item_new_version(*, item: InspectionItem, effective_from: dt.date, **changes: Any) -> InspectionItem:
    """A new version of an item from ``effective_from``; the previous one ends the day before."""
    allowed = {"name", "domain", "legal_basis", "department", "method", "level", "power_code", "effective_to"}
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError("inspections.unknown_field", f"不能修改字段 {sorted(unknown)}。")
    with transaction.atomic():
        current = InspectionItem.objects.select_for_update().get(pk=item.pk)
        if effective_from <= current.effective_from or current.effective_to is not None:
            raise DomainError(
                "inspections.item_version_order",
                "新版本的生效日期必须晚于当前版本，且只能在最新版本上新增版本。",
                field="effective_from",
            )
        fields = {f: getattr(current, f) for f in allowed}
        fields["effective_to"] = None
        fields.update(changes)
        _require_power(fields["power_code"], effective_from)
        current.effective_to = effective_from - dt.timedelta(days=1)
        current.save(update_fields=["effective_to"])
        new = InspectionItem(code=current.code, effective_from=effective_from, **fields)
        new.full_clean()
        new.save()
        audit_record(
            action="inspections.item_new_version",
            target=new,
            changes={"code": new.code, "effective_from": effective_from, "changed": sorted(changes)},
        )
        return new


def plan_create(
    *,
    year: int,
    name: str,
    kind: str,
    lead_department: Department,
    member_units: Sequence[Department] = (),
) -> InspectionPlan:
    """An annual plan; a joint plan (跨部门联合) needs at least one member unit besides the lead."""
    if kind == PlanKind.JOINT and not [d for d in member_units if d.pk != lead_department.pk]:
        raise DomainError(
            "inspections.joint_without_members", "联合抽查计划至少需要一个成员单位。", field="member_units"
        )
    with transaction.atomic():
        plan = InspectionPlan(year=year, name=name, kind=kind, lead_department=lead_department)
        plan.full_clean()
        plan.save()
        plan.member_units.set(member_units)
        audit_record(
            action="inspections.plan_create",
            target=plan,
            changes={"year": year, "name": name, "kind": kind, "member_units": [d.pk for d in member_units]},
        )
        return plan


def plan_publish(*, plan: InspectionPlan) -> InspectionPlan:
    """Publish the plan (it and its tasks past draft appear on the public pages)."""
    with transaction.atomic():
        locked = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
        if locked.status == PlanStatus.PUBLISHED:
            raise DomainError("inspections.plan_already_published", "计划已公布。")
        locked.status = PlanStatus.PUBLISHED
        locked.save(update_fields=["status"])
        audit_record(action="inspections.plan_publish", target=locked, changes={"status": ["draft", "published"]})
        return locked


def task_create(
    *,
    plan: InspectionPlan,
    name: str,
    department: Department,
    items: Sequence[InspectionItem],
    window_start: dt.date,
    window_end: dt.date,
    pool_criterion: dict[str, Any] | None = None,
    sample_size: int | None = None,
    sample_ratio: Decimal | None = None,
    strata_ratios: dict[str, str] | None = None,
    team_size: int = 2,
    participating_departments: Sequence[Department] | None = None,
) -> InspectionTask:
    """A task of ``plan``: its items must be in force (and cite powers in force) on ``window_start``."""
    if sum(x is not None for x in (sample_size, sample_ratio, strata_ratios)) != 1:
        raise DomainError(
            "inspections.sample_mode", "抽取数量、抽取比例、分风险等级比例三者必须且只能填写一项。", field="sample_size"
        )
    if team_size < 2:
        # 行政处罚法 第四十二条 (two officers), applied to random inspections [UNCONFIRMED].
        raise DomainError("inspections.team_too_small", "每个检查对象至少需要 2 名执法人员。", field="team_size")
    if window_end < window_start:
        raise DomainError("inspections.window_order", "检查结束日期不能早于开始日期。", field="window_end")
    if not items:
        raise DomainError("inspections.no_items", "任务至少要有一个抽查事项。", field="items")
    from fazhi.inspections.selectors import CRITERION_KEYS

    criterion = dict(pool_criterion or {})
    unknown = sorted(set(criterion) - set(CRITERION_KEYS))
    if unknown:
        raise DomainError("inspections.unknown_criterion", f"未知的对象库筛选条件 {unknown}。", field="pool_criterion")
    for item in items:
        if not item.in_force_on(window_start):
            raise DomainError(
                "inspections.item_not_in_force",
                f"抽查事项 {item} 在 {window_start} 不在有效期内，请选择当日有效的版本。",
                field="items",
            )
        _require_power(item.power_code, window_start)
    participating = list(participating_departments or [department])
    if plan.kind == PlanKind.JOINT:
        allowed = {plan.lead_department_id, *plan.member_units.values_list("id", flat=True)}
        # The bureau's own sections and offices act for the lead department; external units must be members.
        outside = [d.name for d in participating if d.pk not in allowed and d.kind == "external"]
        if outside:
            raise DomainError(
                "inspections.department_not_in_plan",
                f"{'、'.join(outside)} 不是本联合计划的牵头部门或成员单位。",
                field="participating_departments",
            )
        if len(participating) > team_size:
            raise DomainError(
                "inspections.team_too_small_for_joint",
                f"联合抽查每组须有每个参与部门各一人：{len(participating)} 个部门需要每组至少 {len(participating)} 人。",
                field="team_size",
            )
    with transaction.atomic():
        task = InspectionTask(
            plan=plan,
            name=name,
            department=department,
            pool_criterion=criterion,
            sample_size=sample_size,
            sample_ratio=sample_ratio,
            strata_ratios=strata_ratios,
            team_size=team_size,
            window_start=window_start,
            window_end=window_end,
        )
        task.full_clean()
        task.save()
        task.items.set(items)
        task.participating_departments.set(participating)
        audit_record(
            action="inspections.task_create",
            target=task,
            changes={"plan": plan.pk, "name": name, "items": [i.code for i in items], "criterion": criterion},
        )
        return task


def conflict_declare(
    *, officer: Officer, entity: MarketEntity, reason: str, declared_on: dt.date, note: str = ""
) -> OfficerConflict:
    """回避申报: the officer will never be drawn for this entity (as long as the declaration is active)."""
    with transaction.atomic():
        if OfficerConflict.objects.filter(officer=officer, entity=entity, reason=reason).exists():
            raise DomainError(
                "inspections.conflict_exists",
                "该执法人员已就此主体以同一事由申报回避，无需重复申报；如需补充说明请选择其他事由。",
                field="reason",
            )
        conflict = OfficerConflict(officer=officer, entity=entity, reason=reason, declared_on=declared_on, note=note)
        conflict.full_clean()
        conflict.save()
        audit_record(
            action="inspections.conflict_declare",
            target=conflict,
            changes={"officer": officer.certificate_number, "entity": entity.identifier, "reason": reason},
        )
        return conflict


# ---------------------------------------------------------------------------------------------------------------
# Freezing and the draw


def _lock_task(task: InspectionTask, action: str, *, check_version: bool = True) -> tuple[InspectionTask, str]:
    """Lock the task row and check the transition; ``version`` guards against acting on a stale screen."""
    locked = InspectionTask.objects.select_for_update().select_related("plan").get(pk=task.pk)
    if check_version and locked.version != task.version:
        raise ConcurrentUpdate("抽查任务")
    return locked, workflow.next_status(locked.status, action)


def _save_task(locked: InspectionTask, status: str, *fields: str) -> None:
    locked.status = status
    locked.version += 1
    locked.save(update_fields=["status", "version", *fields])


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


def _tsv(rows: Iterable[Sequence[str | None]]) -> str:
    return "".join("\t".join("" if c is None else c for c in row) + "\n" for row in rows)


def task_freeze_pools(*, task: InspectionTask, by: Any) -> FrozenPool:
    """固定名录库: the object pool (one ordered query), the inspector pool and the conflicts, with their hashes.

    Published before the draw, so the pools cannot be chosen after seeing the seed.
    """
    with transaction.atomic():
        locked, status = _lock_task(task, "freeze_pools")
        try:
            candidates = draws.freeze_candidates(pool_candidates(locked))
            officers = pool_inspectors(locked)
            inspectors = draws.freeze_inspectors((o.certificate_number, o.department.code) for o in officers)
            conflicts = draws.freeze_conflicts(pool_conflicts(locked, officers))
        except RulebookError as exc:
            raise _domain_error(exc) from exc
        if not candidates.usccs:
            raise DomainError("inspections.empty_pool", "按筛选条件对象库为空，请调整筛选条件。")
        frozen = FrozenPool(
            task=locked,
            candidates_tsv=_tsv(zip(candidates.usccs, candidates.risk_classes, strict=True)),
            candidates_hash=candidates.hash,
            candidate_count=len(candidates),
            inspectors_tsv=_tsv(inspectors.inspectors),
            inspectors_hash=inspectors.hash,
            inspector_count=len(inspectors.inspectors),
            conflicts_tsv=_tsv(conflicts.conflicts),
            conflicts_hash=conflicts.hash,
            conflict_count=len(conflicts.conflicts),
            parameters=draws._parameters_dict(task_parameters(locked)),
            frozen_at=timezone.now(),
            frozen_by=by,
        )
        frozen.save()
        _save_task(locked, status)
        audit_record(
            action="inspections.task_freeze_pools",
            target=locked,
            changes={
                "candidates_hash": frozen.candidates_hash,
                "candidate_count": frozen.candidate_count,
                "inspectors_hash": frozen.inspectors_hash,
                "inspector_count": frozen.inspector_count,
                "conflicts_hash": frozen.conflicts_hash,
                "parameters": frozen.parameters,
            },
        )
        task.status, task.version = locked.status, locked.version
        return frozen


def seed_announce(*, task: InspectionTask, source: str, by: Any) -> DrawSeed:
    """Announce, before it exists, which public random value will seed the draw (e.g. "中国福利彩票双色球
    2024001 期开奖号码，2024-01-02 开奖"). The value is entered after it is published (seed_enter_value)."""
    if not source.strip():
        raise DomainError(
            "inspections.seed_source_required", "请写明随机数来源（哪一期开奖、哪一天）。", field="source"
        )
    with transaction.atomic():
        seed = DrawSeed(
            task=task,
            kind=SeedKind.PUBLIC_ANNOUNCED,
            source=source.strip(),
            announced_at=timezone.now(),
            created_by=by,
        )
        seed.save()
        audit_record(action="inspections.seed_announce", target=seed, changes={"task": task.pk, "source": seed.source})
        return seed


def seed_enter_value(*, seed: DrawSeed, value: str, by: Any) -> DrawSeed:
    """Enter the published value of an announced seed (once)."""
    value = " ".join(value.split())
    if not value:
        raise DomainError("inspections.seed_value_required", "请输入公布的随机数。", field="value")
    with transaction.atomic():
        locked = DrawSeed.objects.select_for_update().get(pk=seed.pk)
        if locked.kind != SeedKind.PUBLIC_ANNOUNCED or locked.value:
            raise DomainError("inspections.seed_value_set", "该随机种子的值已录入或不是公告类种子。")
        locked.value = value
        locked.value_entered_at = timezone.now()
        locked.save(update_fields=["value", "value_entered_at"])
        audit_record(action="inspections.seed_enter_value", target=locked, changes={"value": value, "by": by.pk})
        return locked


def seed_generate(
    *, task: InspectionTask, by: Any, source: str = "系统密码学安全随机数", token: Callable[[], str] | None = None
) -> DrawSeed:
    """A CSPRNG seed (``secrets.token_hex(32)``), written to the audit chain before any result is computed.

    ``token`` exists for the demo (deterministic values from its own RNG, said so in ``source``).
    """
    value = (token or (lambda: secrets.token_hex(32)))()
    with transaction.atomic():
        now = timezone.now()
        seed = DrawSeed(
            task=task,
            kind=SeedKind.CSPRNG,
            source=source,
            announced_at=now,
            value=value,
            value_entered_at=now,
            created_by=by,
        )
        seed.save()
        audit_record(
            action="inspections.seed_generate", target=seed, changes={"task": task.pk, "value": value, "source": source}
        )
        return seed


def _frozen_inputs(
    frozen: FrozenPool,
) -> tuple[list[tuple[str, str | None]], list[tuple[str, str]], list[tuple[str, ...]]]:
    def rows(text: str) -> list[list[str]]:
        return [line.split("\t") for line in text.split("\n")[:-1]] if text else []

    candidates = [(u, r or None) for u, r in rows(frozen.candidates_tsv)]
    inspectors = [(c, d) for c, d in rows(frozen.inspectors_tsv)]
    conflicts = [tuple(r) for r in rows(frozen.conflicts_tsv)]
    return candidates, inspectors, conflicts


def _run(task: InspectionTask, seed: DrawSeed) -> dict[str, Any]:
    if seed.task_id != task.pk:
        raise DomainError("inspections.seed_of_other_task", "该随机种子不属于本任务。")
    if not seed.value:
        raise DomainError(
            "inspections.seed_value_missing", "公告的随机数尚未公布或尚未录入，请在公布后录入再抽取。", field="seed"
        )
    if Draw.objects.filter(seed=seed).exists():
        raise DomainError("inspections.seed_used", "该随机种子已用于一次抽取；重新抽取需要新的种子。", field="seed")
    frozen = task.frozen_pool
    candidates, inspectors, conflicts = _frozen_inputs(frozen)
    try:
        record = draws.run_draw(
            candidates=candidates,
            parameters=task_parameters(task),
            seed=draws.Seed(kind=seed.kind, value=seed.value, source=seed.source),  # type: ignore[arg-type]
            inspectors=inspectors,
            conflicts=conflicts,  # type: ignore[arg-type]
        )
    except draws.DrawStaffingError as exc:
        raise DomainError(
            "inspections.unstaffable",
            exc.message,
            failures=[{"uscc": f.uscc, "reason": f.reason} for f in exc.failures],
        ) from exc
    except RulebookError as exc:
        raise _domain_error(exc) from exc
    if (
        record["candidate_pool_hash"] != frozen.candidates_hash
        or record["inspector_pool_hash"] != frozen.inspectors_hash
    ):
        raise DomainError("inspections.pool_changed", "固定的名录库与其哈希不一致，已停止抽取，请联系系统管理员。")
    return record


def _store(task: InspectionTask, seed: DrawSeed, record: dict[str, Any], by: Any, reason: str = "") -> Draw:
    text = draws.record_json(record)
    draw = Draw(
        task=task,
        seed=seed,
        record_json=text,
        record_hash=record["record_hash"],
        algorithm=record["algorithm"],
        seed_kind=seed.kind,
        seed_value=seed.value,
        seed_source=seed.source,
        selected_count=len(record["result"]["selected"]),
        drawn_at=timezone.now(),
        drawn_by=by,
        redraw_reason=reason,
    )
    draw.save()
    selected = record["result"]["selected"]
    identifiers = [s["uscc"] for s in selected]
    entity_ids: dict[str | None, int] = {}
    for start in range(0, len(identifiers), 500):
        chunk = identifiers[start : start + 500]
        for pk, uscc in MarketEntity.objects.filter(uscc__in=chunk).values_list("id", "uscc"):
            entity_ids[uscc] = pk
        for pk, number in MarketEntity.objects.filter(uscc__isnull=True, registration_number__in=chunk).values_list(
            "id", "registration_number"
        ):
            entity_ids[number] = pk
    assignments = InspectionAssignment.objects.bulk_create(
        [
            InspectionAssignment(
                task=task, draw=draw, entity_id=entity_ids[s["uscc"]], rank=s["rank"], stratum=s["stratum"] or ""
            )
            for s in selected
        ]
    )
    teams = record["result"]["teams"] or []
    certificates = {c for t in teams for c in t["inspectors"]}
    officer_ids = dict(
        Officer.objects.filter(certificate_number__in=certificates).values_list("certificate_number", "id")
    )
    by_uscc = {a.entity_id: a for a in assignments}
    through = InspectionAssignment.officers.through
    through.objects.bulk_create(
        [
            through(inspectionassignment_id=by_uscc[entity_ids[t["uscc"]]].pk, officer_id=officer_ids[c])
            for t in teams
            for c in t["inspectors"]
        ]
    )
    return draw


def task_draw(*, task: InspectionTask, seed: DrawSeed, by: Any) -> Draw:
    """抽取: run the engine over the frozen pools with ``seed``; store the record and the teams.

    When no lawful team assignment exists, DomainError ``inspections.unstaffable`` names each entity that
    cannot be staffed and why (``params["failures"]``).
    """
    with transaction.atomic():
        locked, status = _lock_task(task, "draw")
        record = _run(locked, seed)
        draw = _store(locked, seed, record, by)
        _save_task(locked, status)
        audit_record(
            action="inspections.task_draw",
            target=draw,
            changes={
                "task": locked.pk,
                "record_hash": draw.record_hash,
                "result_hash": record["result_hash"],
                "seed_kind": seed.kind,
                "seed_value": seed.value,
                "selected": draw.selected_count,
            },
        )
        task.status, task.version = locked.status, locked.version
        return draw


def task_redraw(*, task: InspectionTask, seed: DrawSeed, reason: str, by: Any) -> Draw:
    """重新抽取: only with a written reason, before any result; the old draw stays visible, marked superseded."""
    if not reason or len(reason.strip()) < 4:
        raise DomainError("inspections.redraw_reason_required", "重新抽取必须写明理由（至少 4 个字）。", field="reason")
    with transaction.atomic():
        locked, status = _lock_task(task, "redraw")
        old = current_draw(locked)
        if old is None:  # pragma: no cover — the state table guarantees a draw exists
            raise DomainError("inspections.no_draw", "任务尚未抽取。")
        if InspectionResult.objects.filter(assignment__draw=old).exists():
            raise DomainError("inspections.redraw_after_results", "已有检查结果，不能重新抽取。")
        record = _run(locked, seed)
        # The old assignments are removed (nobody inspects them); the old draw record itself is kept.
        InspectionAssignment.officers.through.objects.filter(inspectionassignment__draw=old).delete()
        InspectionAssignment.objects.filter(draw=old).delete()
        new = _store(locked, seed, record, by, reason=reason.strip())
        old.superseded_by = new
        old.save(update_fields=["superseded_by"])
        _save_task(locked, status)
        audit_record(
            action="inspections.task_redraw",
            target=new,
            changes={"task": locked.pk, "superseded": old.pk, "reason": reason.strip(), "record_hash": new.record_hash},
        )
        task.status, task.version = locked.status, locked.version
        return new


# ---------------------------------------------------------------------------------------------------------------
# Results and publicity


def _handover(result: InspectionResult, by: Any) -> tuple[str, str]:
    """Hand a follow-up to cases / credit by an explicit call (style.md: no signals); "pending" otherwise.

    - case clue: ``fazhi.cases.services.clue_register(source_kind="inspection", source_ref=…, entity=…, …)``;
    - abnormal list: ``fazhi.credit.services.abnormal_list_propose(entity=…, ground="unreachable", …)`` — the facts
      are verified on the inspection date, which is the listing's ``decided_on``.
    When the receiving service is missing, or refuses (DomainError, e.g. ``credit.entity_not_active``), the result is
    still saved, ``handover_status`` is ``pending`` and ``handover_reference`` says why; nothing is lost.
    """
    reference = f"inspections.result:{result.pk}"
    entity = result.assignment.entity
    try:
        if result.follow_up == FollowUp.CASE_CLUE:
            from fazhi.cases.services import clue_register

            made: Any = clue_register(
                source_kind="inspection",
                source_ref=reference,
                entity=entity,
                description=result.findings or f"双随机抽查发现问题：{result.get_category_display()}",
                received_on=result.inspected_on,
                department=result.assignment.task.department,
                actor=by,
            )
        elif result.follow_up == FollowUp.CREDIT_LISTING:
            from fazhi.credit.services import abnormal_list_propose

            made = abnormal_list_propose(
                entity=entity, ground="unreachable", decided_on=result.inspected_on, basis_ref=reference, actor=by
            )
        else:
            return HandoverStatus.NONE, ""
    except (ImportError, AttributeError, TypeError):
        return HandoverStatus.PENDING, "接收模块尚未提供移交接口"
    except DomainError as exc:
        return HandoverStatus.PENDING, f"未移交：[{exc.code}] {exc.message}"[:100]
    return HandoverStatus.DONE, str(getattr(made, "number", "") or getattr(made, "pk", ""))


def result_record(
    *,
    assignment: InspectionAssignment,
    category: str,
    inspected_on: dt.date,
    officers_present: Sequence[Officer],
    by: Any,
    findings: str = "",
    follow_up: str | None = None,
    attachments: Sequence[tuple[str, bytes]] = (),
) -> InspectionResult:
    """录入检查结果 of one drawn entity. At least two officers of the team must be present.

    无法联系 defaults to the abnormal-list hand-over (企业经营异常名录管理暂行办法 第四条第四项 [SECONDARY]); problems
    pending follow-up default to a case clue. Evidence files are stored with their SHA-256.
    """
    if category not in ResultCategory.values:
        raise DomainError("inspections.unknown_category", "请选择全国统一的检查结果类别。", field="category")
    if follow_up is None:
        follow_up = {
            ResultCategory.UNREACHABLE: FollowUp.CREDIT_LISTING,
            ResultCategory.PENDING_FOLLOW_UP: FollowUp.CASE_CLUE,
        }.get(ResultCategory(category), FollowUp.NONE)
    with transaction.atomic():
        # No version check: officers record different entities at once; one result per assignment is the guard.
        locked, status = _lock_task(assignment.task, "record_result", check_version=False)
        if assignment.draw.superseded_by_id is not None:
            raise DomainError("inspections.superseded_draw", "该抽取已被重新抽取取代。")
        if InspectionResult.objects.filter(assignment=assignment).exists():
            raise DomainError("inspections.result_exists", "该主体的检查结果已录入。")
        team = set(assignment.officers.values_list("id", flat=True))
        present = {o.pk for o in officers_present}
        if len(present & team) < 2 or not present <= team:
            raise DomainError(
                "inspections.officers_present",
                "到场检查人员须为抽中的检查组成员且至少 2 人。",
                field="officers_present",
            )
        if inspected_on < locked.window_start:
            raise DomainError("inspections.inspected_before_window", "检查日期早于任务开始日期。", field="inspected_on")
        result = InspectionResult(
            assignment=assignment,
            category=category,
            findings=findings,
            inspected_on=inspected_on,
            follow_up=follow_up,
            recorded_by=by,
            recorded_at=timezone.now(),
        )
        result.full_clean(exclude=["recorded_by"])
        result.save()
        result.officers_present.set(list(present))
        digests = []
        for name, content in attachments:
            digest = hashlib.sha256(content).hexdigest()
            attachment = EvidenceAttachment(
                result=result, name=name[:200], sha256=digest, size=len(content), uploaded_at=timezone.now()
            )
            attachment.file.save(f"{digest[:16]}-{name[-60:]}", ContentFile(content), save=False)
            attachment.save()
            digests.append({"name": name, "sha256": digest})
        result.handover_status, result.handover_reference = _handover(result, by)
        result.save(update_fields=["handover_status", "handover_reference"])
        if locked.status != status:
            _save_task(locked, status)
        audit_record(
            action="inspections.result_record",
            target=result,
            changes={
                "task": locked.pk,
                "entity": assignment.entity_id,
                "category": category,
                "follow_up": follow_up,
                "handover_status": result.handover_status,
                "attachments": digests,
            },
        )
        return result


def _open_publicity_deadline(task: InspectionTask, on: dt.date) -> dt.date | None:
    try:
        from fazhi.deadlines import services as deadline_services
    except ImportError:  # pragma: no cover — fall back to the pure engine (no tracking)
        from fazhi.rulebook.deadlines import compute_deadline

        try:
            return compute_deadline(PUBLICITY_RULE, on).due
        except RulebookError:
            return compute_deadline(PUBLICITY_RULE, on, provisional=True).due
    deadline = deadline_services.deadline_open(owner=task, rule_id=PUBLICITY_RULE, start=on, label="抽查结果公示期限")
    return deadline.due_on


def task_finish(*, task: InspectionTask, on: dt.date, by: Any) -> InspectionTask:
    """结束检查: every drawn entity has a result; the 20-working-day publicity deadline starts (tracked)."""
    with transaction.atomic():
        locked, status = _lock_task(task, "finish")
        missing = InspectionAssignment.objects.filter(
            task=locked, draw__superseded_by__isnull=True, result__isnull=True
        ).count()
        if missing:
            raise DomainError("inspections.results_missing", f"还有 {missing} 户未录入检查结果，不能结束检查。")
        locked.finished_on = on
        locked.publicity_due_on = _open_publicity_deadline(locked, on)
        _save_task(locked, status, "finished_on", "publicity_due_on")
        audit_record(
            action="inspections.task_finish",
            target=locked,
            changes={"finished_on": on, "publicity_due_on": locked.publicity_due_on},
        )
        task.status, task.version = locked.status, locked.version
        return locked


def task_publish_results(*, task: InspectionTask, on: dt.date, by: Any) -> InspectionTask:
    """公示结果: the results become public (masked); the tracked deadline is met (late publication is kept)."""
    with transaction.atomic():
        locked, status = _lock_task(task, "publish_results")
        locked.published_on = on
        _save_task(locked, status, "published_on")
        try:
            from fazhi.deadlines import selectors as deadline_selectors
            from fazhi.deadlines import services as deadline_services
        except ImportError:  # pragma: no cover
            pass
        else:
            for deadline in deadline_selectors.deadlines_for(locked):
                if deadline.rule_id == PUBLICITY_RULE and deadline.status == "open":
                    deadline_services.deadline_meet(deadline=deadline, on=on)
        late = locked.publicity_due_on is not None and on > locked.publicity_due_on
        audit_record(
            action="inspections.task_publish_results",
            target=locked,
            changes={"published_on": on, "due_on": locked.publicity_due_on, "late": late},
        )
        task.status, task.version = locked.status, locked.version
        return locked
