"""调查取证: designated officers, suspension and resumption, termination, the handling period's extensions, the end
of the investigation and the case review (案件审核).

Who: the 办案机构负责人 (科室负责人) designates the officers (程序规定 Art. 19 para 2); the 局负责人 approves a
suspension (Art. 46), a termination (Art. 47) and every extension of the handling period (90 days; +30 days with
the 负责人's approval; beyond that only by the 负责人's collective discussion, which fixes the length — Art. 64;
行政处罚法 Art. 60); the case review is the 审核机构's (here the section chief; Arts. 49, 52, 55). Article numbers
checked against the full text of the regulation as amended in 2022 (rulebook table samr_penalty_procedure.yaml).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from fazhi.cases import workflow
from fazhi.cases.choices import ApprovalKind, ApprovalStatus
from fazhi.cases.models import Approval, Case
from fazhi.cases.services import closing, progress
from fazhi.cases.services import discretion as case_discretion
from fazhi.cases.services.common import (
    advance_last_step,
    locked_case,
    require_case_actor,
    require_reason,
    save_case,
    step,
    step_date,
    transition,
)
from fazhi.core.audit import audit_record
from fazhi.core.errors import DomainError, from_rulebook
from fazhi.deadlines import services as deadline_services
from fazhi.deadlines.models import DeadlineStatus
from fazhi.rulebook.errors import RulebookError

E = workflow.Event
S = workflow.State
HANDLING_RULES = ("case.handling", "case.fast_track")
HANDLING_CITATION = "《市场监督管理行政处罚程序规定》第六十四条；《行政处罚法》第六十条"
SUSPENSION_CITATION = "《市场监督管理行政处罚程序规定》第四十六条"
TERMINATION_CITATION = "《市场监督管理行政处罚程序规定》第四十七条"


def sync_handling(case: Case) -> None:
    deadline = progress.open_deadline(case, HANDLING_RULES)
    if deadline is not None:
        deadline.refresh_from_db()
        Case.objects.filter(pk=case.pk).update(handling_due_on=deadline.due_on)
        case.handling_due_on = deadline.due_on


def finish_handling(case: Case, on: Any) -> None:
    """The handling period is met by the decision (or the transfer, or the termination)."""
    deadline = progress.open_deadline(case, HANDLING_RULES)
    if deadline is not None and deadline.status == DeadlineStatus.OPEN:
        if deadline.suspended_since is not None:
            deadline_services.deadline_resume(deadline=deadline, end=max(on, deadline.suspended_since))
        deadline_services.deadline_meet(deadline=deadline, on=max(on, deadline.start_on))


@step
def case_assign_officers(
    *,
    case: Case,
    officers: list[Any],
    on: Any,
    recused: tuple[int, ...] = (),
    actor: Any,
    revision: Any = None,
) -> Case:
    """The 办案机构负责人 designates two or more certificated officers (程序规定 Art. 19; 行政处罚法 Arts. 42, 43)."""
    require_case_actor(actor, "cases.approve", case)
    day = step_date(on, case=case, what="指定日期")
    workflow.check_investigators(
        [workflow.Investigator(o.name, o.certificate_expires_on, o.active, o.pk in set(recused)) for o in officers],
        on=day,
    )
    strangers = [o.name for o in officers if o.department_id != case.department_id]
    if strangers:
        raise DomainError(
            "cases.officer_other_department",
            f"{'、'.join(strangers)} 不属于本案承办部门，请指定本部门的执法人员",
            field="officers",
        )
    with locked_case(case, revision_value=revision) as locked:
        if locked.state not in {S.INVESTIGATING, S.SUSPENDED}:
            raise DomainError(
                "cases.transition_forbidden",
                f"案件处于“{S(locked.state).label}”状态，不能再指定办案人员",
                state=locked.state,
            )
        locked.officers.set(officers)
        locked.officers_assigned_by, locked.officers_assigned_on = actor, day
        extra = advance_last_step(locked, day)
        save_case(locked, case, ["officers_assigned_by", "officers_assigned_on", *extra])
        audit_record(
            action="cases.assign_officers",
            target=case,
            actor=actor,
            changes={"on": day, "officers": [f"{o.name}（{o.certificate_number}）" for o in officers]},
        )
        progress.refresh_next(case)
    return case


@step
def case_suspend(
    *, case: Case, on: Any, reason: Any, kind: str = "suspension", actor: Any, revision: Any = None
) -> Case:
    """中止调查 with the 局负责人's approval (程序规定 Art. 46): the handling clock stops (suspension / testing /
    public notice are excluded periods, Art. 64 para 2). The approval is recorded like a termination's."""
    reason = require_reason(reason, "reason", "中止理由")
    day = step_date(on, case=case, what="中止日期")
    with transaction.atomic():
        transition(
            case, E.SUSPEND, actor=actor, on=day, facts={"reason": reason, "kind": kind}, revision_value=revision
        )
        Approval.objects.create(
            kind=ApprovalKind.SUSPENSION,
            case=case,
            status=ApprovalStatus.APPROVED,
            requested_on=day,
            requested_by=actor,
            proposal=reason,
            decided_on=day,
            decided_by=actor,
            opinion="同意中止调查",
            citation=SUSPENSION_CITATION,
        )
        deadline = progress.open_deadline(case, HANDLING_RULES)
        if deadline is not None and deadline.status == DeadlineStatus.OPEN:
            deadline_services.deadline_suspend(deadline=deadline, start=day, reason=reason, kind=kind)
        sync_handling(case)
        progress.refresh_next(case)
    return case


