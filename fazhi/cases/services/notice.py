"""告知 and the party's rights: 陈述、申辩 (行政处罚法 Arts. 44, 45) and 听证 (Arts. 63–65).

The notice opens the party's periods (5 working days each, Art. 64 (1), Art. 85). The statement phase ends only
when those periods have run out, or when the party waived them in writing (a recorded waiver with its date and the
scanned signature page), or after the hearing — so a decision can never cut a right short (Art. 62). What the
documents say about the party's statements comes from the recorded statements: "当事人未提出陈述、申辩" is written
only when no statement was recorded and the period ran out (or the party waived it).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from fazhi.cases import workflow
from fazhi.cases.choices import (
    ApprovalKind,
    ApprovalStatus,
    DocumentKind,
    StatementAdoption,
    StatementBasis,
    StatementForm,
    WaiverScope,
)
from fazhi.cases.models import Approval, Case, PartyStatement, Waiver
from fazhi.cases.services import discretion as case_discretion
from fazhi.cases.services import documents, progress
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
from fazhi.cases.services.investigation import HANDLING_RULES, sync_handling
from fazhi.core import uploads, validation
from fazhi.core.audit import audit_record
from fazhi.core.errors import DomainError, from_rulebook
from fazhi.deadlines import services as deadline_services
from fazhi.deadlines.models import DeadlineStatus
from fazhi.deadlines.selectors import current_calendar
from fazhi.rulebook.deadlines import compute_deadline
from fazhi.rulebook.errors import RulebookError

E = workflow.Event
S = workflow.State
MAX_SCAN_BYTES = 20 * 1024 * 1024
SCAN_KINDS = ("pdf", "jpeg", "png")  # a signed page, scanned or photographed (in this order in the message)


PROPOSAL_CITATION = "《市场监督管理行政处罚程序规定》第五十六条"


@step
def case_approve_proposal(*, case: Case, on: Any, opinion: Any, actor: Any, revision: Any = None) -> Case:
    """程序规定 Art. 56: after the review, "对于拟给予行政处罚的案件，办案机构应当将案件材料、行政处罚建议及审核意见报
    市场监督管理部门负责人批准，并依法履行告知等程序". The 局负责人 approves (recorded with date and opinion); the
    告知 is refused before. A 负责人 who does not agree decides otherwise (不予处罚) instead."""
    require_case_actor(actor, "cases.decide", case)
    text = require_reason(opinion, "opinion", "审批意见")
    day = step_date(on, case=case, what="批准日期")
    if case.state != S.REVIEWED:
        raise DomainError(
            "cases.transition_forbidden",
            f"案件处于“{S(case.state).label}”状态，审核完毕后方可报负责人批准行政处罚建议",
            state=case.state,
        )
    if progress.proposal_approved(case):
        raise DomainError("cases.proposal_already_approved", "行政处罚建议已经负责人批准，请送达行政处罚告知书")
    with locked_case(case, revision_value=revision) as locked:
        extra = advance_last_step(locked, day)
        save_case(locked, case, extra)
        Approval.objects.create(
            kind=ApprovalKind.PROPOSAL,
            case=case,
            status=ApprovalStatus.APPROVED,
            requested_on=day,
            requested_by=actor,
            proposal=_proposal_text(case),
            decided_on=day,
            decided_by=actor,
            opinion=text,
            citation=PROPOSAL_CITATION,
        )
        audit_record(action="cases.approve_proposal", target=case, actor=actor, changes={"on": day, "opinion": text})
        progress.refresh_next(case)
    return case


@step
def case_refuse_proposal(*, case: Case, on: Any, opinion: Any, actor: Any, revision: Any = None) -> Case:
    """程序规定 Art. 56: the 负责人 does not approve the 行政处罚建议. The refusal is recorded (date, opinion, the proposal
    refused, Art. 56) and the case returns to the 办案机构 (调查取证): the proposal is part of the 调查终结报告
    (Art. 48 (5)), so a new one is a new report that passes 审核 again (Art. 49) before it comes back to the
    负责人. A 负责人 who finds that no penalty is due decides 不予处罚 instead."""
    require_case_actor(actor, "cases.decide", case)
    text = require_reason(opinion, "opinion", "不批准的理由（审批意见）")
    day = step_date(on, case=case, what="审批日期")
    if case.state == S.REVIEWED and progress.proposal_approved(case):
        raise DomainError(
            "cases.proposal_already_approved", "行政处罚建议已经负责人批准，不能再作不批准的审批；请送达行政处罚告知书"
        )
    proposal = _proposal_text(case)
    with transaction.atomic():
        transition(case, E.REFUSE_PROPOSAL, actor=actor, on=day, facts={"opinion": text}, revision_value=revision)
        Approval.objects.create(
            kind=ApprovalKind.PROPOSAL,
            case=case,
            status=ApprovalStatus.REFUSED,
            requested_on=day,
            requested_by=actor,
            proposal=proposal,
            decided_on=day,
            decided_by=actor,
            opinion=text,
            citation=PROPOSAL_CITATION,
        )
        progress.refresh_next(case)
    return case


def _proposal_text(case: Case) -> str:
    penalty = documents.penalty_text(
        fine=case.proposed_fine,
        confiscation=case.proposed_confiscation,
        warning=case.proposed_warning,
        other=case.proposed_other,
    )
    return f"拟给予行政处罚：{penalty}"


@step
def case_notify(*, case: Case, on: Any, actor: Any, revision: Any = None) -> Case:
    """告知: the intended penalty, its facts, reasons and basis, the right to state and defend and, where the
    penalty carries it, to request a hearing within 5 working days (Arts. 44, 63, 64). Issues the numbered
    行政处罚告知书 with what it said. Only after the 负责人 approved the proposal (程序规定 Art. 56)."""
    day = step_date(on, case=case, what="告知书送达日期")
    if case.state == S.REVIEWED and not progress.proposal_approved(case):
        raise DomainError(
            "cases.proposal_not_approved",
            "行政处罚建议尚未经局负责人批准，不能告知（《市场监督管理行政处罚程序规定》第五十六条）：请报局负责人批准",
        )
    violated, provision = documents.legal_basis(case)
    workflow.check_legal_basis(violation_id=case.violation_id, violated=violated, provision=provision)
    findings = case_discretion.hearing_findings(case, on=day)
    # The approval this 告知书 uses (the latest approved proposal): the notice prints who approved, when, and the
    # opinion, from that record (程序规定 Art. 56).
    approval = (
        Approval.objects.filter(case=case, kind=ApprovalKind.PROPOSAL, status=ApprovalStatus.APPROVED)
        .order_by("-decided_on", "-id")
        .first()
    )
    with transaction.atomic():
        transition(
            case,
            E.NOTIFY,
            actor=actor,
            on=day,
            fields={"notified_on": day, "hearing_right": bool(findings)},
            facts={"hearing_grounds": [f.text for f in findings]},
            revision_value=revision,
        )
        statement = deadline_services.deadline_open(
            owner=case, rule_id="case.statement_defence", start=day, label="陈述申辩期限"
        )
        hearing = None
        if findings:
            hearing = deadline_services.deadline_open(
                owner=case, rule_id="case.hearing_request", start=day, label="听证申请期限"
            )
        documents.document_issue(
            case=case,
            kind=DocumentKind.PRIOR_NOTICE,
            on=day,
            actor=actor,
            snapshot={
                **case_discretion.proposal_snapshot(case),
                "violated": violated,
                "provision": provision,
                "facts_text": case.facts_text,
                "tier_label": (case.discretion or {}).get("tier_label", ""),
                "hearing_right": bool(findings),
                "hearing_grounds": [f.text for f in findings],
                "statement_due": statement.due_on.isoformat() if statement.due_on else None,
                "hearing_due": hearing.due_on.isoformat() if hearing is not None and hearing.due_on else None,
                # A due date computed without the year's holiday notice is provisional: the document says so.
                "statement_due_provisional": _provisional_reason(statement),
                "hearing_due_provisional": _provisional_reason(hearing) if hearing is not None else "",
                "proposal_approval_id": approval.pk if approval is not None else None,
            },
        )
        progress.refresh_next(case)
    return case


def _provisional_reason(deadline: Any) -> str:
    if not deadline.provisional:
        return ""
    return deadline.provisional_reason or "相关年份的节假日安排尚未载入，届满日为临时结果"


def _require_notified(case: Case, what: str) -> None:
    if case.state not in (S.NOTIFIED, S.HEARING):
        raise DomainError(
            "cases.transition_forbidden",
            f"案件处于“{S(case.state).label}”状态，不能{what}（告知书送达后、陈述申辩结束前办理）",
            state=case.state,
        )


@step
def case_record_statement(
    *,
    case: Case,
    received_on: Any,
    form: str,
    content: Any,
    adoption: str,
    review: Any,
    actor: Any,
    revision: Any = None,
) -> PartyStatement:
    """One 陈述、申辩 of the party and the bureau's review of it: what was said, adopted or not, and why
    (行政处罚法 Art. 45: hear fully, review, adopt what is valid; never raise the penalty because of it)."""
    require_case_actor(actor, "cases.handle", case)
    _require_notified(case, "登记陈述申辩")
    if form not in StatementForm.values:
        raise DomainError("cases.bad_statement_form", "请选择书面或口头陈述申辩", field="form")
    if adoption not in StatementAdoption.values:
        raise DomainError("cases.bad_adoption", "请选择复核结论：采纳、部分采纳或不予采纳", field="adoption")
    content = require_reason(content, "content", "当事人陈述申辩的事实、理由和证据")
    review = require_reason(review, "review", "复核意见及理由")
    day = step_date(received_on, not_before=case.notified_on, what="收到陈述申辩日期", field="received_on")
    with locked_case(case, revision_value=revision) as locked:
        _require_notified(locked, "登记陈述申辩")
        statement = PartyStatement.objects.create(
            case=locked, received_on=day, form=form, content=content, adoption=adoption, review=review,
            recorded_by=actor,
        )  # fmt: skip
        extra = advance_last_step(locked, day)
        save_case(locked, case, extra)
        audit_record(
            action="cases.record_statement",
            target=case,
            actor=actor,
            changes={"received_on": day, "form": form, "adoption": adoption},
        )
        progress.refresh_next(case)
    return statement


@step
def case_record_waiver(
    *,
    case: Case,
    scope: str,
    signed_on: Any,
    signatory: Any,
    content: bytes,
    filename: str = "",
    actor: Any,
    revision: Any = None,
) -> Waiver:
    """The party's written waiver of the statement and/or hearing rights, dated and with the signed page scanned
    (行政处罚法 Art. 62: no decision without hearing the party, unless the party expressly waived)."""
    require_case_actor(actor, "cases.handle", case)
    _require_notified(case, "登记放弃权利声明")
    if scope not in WaiverScope.values:
        raise DomainError("cases.bad_waiver_scope", "请选择放弃的权利", field="scope")
    if scope in (WaiverScope.HEARING, WaiverScope.ALL) and not case.hearing_right:
        raise DomainError("cases.no_hearing_right", "告知书未告知听证权利，无需登记放弃听证", field="scope")
    signatory = require_reason(signatory, "signatory", "签署人", max_chars=64)
    day = step_date(signed_on, not_before=case.notified_on, what="签署日期", field="signed_on")
    # The one upload check (content, size, type; fazhi.core.uploads): codes cases.waiver_file_empty|_too_large|_type.
    checked = uploads.check_upload(
        (filename or "放弃声明", content or b""), field="file", max_bytes=MAX_SCAN_BYTES, accept=SCAN_KINDS,
        code="cases.waiver_file",
    )  # fmt: skip
    digest = checked.sha256
    with locked_case(case, revision_value=revision) as locked:
        _require_notified(locked, "登记放弃权利声明")
        waiver = Waiver(
            case=locked, scope=scope, signed_on=day, signatory=signatory, sha256=digest, size=checked.size,
            recorded_by=actor,
        )  # fmt: skip
        waiver.file.save(checked.stored_name, checked.content, save=False)
        waiver.save()
        extra = advance_last_step(locked, day)
        save_case(locked, case, extra)
        audit_record(
            action="cases.record_waiver",
            target=case,
            actor=actor,
            changes={"scope": scope, "signed_on": day, "signatory": signatory, "sha256": digest},
        )
        progress.refresh_next(case)
    return waiver


@step
def case_request_hearing(*, case: Case, on: Any, actor: Any, revision: Any = None) -> Case:
    """The party asks for a hearing (only with the right, within 5 working days, Art. 64 (1))."""
    require_case_actor(actor, "cases.handle", case)
    if not case.hearing_right:
        raise DomainError(
            "cases.no_hearing_right",
            "告知书所载拟处罚不属于听证范围（行政处罚法第六十三条），当事人可以陈述、申辩",
        )
    day = step_date(on, case=case, not_before=case.notified_on, what="申请听证日期")
    deadline = progress.open_deadline(case, "case.hearing_request")
    workflow.check_hearing_request(day, due_on=deadline.due_on if deadline else None)
    if case.waivers.filter(scope__in=[WaiverScope.HEARING, WaiverScope.ALL]).exists():
        raise DomainError("cases.hearing_waived", "当事人已书面放弃听证权利", field="on")
    with transaction.atomic():
        transition(
            case, E.REQUEST_HEARING, actor=actor, on=day, fields={"hearing_requested_on": day}, revision_value=revision
        )
        if deadline is not None and deadline.status == DeadlineStatus.OPEN:
            deadline_services.deadline_meet(deadline=deadline, on=day)
        handling = progress.open_deadline(case, HANDLING_RULES)
        if (
            handling is not None
            and handling.status == DeadlineStatus.OPEN
            and handling.suspended_since is None
            and day > handling.start_on
        ):
            # The hearing period is left out of the handling period (程序规定: 听证期间不计入办案期限).
            deadline_services.deadline_suspend(deadline=handling, start=day, reason="听证", kind="hearing")
        sync_handling(case)
        progress.refresh_next(case)
    return case


def latest_hearing_notice(hearing_on: Any) -> Any:
    """The last day the hearing notice may reach the party (7 working days before the hearing)."""
    try:
        due = compute_deadline("case.hearing_notice", hearing_on, calendar=current_calendar()).due
    except RulebookError as exc:
        if exc.code != "calendar.year_not_loaded":
            raise from_rulebook(exc) from exc
        due = compute_deadline("case.hearing_notice", hearing_on, calendar=current_calendar(), provisional=True).due
    assert due is not None
    return due


@step
def case_schedule_hearing(
    *,
    case: Case,
    hearing_on: Any,
    notified_on: Any,
    place: Any,
    host: Any,
    actor: Any,
    revision: Any = None,
) -> Case:
    """听证通知: served at least 7 working days before the hearing (Art. 64 (2)); the host is not one of the
    investigators (Art. 64 (4)). Issues the numbered 听证通知书."""
    require_case_actor(actor, "cases.handle", case)
    if case.state != S.HEARING:
        workflow.target(case.state, E.CONCLUDE_HEARING, case.procedure)
    served = step_date(notified_on, case=case, what="听证通知书送达日期", field="notified_on")
    hearing_day = validation.parse_date(hearing_on, field="hearing_on")
    assert hearing_day is not None
    if hearing_day <= served:
        raise DomainError("cases.hearing_before_notice", "听证日期应晚于听证通知书送达日期", field="hearing_on")
    workflow.check_hearing_notice(served, latest_notice_on=latest_hearing_notice(hearing_day))
    place = require_reason(place, "place", "听证地点", max_chars=200)
    host = require_reason(host, "host", "听证主持人", max_chars=64)
    if host in {o.name for o in case.officers.all()}:
        raise DomainError(
            "cases.host_is_investigator", "听证由非本案调查人员主持（行政处罚法第六十四条第四项），请更换主持人",
            field="host",
        )  # fmt: skip
    with locked_case(case, revision_value=revision) as locked:
        locked.hearing_on, locked.hearing_notified_on = hearing_day, served
        locked.hearing_place, locked.hearing_host = place, host
        extra = advance_last_step(locked, served)
        save_case(locked, case, ["hearing_on", "hearing_notified_on", "hearing_place", "hearing_host", *extra])
        documents.document_issue(
            case=case,
            kind=DocumentKind.HEARING_NOTICE,
            on=served,
            actor=actor,
            snapshot={"hearing_on": hearing_day.isoformat(), "place": place, "host": host},
        )
        audit_record(
            action="cases.schedule_hearing",
            target=case,
            actor=actor,
            changes={"hearing_on": hearing_day, "notified_on": served, "place": place, "host": host},
        )
        progress.refresh_next(case)
    return case


@step
def case_conclude_hearing(*, case: Case, on: Any, summary: Any, actor: Any, revision: Any = None) -> Case:
    """听证结束: the hearing record's opinions and how they were adopted (Art. 65: decide on the hearing record)."""
    summary = require_reason(summary, "summary", "听证意见及采纳情况")
    if case.hearing_on is None:
        raise DomainError("cases.hearing_not_scheduled", "请先安排听证并送达听证通知书")
    day = step_date(on, case=case, not_before=case.hearing_on, what="听证结束日期")
    with transaction.atomic():
        transition(
            case,
            E.CONCLUDE_HEARING,
            actor=actor,
            on=day,
            fields={
                "hearing_held": True,
                "statement_summary": summary,
                "statement_closed_on": day,
                "statement_basis": StatementBasis.HEARING,
            },
            revision_value=revision,
        )
        handling = progress.open_deadline(case, HANDLING_RULES)
        if handling is not None and handling.suspended_since is not None:
            deadline_services.deadline_resume(deadline=handling, end=day)
        sync_handling(case)
        progress.refresh_next(case)
    return case


