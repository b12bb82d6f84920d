"""结案 on a 结案审批表 approved by the 局负责人, then 归档.

市场监督管理行政处罚程序规定 Art. 77 (checked against the full text, 2022 amendment): a case under the ordinary
procedure is closed when the decision has been executed, the court ended enforcement, the investigation was
terminated, or a decision of Art. 60 para 1 items 2–5 (no penalty, transfer) was made — the handling unit fills in
the 结案审批表 within 15 working days and the 市场监督管理部门负责人 approves it. The form states the ground as the records show it; before the approval there is no 结案审批表.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from fazhi.cases import workflow
from fazhi.cases.choices import ApprovalKind, ApprovalStatus, DecisionKind, DocumentKind
from fazhi.cases.models import Approval, Case
from fazhi.cases.services import documents, progress
from fazhi.cases.services.common import require_case_actor, require_reason, step, step_date, transition
from fazhi.core.audit import audit_record
from fazhi.core.errors import DomainError
from fazhi.deadlines import services as deadline_services
from fazhi.deadlines.models import DeadlineStatus
from fazhi.file_reviews import selectors as file_review_selectors

E = workflow.Event
S = workflow.State
CLOSING_CITATION = "《市场监督管理行政处罚程序规定》第七十七条"
CLOSING_RULE = "case.closing"


def open_closing_period(case: Case, *, start: Any) -> None:
    """Art. 77: once a ground for closing arises (执行完毕, 终止调查, a 不予处罚 or 移送 decision), the handling
    unit fills in the 结案审批表 within 15 working days — a tracked period from the rulebook (``case.closing``),
    shown on the case page and in the deadline lists. Only the ordinary procedure (incl. 快速办理) closes on a
    结案审批表; a summary-procedure case is archived after execution."""
    if case.procedure == workflow.SUMMARY:
        return
    running = progress.open_deadline(case, CLOSING_RULE)
    if running is not None and running.status == DeadlineStatus.OPEN:
        return
    deadline_services.deadline_open(owner=case, rule_id=CLOSING_RULE, start=start, label="填写结案审批表期限")


def closing_ground(case: Case) -> str:
    """The ground for closing as the records show it (empty when the case may not be closed yet)."""
    state = S(case.state)
    if state is S.EXECUTED:
        return (
            f"行政处罚决定已执行完毕：当事人于{case.paid_on:%Y年%m月%d日}缴纳罚没款{case.paid_amount}元"
            + (f"（含加处罚款{case.surcharge}元）" if case.surcharge else "")
            if case.paid_on
            else "行政处罚决定已执行完毕"
        )
    if state is S.SERVED and not case.money_owed:
        if case.decision_kind == DecisionKind.NO_PENALTY:
            return f"已作出不予行政处罚决定（{case.decision_number}），决定书已于{case.served_on:%Y年%m月%d日}送达"
        return f"行政处罚决定（{case.decision_number}，警告）已于{case.served_on:%Y年%m月%d日}送达，无须执行罚没款"
    if state is S.TRANSFERRED:
        return f"案件已于{case.decided_on:%Y年%m月%d日}移送{case.transferred_to}"
    if state is S.TERMINATED:
        return f"案件终止调查：{case.terminated_reason}"
    return ""


def pending_closing(case: Case) -> Approval | None:
    return Approval.objects.filter(case=case, kind=ApprovalKind.CLOSING, status=ApprovalStatus.PENDING).first()


@step
def case_request_close(*, case: Case, on: Any, proposal: Any, actor: Any, revision: Any = None) -> Approval:
    """The handler fills in the 结案审批表 (the ground from the records, the handler's opinion) for the 局负责人."""
    require_case_actor(actor, "cases.handle", case)
    workflow.check_close(money_owed=case.money_owed and case.state == S.SERVED, executed=False)
    ground = closing_ground(case)
    if not ground:
        raise DomainError(
            "cases.not_closable",
            f"案件处于“{S(case.state).label}”状态，尚无结案事由（执行完毕、不予处罚、移送或终止调查后方可结案）",
        )
    if pending_closing(case) is not None:
        raise DomainError("cases.closing_pending", "结案审批表已提请，正等待局负责人审批")
    opinion = require_reason(proposal, "proposal", "承办人意见")
    day = step_date(on, case=case, what="提请日期")
    with transaction.atomic():
        approval = Approval.objects.create(
            kind=ApprovalKind.CLOSING,
            case=case,
            requested_on=day,
            requested_by=actor,
            proposal=opinion,
            payload={"ground": ground, "state": case.state},
            citation=CLOSING_CITATION,
        )
        period = progress.open_deadline(case, CLOSING_RULE)
        if period is not None and period.status == DeadlineStatus.OPEN:
            # The 结案审批表 is filled in: the Art. 77 period is met (late when after its due date).
            deadline_services.deadline_meet(deadline=period, on=max(day, period.start_on))
        audit_record(action="cases.close_request", target=case, actor=actor, changes={"on": day, "ground": ground})
        progress.refresh_next(case)
    return approval


@step
def case_decide_close(*, case: Case, approve: bool, on: Any, opinion: Any, actor: Any, revision: Any = None) -> Case:
    """The 局负责人 approves (结案, the 结案审批表 is issued) or refuses (the handler completes the case first)."""
    require_case_actor(actor, "cases.decide", case)
    approval = pending_closing(case)
    if approval is None:
        raise DomainError("cases.no_pending_closing", "没有待审批的结案审批表，请先由承办人员提请结案")
    text = require_reason(opinion, "opinion", "审批意见")
    day = step_date(on, case=case, not_before=approval.requested_on, what="审批日期")
    with transaction.atomic():
        approval = Approval.objects.select_for_update().get(pk=approval.pk)
        if approval.status != ApprovalStatus.PENDING:
            raise DomainError("cases.no_pending_closing", "该结案审批表已有审批意见")
        if approve:
            workflow.check_close(money_owed=case.money_owed, executed=case.state == S.EXECUTED or not case.money_owed)
            transition(case, E.CLOSE, actor=actor, on=day, fields={"closed_on": day}, revision_value=revision)
        approval.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REFUSED
        approval.decided_on, approval.decided_by, approval.opinion = day, actor, text
        approval.save(update_fields=["status", "decided_on", "decided_by", "opinion"])
        if approve:
            documents.document_issue(case=case, kind=DocumentKind.CLOSING_APPROVAL, on=day, actor=actor)
        else:
            audit_record(action="cases.close_refused", target=case, actor=actor, changes={"on": day, "opinion": text})
        progress.refresh_next(case)
    return case


@step
def case_archive(*, case: Case, on: Any, actor: Any, revision: Any = None) -> Case:
    """立卷归档 (行政处罚法 Art. 47); a summary-procedure fine must be paid first, and no blocking item of the
    live case-file review (案卷评查, ``fazhi.file_reviews``) may fail — a plain call."""
    day = step_date(on, case=case, what="归档日期")
    if case.procedure == workflow.SUMMARY and case.state == S.RECORDED and case.money_owed:
        raise DomainError("cases.not_executed", "当场处罚的罚款尚未缴纳，请先登记缴款（执行完毕）再归档")
    file_review_selectors.check_archivable(case=case, today=day)
    with transaction.atomic():
        transition(case, E.ARCHIVE, actor=actor, on=day, fields={"archived_on": day}, revision_value=revision)
        progress.refresh_next(case)
    return case