@step
def case_resume(*, case: Case, on: Any, actor: Any, revision: Any = None) -> Case:
    """恢复调查: ``on`` is the last excluded day; the due date is recomputed."""
    day = step_date(on, case=case, what="恢复日期")
    with transaction.atomic():
        transition(case, E.RESUME, actor=actor, on=day, revision_value=revision)
        deadline = progress.open_deadline(case, HANDLING_RULES)
        if deadline is not None and deadline.suspended_since is not None:
            deadline_services.deadline_resume(deadline=deadline, end=day)
        sync_handling(case)
        progress.refresh_next(case)
    return case


@step
def case_terminate(*, case: Case, on: Any, reason: Any, actor: Any, revision: Any = None) -> Case:
    """终止调查 with the 局负责人's approval (e.g. the party died or dissolved with no successor); the case is then
    closed on a 结案审批表 like any other."""
    reason = require_reason(reason, "reason", "终止调查理由")
    day = step_date(on, case=case, what="终止日期")
    with transaction.atomic():
        transition(
            case,
            E.TERMINATE,
            actor=actor,
            on=day,
            fields={"terminated_reason": reason},
            revision_value=revision,
        )
        Approval.objects.create(
            kind=ApprovalKind.TERMINATION,
            case=case,
            status=ApprovalStatus.APPROVED,
            requested_on=day,
            requested_by=actor,
            proposal=reason,
            decided_on=day,
            decided_by=actor,
            opinion="同意终止调查",
            citation=TERMINATION_CITATION,
        )
        finish_handling(case, day)
        closing.open_closing_period(case, start=day)  # 案件终止调查 (程序规定 Art. 77 (3))
        progress.refresh_next(case)
    return case