def statement_summary(case: Case, *, basis: str, statements: list[PartyStatement], waivers: list[Waiver]) -> str:
    """What the decision says about the party's statements — only what the records show."""
    parts = []
    for s in statements:
        parts.append(
            f"当事人于{documents.cn(s.received_on)}{'书面' if s.form == StatementForm.WRITTEN else '口头'}提出陈述、申辩："
            f"{s.content}。经复核，本局认为：{s.review}（{s.get_adoption_display()}）"
        )
    for w in waivers:
        parts.append(f"当事人于{documents.cn(w.signed_on)}书面声明{w.get_scope_display()}（签署人：{w.signatory}）")
    if not statements:
        if basis == StatementBasis.EXPIRED:
            parts.append("当事人在法定期限内未提出陈述、申辩" + ("，亦未要求听证" if case.hearing_right else ""))
    return "；".join(parts)


@step
def case_close_statement(*, case: Case, on: Any, actor: Any, revision: Any = None) -> Case:
    """陈述申辩结束: only when the party's periods have run out, or the party waived them in writing."""
    day = step_date(on, case=case, what="陈述申辩结束日期")
    periods = progress.party_periods(case)
    statement_waived, hearing_waived = progress.waived(case)
    workflow.check_party_periods(
        day,
        statement_due=periods["case.statement_defence"],
        hearing_due=periods["case.hearing_request"] if case.hearing_right else None,
        statement_waived=statement_waived,
        hearing_waived=hearing_waived,
    )
    statements = list(case.statements.all())
    waivers = list(case.waivers.all())
    due_dates = [d for d in periods.values() if d is not None]
    basis = StatementBasis.EXPIRED if due_dates and day > max(due_dates) else StatementBasis.WAIVED
    summary = statement_summary(case, basis=basis, statements=statements, waivers=waivers)
    with transaction.atomic():
        transition(
            case,
            E.CLOSE_STATEMENT,
            actor=actor,
            on=day,
            fields={"statement_summary": summary, "statement_closed_on": day, "statement_basis": basis},
            facts={"statements": len(statements), "waivers": len(waivers)},
            revision_value=revision,
        )
        for rule in progress.PARTY_RULES:
            deadline = progress.open_deadline(case, rule)
            if deadline is not None and deadline.status == DeadlineStatus.OPEN:
                # A party's period ends when it runs out (or on the waiver): never recorded as "late".
                ended = min(day, deadline.due_on) if deadline.due_on is not None else day
                deadline_services.deadline_meet(deadline=deadline, on=max(ended, deadline.start_on))
        progress.refresh_next(case)
    return case
