"""专项整治 / 专项执法检查: the campaign, the entities checked (by criteria or by the draw engine), findings,
rectifications with re-check dates, clues to the cases module."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max

from fazhi.cases import services as case_services
from fazhi.core import revision
from fazhi.core.audit import audit_record, audit_records
from fazhi.core.errors import from_rulebook
from fazhi.core.numbering import next_number
from fazhi.rulebook import draws
from fazhi.rulebook.errors import RulebookError
from fazhi.sampling.choices import (
    CampaignArea,
    CampaignKind,
    CampaignStatus,
    Finding,
    RecheckResult,
    Selection,
    TargetKind,
)
from fazhi.sampling.models import Campaign, CampaignCheck
from fazhi.sampling.services.common import check_write, refuse, short_text, step_on

MAX_CHECKS = 5000


def campaign_create(
    *,
    title: str,
    kind: str,
    area: str,
    target_kind: str,
    department: Any,
    starts_on: dt.date,
    ends_on: dt.date,
    basis: str = "",
    actor: Any,
) -> Campaign:
    """Record a campaign (专项整治 or 专项执法检查) with its period and the kind of entity it targets."""
    check_write(actor, "sampling.plan", department, "专项整治")
    title = short_text(title, field="title", what="名称", max_chars=200, required=True)
    for value, choices, field, what in (
        (kind, CampaignKind, "kind", "类型"),
        (area, CampaignArea, "area", "领域"),
        (target_kind, TargetKind, "target_kind", "检查对象"),
    ):
        if value not in choices.values:
            raise refuse("sampling.bad_choice", f"请选择{what}", field)
    if ends_on < starts_on:
        raise refuse("sampling.bad_period", "结束日期不能早于开始日期", "ends_on")
    with transaction.atomic():
        campaign = Campaign.objects.create(
            number=f"ZX{starts_on.year}-{next_number('sampling.campaign', starts_on.year):03d}",
            title=title,
            kind=kind,
            area=area,
            target_kind=target_kind,
            basis=short_text(basis, field="basis", what="依据文件", max_chars=300),
            department=department,
            starts_on=starts_on,
            ends_on=ends_on,
            created_by=actor,
        )
        audit_record(
            action="sampling.campaign_create",
            target=campaign,
            actor=actor,
            changes={"title": title, "kind": kind, "area": area, "target": target_kind, "period": [starts_on, ends_on]},
        )
    return campaign


def _open(campaign: Campaign) -> None:
    if campaign.status != CampaignStatus.OPEN:
        raise refuse("sampling.campaign_closed", "该专项整治已结束，不能再变更检查对象或检查记录")


def _add_checks(campaign: Campaign, entities: Sequence[Any]) -> list[CampaignCheck]:
    taken = set(CampaignCheck.objects.filter(campaign=campaign).values_list("entity_id", flat=True))
    rows = [
        CampaignCheck(
            campaign=campaign,
            entity=e,
            department_id=e.office_id or campaign.department_id,
        )
        for e in entities
        if e.pk not in taken
    ]
    if len(taken) + len(rows) > MAX_CHECKS:
        raise refuse("sampling.too_many_checks", f"一次专项整治最多 {MAX_CHECKS} 个检查对象")
    return CampaignCheck.objects.bulk_create(rows)


def _audit_checks(action: str, campaign: Campaign, added: list[CampaignCheck], actor: Any) -> None:
    """One event per check record the step created (issue 14: every write audited per record)."""
    audit_records(
        action=action,
        items=[
            (
                "sampling.campaigncheck",
                c.pk,
                {"campaign": campaign.number, "entity": c.entity_id, "department": c.department_id},
            )
            for c in added
        ],
        actor=actor,
    )


def campaign_select(*, campaign: Campaign, entities: Sequence[Any], criteria: dict[str, Any], actor: Any) -> int:
    """Choose the entities to check by criteria (e.g. every elevator maintenance unit of the district);
    ``criteria`` says which, for the record. Returns how many were added."""
    check_write(actor, "sampling.plan", campaign.department, "专项整治")
    if not entities:
        raise refuse("sampling.no_entities", "按所选条件没有找到检查对象")
    with transaction.atomic():
        locked = revision.lock(campaign, what="专项整治")
        _open(locked)
        added = _add_checks(locked, entities)
        locked.selection = Selection.CRITERIA
        locked.criteria = criteria
        revision.save_bumped(locked, ["selection", "criteria"], original=campaign)
        audit_record(
            action="sampling.campaign_select",
            target=locked,
            actor=actor,
            changes={"criteria": criteria, "added": [c.entity_id for c in added]},
        )
        _audit_checks("sampling.check_add", locked, added, actor)
    return len(added)


def campaign_draw(
    *,
    campaign: Campaign,
    pool: Sequence[Any],
    size: int,
    seed_hex: str,
    drawn_at: dt.datetime,
    actor: Any,
) -> int:
    """Draw ``size`` entities from ``pool`` with the draw engine (``fazhi.rulebook.draws``): the frozen pool's
    hash, the seed and its commitment and the selection are stored on the campaign, so anyone can re-run it."""
    check_write(actor, "sampling.plan", campaign.department, "专项整治")
    by_uscc = {e.uscc: e for e in pool if e.uscc}
    if not by_uscc:
        raise refuse("sampling.no_entities", "候选对象中没有带统一社会信用代码的主体")
    if not 1 <= size <= min(len(by_uscc), MAX_CHECKS):
        raise refuse("sampling.bad_draw_size", f"抽取数量应在 1 至 {min(len(by_uscc), MAX_CHECKS)} 之间", "size")
    salt = hashlib.sha256(f"{campaign.number}:{seed_hex}".encode()).hexdigest()
    moment = draws.time_text(drawn_at)
    try:
        frozen = draws.freeze_candidates([(u, None) for u in sorted(by_uscc)], salt=salt)
        seed = draws.Seed(
            kind="secret",
            value=seed_hex,
            source="系统随机数",
            announced_at=moment,
            fixed_at=moment,
            commitment=draws.seed_commitment(seed_hex),
        )
        chosen = draws.select(frozen, draws.DrawParameters(size=size), seed)
    except RulebookError as exc:
        raise from_rulebook(exc) from exc
    with transaction.atomic():
        locked = revision.lock(campaign, what="专项整治")
        _open(locked)
        added = _add_checks(locked, [by_uscc[s.uscc] for s in chosen])
        locked.selection = Selection.DRAW
        locked.draw = {
            "algorithm": draws.ALGORITHM,
            "pool_size": len(by_uscc),
            "pool_hash": frozen.hash,
            "seed": seed_hex,
            "seed_commitment": seed.commitment,
            "drawn_at": moment,
            "size": size,
            "selected": [s.uscc for s in chosen],
        }
        revision.save_bumped(locked, ["selection", "draw"], original=campaign)
        audit_record(
            action="sampling.campaign_draw",
            target=locked,
            actor=actor,
            changes={"pool_hash": frozen.hash, "size": size, "added": [c.entity_id for c in added]},
        )
        _audit_checks("sampling.check_add", locked, added, actor)
    return len(added)


def check_record(
    *,
    check: CampaignCheck,
    checked_on: Any,
    finding: str,
    officers: str = "",
    description: str = "",
    rectification_due_on: Any = None,
    expected_revision: int | None = None,
    actor: Any,
) -> CampaignCheck:
    """Record the check of one entity: date, inspectors, finding; a rectification order with its due date."""
    check_write(actor, "sampling.record", check.department, "检查对象")
    campaign = check.campaign
    _open(campaign)
    on = step_on(
        checked_on, field="checked_on", what="检查日期", not_before=campaign.starts_on, previous="专项整治开始"
    )
    if finding not in Finding.values:
        raise refuse("sampling.bad_finding", "请选择检查结果", "finding")
    text = short_text(description, field="description", what="发现的问题", max_chars=2000)
    if finding in (Finding.RECTIFY, Finding.CLUE) and not text:
        raise refuse("sampling.description_required", "发现问题的，请写明问题", "description")
    due = None
    if finding == Finding.RECTIFY:
        if rectification_due_on in (None, ""):
            raise refuse("sampling.due_required", "责令整改的，请填写整改期限", "rectification_due_on")
        due = rectification_due_on if isinstance(rectification_due_on, dt.date) else None
        if due is None or due <= on:
            raise refuse("sampling.bad_due", "整改期限应晚于检查日期", "rectification_due_on")
    with transaction.atomic():
        locked = revision.lock(check, revision=expected_revision, what="检查对象")
        if locked.checked_on is not None:
            raise refuse("sampling.check_recorded", "该对象的检查结果已登记")
        fields = {
            "checked_on": on,
            "finding": finding,
            "officers": short_text(officers, field="officers", what="检查人员", max_chars=200),
            "description": text,
            "rectification_due_on": due,
        }
        for name, value in fields.items():
            setattr(locked, name, value)
        revision.save_bumped(locked, list(fields), original=check)
        audit_record(action="sampling.check_record", target=locked, actor=actor, changes=fields)
    return check


def check_recheck(
    *, check: CampaignCheck, rechecked_on: Any, result: str, expected_revision: int | None = None, actor: Any
) -> CampaignCheck:
    """Record the re-check (复查) of a rectification."""
    check_write(actor, "sampling.record", check.department, "检查对象")
    if check.finding != Finding.RECTIFY:
        raise refuse("sampling.no_rectification", "只有责令整改的对象需要复查")
    if result not in RecheckResult.values:
        raise refuse("sampling.bad_recheck", "请选择复查结果", "result")
    on = step_on(rechecked_on, field="rechecked_on", what="复查日期", not_before=check.checked_on, previous="检查")
    with transaction.atomic():
        locked = revision.lock(check, revision=expected_revision, what="检查对象")
        if locked.rechecked_on is not None:
            raise refuse("sampling.recheck_recorded", "该对象的复查结果已登记")
        locked.rechecked_on, locked.recheck_result = on, result
        revision.save_bumped(locked, ["rechecked_on", "recheck_result"], original=check)
        audit_record(action="sampling.check_recheck", target=locked, actor=actor, changes={"on": on, "result": result})
    return check


def check_hand_over(*, check: CampaignCheck, on: Any, actor: Any) -> CampaignCheck:
    """Hand a finding (or a failed rectification) to the cases module as a clue — a plain call that fails loudly."""
    check_write(actor, "sampling.record", check.department, "检查对象")
    if check.finding != Finding.CLUE and check.recheck_result != RecheckResult.NOT_RECTIFIED:
        raise refuse("sampling.clue_not_allowed", "只有发现违法线索或逾期未整改的对象才能移交立案核查")
    # handed over after the step that gave the reason: the check's finding, or the re-check that found the
    # rectification not done
    if check.finding == Finding.CLUE:
        day = step_on(on, field="on", what="移交日期", not_before=check.checked_on, previous="检查")
    else:
        day = step_on(on, field="on", what="移交日期", not_before=check.rechecked_on, previous="复查")
    with transaction.atomic():
        locked = revision.lock(check, what="检查对象")
        if locked.clue_id is not None:
            raise refuse("sampling.clue_exists", "该对象已移交线索")
        entity, campaign = locked.entity, locked.campaign
        reason = locked.description or "逾期未整改"
        clue = case_services.clue_register(
            source_kind="inspection",
            source_ref=campaign.number,
            entity=entity,
            description=f"{campaign.get_kind_display()}“{campaign.title}”中发现：{reason}",
            received_on=day,
            department=locked.department,
            party_kind="natural_person" if entity.kind == "individual" else "organisation",
            party_name=entity.name,
            party_identifier=entity.uscc or "",
            party_address=entity.domicile or "",
            actor=actor,
        )
        locked.clue = clue
        revision.save_bumped(locked, ["clue"], original=check)
        audit_record(action="sampling.check_hand_over", target=locked, actor=actor, changes={"clue": clue.number})
    check.clue = clue
    return check


def campaign_close(*, campaign: Campaign, on: Any, summary: str, actor: Any) -> Campaign:
    """End a campaign once every entity's check is recorded (and every rectification re-checked)."""
    check_write(actor, "sampling.plan", campaign.department, "专项整治")
    day = step_on(on, field="on", what="结束日期", not_before=campaign.starts_on, previous="专项整治开始")
    text = short_text(summary, field="summary", what="工作总结", max_chars=4000, required=True)
    with transaction.atomic():
        locked = revision.lock(campaign, what="专项整治")
        _open(locked)
        checks = CampaignCheck.objects.filter(campaign=locked)
        if checks.filter(checked_on__isnull=True).exists():
            raise refuse("sampling.checks_open", "还有检查对象未登记检查结果")
        if checks.filter(finding=Finding.RECTIFY, rechecked_on__isnull=True).exists():
            raise refuse("sampling.rechecks_open", "还有责令整改的对象未复查")
        # ended on or after the last check and re-check it records
        last = checks.aggregate(checked=Max("checked_on"), rechecked=Max("rechecked_on"))
        for previous, value in (("最后一次检查", last["checked"]), ("最后一次复查", last["rechecked"])):
            step_on(day, field="on", what="结束日期", not_before=value, previous=previous)
        locked.status, locked.closed_on, locked.summary = CampaignStatus.CLOSED, day, text
        revision.save_bumped(locked, ["status", "closed_on", "summary"], original=campaign)
        audit_record(action="sampling.campaign_close", target=locked, actor=actor, changes={"on": day})
    return campaign