@step
def case_extend_handling(
    *,
    case: Case,
    on: Any,
    reason: Any,
    actor: Any,
    extension_id: str = "head_approval",
    days: Any = None,
    revision: Any = None,
) -> Case:
    """延长办案期限 by the 局负责人: once by 30 days; further only as decided by a recorded collective discussion of
    the 负责人, with the number of days it fixed — and only while the period runs."""
    require_case_actor(actor, "cases.decide", case)
    reason = require_reason(reason, "reason", "延长理由（案情复杂或者其他原因）")
    day = step_date(on, case=case, what="批准日期")
    if extension_id not in ("head_approval", "collective_discussion"):
        raise DomainError("cases.bad_extension", "请选择负责人批准延长或集体讨论决定延长", field="extension_id")
    length: int | None = None
    if extension_id == "collective_discussion":
        discussion = case.discussions.filter(extension_days__isnull=False).order_by("-held_on", "-id").first()
        if discussion is None:
            raise DomainError(
                "cases.discussion_extension_required",
                "再次延长须经负责人集体讨论决定并确定延长天数，请先记录集体讨论",
                field="extension_id",
            )
        length = discussion.extension_days
        if days not in (None, "") and str(days) != str(length):
            raise DomainError(
                "cases.extension_days_mismatch",
                f"延长天数应为集体讨论确定的 {length} 日",
                field="days",
            )
    with locked_case(case, revision_value=revision) as locked:
        if locked.state not in workflow.OPEN_STATES:
            raise DomainError("cases.not_open", "案件已作出决定或已结束，无需延长办案期限")
        deadline = progress.open_deadline(locked, HANDLING_RULES)
        if deadline is None or deadline.status != DeadlineStatus.OPEN:
            raise DomainError("cases.no_handling_deadline", "本案没有正在计算的办案期限")
        if deadline.due_on is not None and day > deadline.due_on:
            raise DomainError(
                "cases.extension_after_expiry",
                f"办案期限已于 {deadline.due_on:%Y-%m-%d} 届满，延长应在期限届满前批准",
                field="on",
            )
        used = [e["id"] for e in deadline.extensions]
        if extension_id == "head_approval" and "head_approval" in used:
            raise DomainError("cases.already_extended", "负责人批准延长只能一次，再延长须经负责人集体讨论决定")
        if extension_id == "collective_discussion" and "head_approval" not in used:
            raise DomainError(
                "cases.head_extension_first",
                "经负责人批准延长三十日后仍不能作出决定的，才由负责人集体讨论决定继续延长",
                field="extension_id",
            )
        try:
            deadline_services.deadline_extend(
                deadline=deadline, extension_id=extension_id, approved_by=actor, length=length
            )
        except RulebookError as exc:
            raise from_rulebook(exc) from exc
        Approval.objects.create(
            kind=ApprovalKind.HANDLING_EXTENSION,
            case=locked,
            status=ApprovalStatus.APPROVED,
            requested_on=day,
            requested_by=actor,
            proposal=reason,
            decided_on=day,
            decided_by=actor,
            opinion="同意延长三十日" if extension_id == "head_approval" else f"经集体讨论，同意延长 {length} 日",
            payload={"extension_id": extension_id, "days": length},
            citation=HANDLING_CITATION,
        )
        extra = advance_last_step(locked, day)
        save_case(locked, case, extra)
        sync_handling(case)
        audit_record(
            action="cases.extend_handling",
            target=case,
            actor=actor,
            changes={"on": day, "extension": extension_id, "days": length, "due_on": case.handling_due_on},
        )
        progress.refresh_next(case)
    return case


@step
def case_submit_review(*, case: Case, on: Any, actor: Any, revision: Any = None) -> Case:
    """调查终结: two designated officers, recorded evidence and a proposal (penalty or no penalty)."""
    day = step_date(on, case=case, what="调查终结日期")
    if case.officers.count() < 2:
        raise DomainError(
            "cases.two_officers_required", "调查取证应当由两名以上持有效执法证的执法人员进行，请科室负责人先指定"
        )
    if not case.evidence.exists():
        raise DomainError(
            "cases.evidence_required", "尚未登记任何证据，调查终结前请在证据清单中登记取得的证据（书证、笔录等）"
        )
    if not (
        case.proposed_fine
        or case.proposed_confiscation
        or case.proposed_warning
        or case.proposed_other
        or case.exemption
    ):
        raise DomainError("cases.proposal_required", "请先提出处理建议（拟处罚或适用免罚清单不予处罚）")
    with transaction.atomic():
        transition(case, E.SUBMIT_REVIEW, actor=actor, on=day, revision_value=revision)
        progress.refresh_next(case)
    return case


@step
def case_return_investigation(*, case: Case, on: Any, reason: Any, actor: Any, revision: Any = None) -> Case:
    reason = require_reason(reason, "reason", "退回理由")
    day = step_date(on, case=case, what="退回日期")
    with transaction.atomic():
        transition(case, E.RETURN_INVESTIGATION, actor=actor, on=day, facts={"reason": reason}, revision_value=revision)
        progress.refresh_next(case)
    return case


@step
def case_review_pass(*, case: Case, on: Any, actor: Any, revision: Any = None) -> Case:
    """案件审核通过. When legal review is required for the proposal it must go through 法制审核 first."""
    day = step_date(on, case=case, what="审核日期")
    criteria = case_discretion.review_criteria(case, on=day)
    if criteria and not case_discretion.approved_review(case):
        raise DomainError(
            "cases.legal_review_required",
            f"本案处罚建议须经法制审核（{'；'.join(f.text for f in criteria)}），请由承办人员提交法制审核",
        )
    with transaction.atomic():
        transition(case, E.CASE_REVIEW_PASS, actor=actor, on=day, revision_value=revision)
        progress.refresh_next(case)
    return case
