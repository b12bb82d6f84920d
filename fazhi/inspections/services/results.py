"""检查结果, 复查, 结束检查 and 结果公示.

A result needs two team members with an enforcement certificate valid on the inspection date, a date not after the
legal today, within the task's window and not before the draw that selected the entity, findings unless 未发现问题, and the follow-up its category requires
(``fazhi/inspections/consequences.py``). Hand-overs are plain calls into the receiving module's service inside the
same transaction: if the cases or credit module refuses, the result is not saved either (fail loudly).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from fazhi.cases.services import clue_register
from fazhi.core import uploads
from fazhi.core.access import is_department_scoped
from fazhi.core.audit import audit_record
from fazhi.core.clock import SHANGHAI, legal_today
from fazhi.core.errors import DomainError, NotFound
from fazhi.credit.services import abnormal_list_propose
from fazhi.deadlines import selectors as deadline_selectors
from fazhi.deadlines import services as deadline_services
from fazhi.inspections.choices import FollowUp, RecheckOutcome, ResultCategory
from fazhi.inspections.consequences import RECHECK_FAILURE, RECHECK_FAILURE_DEFAULT, RESULT_RULES
from fazhi.inspections.models import EvidenceAttachment, InspectionAssignment, InspectionResult, InspectionTask
from fazhi.inspections.services.common import (
    lock_task,
    now,
    require_actor,
    require_reason,
    require_task_scope,
    save_task,
)
from fazhi.registry.models import Officer

PUBLICITY_RULE = "inspection.result_publicity"
EVIDENCE_MAX_BYTES = 50 * 1024 * 1024  # a photo series or a scanned record; larger video goes on a medium


def require_team_access(actor: Any, assignment: InspectionAssignment) -> None:
    """Results are recorded by the drawn team's own officers or by the 科室负责人 of the task's department."""
    if not is_department_scoped(actor):
        return
    if getattr(actor, "role", None) == "section_chief" and actor.department_id == assignment.task.department_id:
        return
    if getattr(actor, "officer_id", None) in set(assignment.officers.values_list("id", flat=True)):
        return
    raise NotFound("检查对象")


def _check_date(day: dt.date, task: InspectionTask, *, field: str) -> None:
    today = legal_today()
    if day > today:
        raise DomainError(
            "inspections.date_in_future", f"日期 {day} 晚于今天（{today}），请按实际日期填写。", field=field
        )
    if not task.window_start <= day <= task.window_end:
        raise DomainError(
            "inspections.date_outside_window",
            f"检查日期须在任务检查期间（{task.window_start} 至 {task.window_end}）之内。",
            field=field,
        )


def _hand_over(
    *, result: InspectionResult, follow_up: str, ground: str | None, description: str, on: dt.date, actor: Any
) -> str:
    """The explicit call into the receiving module; its number is the hand-over reference. No try/except:
    a refusal there stops this step too."""
    assignment = result.assignment
    reference = f"inspections.result:{result.pk}"
    if follow_up == FollowUp.CASE_CLUE:
        clue = clue_register(
            source_kind="inspection",
            source_ref=reference,
            entity=assignment.entity,
            description=description,
            received_on=on,
            department=assignment.task.department,
            actor=actor,
        )
        return str(clue.number)
    if follow_up == FollowUp.ABNORMAL_LIST:
        assert ground is not None
        listing = abnormal_list_propose(
            entity=assignment.entity, ground=ground, decided_on=on, basis_ref=reference, actor=actor
        )
        return str(listing.number)
    return ""


def result_record(
    *,
    assignment: InspectionAssignment,
    category: str,
    inspected_on: dt.date,
    officers_present: Sequence[Officer],
    actor: Any,
    findings: str = "",
    follow_up: str | None = None,
    rectification_due_on: dt.date | None = None,
    recheck_on: dt.date | None = None,
    transfer_to: str = "",
    attachments: Sequence[tuple[str, bytes]] = (),
) -> InspectionResult:
    """录入检查结果 of one drawn entity, and hand it over where its category leads."""
    require_actor(actor, "inspections.record_result")
    require_team_access(actor, assignment)
    checked = [
        uploads.check_upload(pair, field="evidence", max_bytes=EVIDENCE_MAX_BYTES, code="inspections.evidence")
        for pair in attachments
    ]  # by content, bounded, random stored names (fazhi.core.uploads; issue 14)
    if category not in ResultCategory.values:
        raise DomainError("inspections.unknown_category", "请选择全国统一的检查结果类别。", field="category")
    rule = RESULT_RULES[category]
    follow_up = follow_up or rule.follow_ups[0]
    if follow_up not in rule.follow_ups:
        allowed = "、".join(FollowUp(f).label for f in rule.follow_ups)
        raise DomainError(
            "inspections.follow_up_not_allowed",
            f"“{ResultCategory(category).label}”的后续处理只能是：{allowed}。",
            field="follow_up",
        )
    findings = (findings or "").strip()
    if rule.findings_required:
        findings = require_reason(findings, "findings", "检查发现的问题（检查结果不是“未发现问题”时）")
    if follow_up == FollowUp.RECTIFY:
        if rectification_due_on is None or recheck_on is None:
            raise DomainError(
                "inspections.rectification_dates", "责令整改须填写整改期限和复查日期。", field="rectification_due_on"
            )
        if rectification_due_on < inspected_on or recheck_on < rectification_due_on:
            raise DomainError(
                "inspections.rectification_order",
                "整改期限不能早于检查日期，复查日期不能早于整改期限。",
                field="recheck_on",
            )
    else:
        rectification_due_on = recheck_on = None
    transfer_to = (transfer_to or "").strip()
    if follow_up == FollowUp.TRANSFER and len(transfer_to) < 2:
        raise DomainError("inspections.transfer_to_required", "移送有关部门须写明接收单位。", field="transfer_to")
    if follow_up != FollowUp.TRANSFER:
        transfer_to = ""
    with transaction.atomic():
        # No revision check: officers record different entities at once; one result per assignment is the guard.
        locked, status = lock_task(assignment.task, "record_result", check_revision=False)
        _check_date(inspected_on, locked, field="inspected_on")
        if assignment.draw.superseded_by_id is not None:
            raise DomainError("inspections.superseded_draw", "该抽取已因更换随机种子而作废。")
        drawn_on = assignment.draw.drawn_at.astimezone(SHANGHAI).date()
        if inspected_on < drawn_on:
            # The entity is inspected because it was drawn: a result dated before the draw states a step that
            # no record shows (the window may open before the draw).
            raise DomainError(
                "inspections.date_before_draw",
                f"检查日期 {inspected_on} 早于该主体被抽中的日期（{drawn_on}）：请按实际检查日期填写。",
                field="inspected_on",
            )
        if InspectionResult.objects.filter(assignment=assignment).exists():
            raise DomainError("inspections.result_exists", "该主体的检查结果已录入。")
        team = {o.pk: o for o in assignment.officers.all()}
        present = {o.pk for o in officers_present}
        if len(present & set(team)) < 2 or not present <= set(team):
            raise DomainError(
                "inspections.officers_present",
                "到场检查人员须为抽中的检查组成员且至少 2 人。",
                field="officers_present",
            )
        invalid = [str(team[pk]) for pk in sorted(present) if not team[pk].certificate_valid_on(inspected_on)]
        if invalid:
            raise DomainError(
                "inspections.certificate_invalid",
                f"{'、'.join(invalid)} 的执法证在 {inspected_on} 无效（已过期或不在岗），不能作为到场检查人员。",
                field="officers_present",
            )
        result = InspectionResult(
            assignment=assignment,
            category=category,
            findings=findings,
            inspected_on=inspected_on,
            follow_up=follow_up,
            rectification_due_on=rectification_due_on,
            recheck_on=recheck_on,
            transfer_to=transfer_to,
            recorded_by=actor,
            recorded_at=now(),
        )
        result.full_clean(exclude=["recorded_by"])
        result.save()
        result.officers_present.set(sorted(present))
        digests = []
        for upload in checked:
            attachment = EvidenceAttachment(
                result=result, name=upload.original_name, sha256=upload.sha256, size=upload.size, uploaded_at=now()
            )
            attachment.file.save(upload.stored_name, upload.content, save=False)
            attachment.save()
            digests.append({"name": upload.original_name, "sha256": upload.sha256})
        result.handover_reference = _hand_over(
            result=result,
            follow_up=follow_up,
            ground=rule.credit_ground,
            description=findings or f"双随机抽查发现问题：{ResultCategory(category).label}",
            on=inspected_on,
            actor=actor,
        )
        if result.handover_reference:
            result.save(update_fields=["handover_reference"])
        if locked.status != status:
            save_task(locked, status)
        audit_record(
            action="inspections.result_record",
            target=result,
            actor=actor,
            changes={
                "task": locked.pk,
                "entity": assignment.entity_id,
                "category": category,
                "inspected_on": inspected_on,
                "officers_present": sorted(present),
                "follow_up": follow_up,
                "rectification_due_on": rectification_due_on,
                "recheck_on": recheck_on,
                "transfer_to": transfer_to,
                "handover_reference": result.handover_reference,
                "attachments": digests,
            },
        )
        return result


def result_recheck(
    *, result: InspectionResult, rechecked_on: dt.date, corrected: bool, findings: str, actor: Any
) -> InspectionResult:
    """复查 of a 责令整改: corrected, or — after the rectification deadline — not corrected, which leads on (未按责令
    期限公示 → 经营异常名录; otherwise a case clue)."""
    require_actor(actor, "inspections.record_result")
    assignment = result.assignment
    require_team_access(actor, assignment)
    text = require_reason(findings, "recheck_findings", "复查情况")
    with transaction.atomic():
        locked_result = InspectionResult.objects.select_for_update().get(pk=result.pk)
        lock_task(assignment.task, "recheck", check_revision=False)
        if locked_result.follow_up != FollowUp.RECTIFY or locked_result.rechecked_on is not None:
            raise DomainError("inspections.nothing_to_recheck", "该检查结果没有待复查的责令整改。")
        today = legal_today()
        if rechecked_on > today or rechecked_on < locked_result.inspected_on:
            raise DomainError(
                "inspections.recheck_date", "复查日期不能晚于今天，也不能早于检查日期。", field="rechecked_on"
            )
        assert locked_result.rectification_due_on is not None
        if not corrected and rechecked_on <= locked_result.rectification_due_on:
            raise DomainError(
                "inspections.recheck_too_early",
                f"整改期限 {locked_result.rectification_due_on} 尚未届满，不能认定逾期未整改。",
                field="rechecked_on",
            )
        locked_result.rechecked_on = rechecked_on
        locked_result.recheck_outcome = RecheckOutcome.CORRECTED if corrected else RecheckOutcome.NOT_CORRECTED
        locked_result.recheck_findings = text
        if not corrected:
            follow_up, ground = RECHECK_FAILURE.get(locked_result.category, RECHECK_FAILURE_DEFAULT)
            locked_result.recheck_reference = _hand_over(
                result=locked_result,
                follow_up=follow_up,
                ground=ground,
                description=f"责令整改逾期未整改（{locked_result.get_category_display()}）：{text}",
                on=rechecked_on,
                actor=actor,
            )
        locked_result.save(update_fields=["rechecked_on", "recheck_outcome", "recheck_findings", "recheck_reference"])
        audit_record(
            action="inspections.result_recheck",
            target=locked_result,
            actor=actor,
            changes={
                "rechecked_on": rechecked_on,
                "outcome": locked_result.recheck_outcome,
                "handover_reference": locked_result.recheck_reference,
            },
        )
        return locked_result


def task_finish(*, task: InspectionTask, on: dt.date, actor: Any) -> InspectionTask:
    """结束检查: every drawn entity has a result; the 20-working-day publicity deadline starts (tracked)."""
    require_actor(actor, "inspections.plan")
    require_task_scope(actor, task)
    with transaction.atomic():
        locked, status = lock_task(task, "finish")
        missing = InspectionAssignment.objects.filter(
            task=locked, draw__superseded_by__isnull=True, draw__staging=False, result__isnull=True
        ).count()
        if missing:
            raise DomainError("inspections.results_missing", f"还有 {missing} 户未录入检查结果，不能结束检查。")
        locked.finished_on = on
        deadline = deadline_services.deadline_open(
            owner=locked, rule_id=PUBLICITY_RULE, start=on, label="抽查结果公示期限"
        )
        locked.publicity_due_on = deadline.due_on
        save_task(locked, status, "finished_on", "publicity_due_on", original=task)
        audit_record(
            action="inspections.task_finish",
            target=locked,
            actor=actor,
            changes={"finished_on": on, "publicity_due_on": locked.publicity_due_on},
        )
        return locked


def task_publish_results(*, task: InspectionTask, on: dt.date, actor: Any) -> InspectionTask:
    """公示结果: the results become public (masked); the tracked deadline is met (late publication is kept)."""
    require_actor(actor, "inspections.plan")
    require_task_scope(actor, task)
    with transaction.atomic():
        locked, status = lock_task(task, "publish_results")
        locked.published_on = on
        save_task(locked, status, "published_on", original=task)
        for deadline in deadline_selectors.deadlines_for(locked):
            if deadline.rule_id == PUBLICITY_RULE and deadline.status == "open":
                deadline_services.deadline_meet(deadline=deadline, on=on)
        late = locked.publicity_due_on is not None and on > locked.publicity_due_on
        audit_record(
            action="inspections.task_publish_results",
            target=locked,
            actor=actor,
            changes={"published_on": on, "due_on": locked.publicity_due_on, "late": late},
        )
        return locked
