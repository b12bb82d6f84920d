"""One service per legal step of the ordinary procedure (state table in ``fazhi.cases.workflow``).

Every service: keyword-only arguments, one transaction, the case row locked with a revision check, the transition
taken from the pure table, an audit event on the case (the timeline reads them).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from fazhi.cases import workflow
from fazhi.cases.choices import DecisionKind, DocumentKind, Procedure, ReviewOpinion, ReviewStage
from fazhi.cases.models import Case, CollectiveDiscussion, LegalReview
from fazhi.cases.services import discretion as case_discretion
from fazhi.cases.services.common import lock_case, require_reason, rulebook_error, save_case, transition
from fazhi.core.audit import audit_record
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError, PermissionDenied
from fazhi.core.roles import user_can
from fazhi.deadlines import services as deadline_services
from fazhi.deadlines.models import DeadlineStatus, TrackedDeadline
from fazhi.deadlines.selectors import current_calendar
from fazhi.file_reviews import selectors as file_review_selectors
from fazhi.rulebook import discretion as engine
from fazhi.rulebook import penalties
from fazhi.rulebook.deadlines import compute_deadline
from fazhi.rulebook.errors import RulebookError

E = workflow.Event
HANDLING_RULES = ("case.handling", "case.fast_track")


def _deadline(case: Case, rule_ids: tuple[str, ...] | str) -> TrackedDeadline | None:
    ids = (rule_ids,) if isinstance(rule_ids, str) else rule_ids
    return (
        TrackedDeadline.objects.filter(owner_type="cases.case", owner_id=str(case.pk), rule_id__in=ids)
        .exclude(status=DeadlineStatus.CANCELLED)
        .order_by("-id")
        .first()
    )


def _sync_handling(case: Case) -> None:
    deadline = _deadline(case, HANDLING_RULES)
    if deadline is not None:
        deadline.refresh_from_db()
        Case.objects.filter(pk=case.pk).update(handling_due_on=deadline.due_on)
        case.handling_due_on = deadline.due_on


def _perm(user: Any, permission: str) -> None:
    if not user_can(user, permission):
        raise PermissionDenied(permission)


# ------------------------------------------------------------------------------------------- investigation


def case_assign_officers(
    *, case: Case, officers: list[Any], on: dt.date, recused: tuple[int, ...] = (), actor: Any
) -> Case:
    """At least two officers with valid certificates; recused officers refused (行政处罚法 Art. 42, 43)."""
    workflow.check_investigators(
        [workflow.Investigator(o.name, o.certificate_expires_on, o.active, o.pk in set(recused)) for o in officers],
        on=on,
    )
    with transaction.atomic():
        locked = lock_case(case)
        if locked.state not in {workflow.State.INVESTIGATING, workflow.State.SUSPENDED}:
            raise DomainError(
                "cases.transition_forbidden",
                f"案件处于“{workflow.State(locked.state).label}”状态，不能再指派调查人员",
                state=locked.state,
            )
        locked.officers.set(officers)
        save_case(locked, case, [])
        audit_record(
            action="cases.assign_officers",
            target=case,
            actor=actor,
            changes={"officers": [f"{o.name}（{o.certificate_number}）" for o in officers]},
        )
    return case


def case_suspend(*, case: Case, on: dt.date, reason: str, kind: str = "suspension", actor: Any) -> Case:
    """中止调查: the handling clock stops (suspension / testing / public notice are excluded periods)."""
    reason = require_reason(reason, "reason", "中止理由")
    with transaction.atomic():
        transition(case, E.SUSPEND, actor=actor, facts={"on": on, "reason": reason, "kind": kind})
        deadline = _deadline(case, HANDLING_RULES)
        if deadline is not None:
            deadline_services.deadline_suspend(deadline=deadline, start=on, reason=reason, kind=kind)
        _sync_handling(case)
    return case


def case_resume(*, case: Case, on: dt.date, actor: Any) -> Case:
    """恢复调查: ``on`` is the last excluded day; the due date is recomputed."""
    with transaction.atomic():
        transition(case, E.RESUME, actor=actor, facts={"on": on})
        deadline = _deadline(case, HANDLING_RULES)
        if deadline is not None and deadline.suspended_since is not None:
            deadline_services.deadline_resume(deadline=deadline, end=on)
        _sync_handling(case)
    return case


def case_extend_handling(
    *, case: Case, approved_by: Any, extension_id: str = "head_approval", days: int | None = None
) -> Case:
    """+30 days with the head's approval; further only by collective discussion with a fixed number of days."""
    if extension_id == "collective_discussion":
        if not case.discussions.filter(extension_days__isnull=False).exists() or not days:
            raise DomainError(
                "cases.discussion_extension_required",
                "再次延长须经集体讨论并确定延长天数，请先记录集体讨论",
                field="days",
            )
    with transaction.atomic():
        locked = lock_case(case)
        if locked.state not in workflow.OPEN_STATES:
            raise DomainError("cases.not_open", "案件已作出决定或已结束，无需延长办案期限")
        deadline = _deadline(locked, HANDLING_RULES)
        if deadline is None:
            raise DomainError("cases.no_handling_deadline", "本案没有办案期限")
        if any(e["id"] == extension_id for e in deadline.extensions) and extension_id == "head_approval":
            raise DomainError("cases.already_extended", "负责人批准延长只能一次，再延长须集体讨论")
        try:
            deadline_services.deadline_extend(
                deadline=deadline, extension_id=extension_id, approved_by=approved_by, length=days
            )
        except RulebookError as exc:
            raise rulebook_error(exc) from exc
        save_case(locked, case, [])
        _sync_handling(case)
        audit_record(
            action="cases.extend_handling",
            target=case,
            actor=approved_by,
            changes={"extension": extension_id, "days": days, "due_on": case.handling_due_on},
        )
    return case


def case_terminate(*, case: Case, on: dt.date, reason: str, actor: Any) -> Case:
    """终止调查 (e.g. the party died or dissolved with no successor; facts do not establish a violation)."""
    reason = require_reason(reason, "reason", "终止调查理由")
    with transaction.atomic():
        transition(case, E.TERMINATE, actor=actor, fields={"terminated_reason": reason, "closed_on": on})
        _finish_handling(case, on)
    return case


def _finish_handling(case: Case, on: dt.date) -> None:
    deadline = _deadline(case, HANDLING_RULES)
    if deadline is not None and deadline.status == DeadlineStatus.OPEN:
        if deadline.suspended_since is not None:
            deadline_services.deadline_resume(deadline=deadline, end=max(on, deadline.suspended_since))
        deadline_services.deadline_meet(deadline=deadline, on=on)


def case_submit_review(*, case: Case, actor: Any) -> Case:
    """调查终结: needs two certificated officers and a proposal."""
    if case.officers.count() < 2:
        raise DomainError("cases.two_officers_required", "调查取证应当由两名以上持有效执法证的执法人员进行，请先指派")
    if not (
        case.proposed_fine
        or case.proposed_confiscation
        or case.proposed_warning
        or case.proposed_other
        or case.exemption
    ):
        raise DomainError("cases.proposal_required", "请先提出处理建议（拟处罚或不予处罚）")
    return transition(case, E.SUBMIT_REVIEW, actor=actor)


def case_return_investigation(*, case: Case, reason: str, actor: Any) -> Case:
    reason = require_reason(reason, "reason", "退回理由")
    return transition(case, E.RETURN_INVESTIGATION, actor=actor, facts={"reason": reason})


def case_review_pass(*, case: Case, on: dt.date, actor: Any) -> Case:
    """案件审核通过. When legal review is required for the proposal it must go through 法制审核 first."""
    _perm(actor, "cases.approve")
    if (
        case.state == workflow.State.CASE_REVIEW
        and case_discretion.review_criteria(case, on=on)
        and not _approved(case)
    ):
        raise DomainError("cases.legal_review_required", "本案处罚建议须经法制审核，请提交法制审核")
    return transition(case, E.CASE_REVIEW_PASS, actor=actor, facts={"on": on})


# ------------------------------------------------------------------------------------------- legal review


def case_request_legal_review(*, case: Case, on: dt.date, actor: Any) -> LegalReview:
    """Submit the current proposal for 法制审核 (criteria from the rulebook recorded with it)."""
    criteria = case_discretion.review_criteria(case, on=on)
    stage = ReviewStage.BEFORE_NOTICE if case.state == workflow.State.CASE_REVIEW else ReviewStage.BEFORE_DECISION
    with transaction.atomic():
        transition(case, E.REQUEST_LEGAL_REVIEW, actor=actor, facts={"criteria": [f.text for f in criteria]})
        review = LegalReview.objects.create(
            case=case,
            stage=stage,
            criteria=[
                {"code": f.code, "text": f.text, "citation": str(f.citation), "status": f.status.value}
                for f in criteria
            ],
            proposal=case_discretion.proposal_snapshot(case),
            requested_on=on,
            requested_by=actor,
        )
    return review


def legal_review_record(*, case: Case, opinion: str, text: str, on: dt.date, reviewer: Any) -> LegalReview:
    """The legal reviewer's opinion: 同意 / 补充调查 / 修改意见 (kept in the register)."""
    if not user_can(reviewer, "cases.legal_review"):
        raise DomainError("cases.reviewer_role_required", "只有法制审核人员可以作出法制审核意见")
    if opinion not in ReviewOpinion.values:
        raise DomainError("cases.bad_opinion", "请选择审核意见：同意、补充调查或修改意见", field="opinion")
    if opinion != ReviewOpinion.AGREE:
        require_reason(text, "text", "审核意见说明")
    event = {
        ReviewOpinion.AGREE: E.LEGAL_REVIEW_APPROVE,
        ReviewOpinion.SUPPLEMENTARY_INVESTIGATION: E.LEGAL_REVIEW_RETURN,
        ReviewOpinion.AMEND: E.LEGAL_REVIEW_AMEND,
    }[ReviewOpinion(opinion)]
    with transaction.atomic():
        review = (
            LegalReview.objects.select_for_update().filter(case=case, reviewed_on__isnull=True).order_by("-id").first()
        )
        if review is None:
            raise DomainError("cases.no_pending_review", "本案没有待审核的法制审核申请")
        transition(case, event, actor=reviewer, facts={"opinion": opinion, "text": text})
        review.reviewer, review.reviewed_on, review.opinion, review.opinion_text = reviewer, on, opinion, text
        review.save(update_fields=["reviewer", "reviewed_on", "opinion", "opinion_text"])
    return review


def _approved(case: Case) -> bool:
    """An approved review whose proposal is the current one (a changed proposal needs a new review)."""
    snapshot = case_discretion.proposal_snapshot(case)
    return any(r.proposal == snapshot for r in case.legal_reviews.filter(opinion=ReviewOpinion.AGREE).only("proposal"))


# ------------------------------------------------------------------------------------------- notice, hearing


def case_notify(*, case: Case, on: dt.date, actor: Any) -> Case:
    """告知: prior notice of the intended penalty with the right to state and defend and, where the penalty
    triggers it, to request a hearing within 5 working days (Art. 44, 63, 64)."""
    findings = case_discretion.hearing_findings(case, on=on)
    with transaction.atomic():
        transition(
            case,
            E.NOTIFY,
            actor=actor,
            fields={"notified_on": on, "hearing_right": bool(findings)},
            facts={"hearing_grounds": [f.text for f in findings]},
        )
        deadline_services.deadline_open(owner=case, rule_id="case.statement_defence", start=on, label="陈述申辩期限")
        if findings:
            deadline_services.deadline_open(owner=case, rule_id="case.hearing_request", start=on, label="听证申请期限")
    return case


def case_request_hearing(*, case: Case, on: dt.date, actor: Any) -> Case:
    """The party asks for a hearing (only with the right, within 5 working days)."""
    if not case.hearing_right:
        raise DomainError("cases.no_hearing_right", "拟作出的处罚不属于听证范围，当事人可以陈述申辩")
    deadline = _deadline(case, "case.hearing_request")
    workflow.check_hearing_request(on, due_on=deadline.due_on if deadline else None)
    with transaction.atomic():
        transition(case, E.REQUEST_HEARING, actor=actor, fields={"hearing_requested_on": on})
        if deadline is not None and deadline.status == DeadlineStatus.OPEN:
            deadline_services.deadline_meet(deadline=deadline, on=on)
        handling = _deadline(case, HANDLING_RULES)
        if handling is not None and handling.status == DeadlineStatus.OPEN and handling.suspended_since is None:
            # The hearing period is left out of the handling period (市场监管程序规定: 听证期间不计入).
            deadline_services.deadline_suspend(deadline=handling, start=on, reason="听证", kind="hearing")
        _sync_handling(case)
    return case


def latest_hearing_notice(hearing_on: dt.date) -> dt.date:
    """The last day the hearing notice may reach the party (7 working days before the hearing)."""
    try:
        due = compute_deadline("case.hearing_notice", hearing_on, calendar=current_calendar()).due
    except RulebookError as exc:
        if exc.code != "calendar.year_not_loaded":
            raise rulebook_error(exc) from exc
        due = compute_deadline("case.hearing_notice", hearing_on, calendar=current_calendar(), provisional=True).due
    assert due is not None
    return due


def case_schedule_hearing(*, case: Case, hearing_on: dt.date, notified_on: dt.date, actor: Any) -> Case:
    """听证通知: served at least 7 working days before the hearing (Art. 64 (2))."""
    if case.state != workflow.State.HEARING:
        workflow.target(case.state, E.CONCLUDE_HEARING)
    workflow.check_hearing_notice(notified_on, latest_notice_on=latest_hearing_notice(hearing_on))
    with transaction.atomic():
        locked = lock_case(case)
        locked.hearing_on, locked.hearing_notified_on = hearing_on, notified_on
        save_case(locked, case, ["hearing_on", "hearing_notified_on"])
        audit_record(
            action="cases.schedule_hearing",
            target=case,
            actor=actor,
            changes={"hearing_on": hearing_on, "notified_on": notified_on},
        )
    return case


def case_conclude_hearing(*, case: Case, on: dt.date, summary: str, actor: Any) -> Case:
    summary = require_reason(summary, "summary", "听证意见及采纳情况")
    if case.hearing_on is None:
        raise DomainError("cases.hearing_not_scheduled", "请先安排听证并送达听证通知书")
    with transaction.atomic():
        transition(case, E.CONCLUDE_HEARING, actor=actor, fields={"hearing_held": True, "statement_summary": summary})
        handling = _deadline(case, HANDLING_RULES)
        if handling is not None and handling.suspended_since is not None:
            deadline_services.deadline_resume(deadline=handling, end=on)
        _sync_handling(case)
    return case


def case_close_statement(*, case: Case, on: dt.date, summary: str = "", actor: Any) -> Case:
    """陈述申辩结束 (statements heard and answered, or the period passed / the party waived)."""
    with transaction.atomic():
        transition(
            case,
            E.CLOSE_STATEMENT,
            actor=actor,
            fields={"statement_summary": summary.strip() or "当事人未提出陈述申辩"},
        )
        for rule in ("case.statement_defence", "case.hearing_request"):
            deadline = _deadline(case, rule)
            if deadline is not None and deadline.status == DeadlineStatus.OPEN:
                deadline_services.deadline_meet(deadline=deadline, on=max(on, deadline.start_on))
    return case


def collective_discussion_record(
    *,
    case: Case,
    held_on: dt.date,
    attendees: str,
    opinions: str,
    conclusion: str,
    extension_days: int | None = None,
    actor: Any,
) -> CollectiveDiscussion:
    """负责人集体讨论 with attendees, opinions and conclusion (Art. 57 para 2)."""
    for value, name, what in (
        (attendees, "attendees", "参加人员"),
        (opinions, "opinions", "讨论意见"),
        (conclusion, "conclusion", "结论"),
    ):
        require_reason(value, name, what)
    with transaction.atomic():
        locked = lock_case(case)
        save_case(locked, case, [])
        discussion = CollectiveDiscussion.objects.create(
            case=case,
            held_on=held_on,
            attendees=attendees,
            opinions=opinions,
            conclusion=conclusion,
            extension_days=extension_days,
            recorded_by=actor,
        )
        audit_record(
            action="cases.collective_discussion",
            target=case,
            actor=actor,
            changes={
                "held_on": held_on,
                "attendees": attendees,
                "conclusion": conclusion,
                "extension_days": extension_days,
            },
        )
    return discussion


# ------------------------------------------------------------------------------------------- decision


def decision_gate(case: Case, *, on: dt.date) -> None:
    """The hard gate: legal review approved for this very proposal where required; discussion where required."""
    criteria = case_discretion.review_criteria(case, on=on)
    workflow.check_decision_gate(
        review_required=[f.text for f in criteria],
        review_approved=_approved(case),
        discussion_required=case.discussion_required,
        discussion_recorded=case.discussions.exists(),
    )


def case_decide(*, case: Case, on: dt.date, reasoning: str, actor: Any, kind: str = DecisionKind.PENALTY) -> Case:
    """行政处罚决定 / 不予行政处罚决定: gate, number (in the same transaction), publicity, credit hand-over."""
    from fazhi.cases.services import documents, publicity

    _perm(actor, "cases.decide")
    reasoning = require_reason(reasoning, "reasoning", "处罚理由及依据")
    if kind not in (DecisionKind.PENALTY, DecisionKind.NO_PENALTY):
        raise DomainError("cases.bad_decision_kind", "请选择处罚或不予处罚", field="kind")
    penalty = kind == DecisionKind.PENALTY
    if penalty:
        decision_gate(case, on=on)
        if case.exemption and not case.exemption.get("discretionary", True):
            raise DomainError("discretion.penalty_not_permitted", "本案符合轻微违法免罚清单，依法应当不予处罚")
    elif case.proposed_fine or case.proposed_confiscation:
        decision_gate(case, on=on)
    with transaction.atomic():
        workflow.check_step_date(on, not_before=case.notified_on or case.filed_on, today=legal_today(), what="决定日期")
        fields: dict[str, Any] = {
            "decision_kind": kind,
            "decided_on": on,
            "decided_by": actor,
            "decision_reasoning": reasoning,
            "fine": case.proposed_fine if penalty else Decimal("0"),
            "confiscation": case.proposed_confiscation if penalty else Decimal("0"),
            "warning": case.proposed_warning if penalty else False,
        }
        transition(case, E.DECIDE_PENALTY if penalty else E.DECIDE_NO_PENALTY, actor=actor, fields=fields)
        doc_kind = DocumentKind.PENALTY_DECISION if penalty else DocumentKind.NO_PENALTY_DECISION
        doc = documents.document_issue(case=case, kind=doc_kind, on=on, actor=actor)
        Case.objects.filter(pk=case.pk).update(decision_number=doc.number)
        case.decision_number = doc.number
        _finish_handling(case, on)
        if penalty:
            publicity.publication_open(case=case, actor=actor)
            publicity.serious_list_hand_over(case=case, actor=actor)
    return case


def case_transfer(*, case: Case, on: dt.date, to: str, reason: str, actor: Any) -> Case:
    """移送司法机关 (suspected crime, 行政处罚法 Art. 27)."""
    to, reason = require_reason(to, "to", "移送机关"), require_reason(reason, "reason", "移送理由")
    with transaction.atomic():
        transition(
            case,
            E.TRANSFER,
            actor=actor,
            fields={
                "decision_kind": DecisionKind.TRANSFER,
                "decided_on": on,
                "transferred_to": to,
                "decision_reasoning": reason,
                "decided_by": actor,
            },
        )
        _finish_handling(case, on)
    return case


def case_serve(*, case: Case, on: dt.date, actor: Any) -> Case:
    """送达 the decision; a fine is payable within 15 days of receipt (Art. 67)."""
    if on < (case.decided_on or on):
        raise DomainError("cases.date_before_previous_step", "送达日期不能早于决定日期", field="on")
    with transaction.atomic():
        payment_due = None
        if case.fine + case.confiscation > 0:
            deadline = deadline_services.deadline_open(
                owner=case, rule_id="case.payment", start=on, label="缴纳罚没款期限"
            )
            payment_due = deadline.due_on
        transition(case, E.SERVE, actor=actor, fields={"served_on": on, "payment_due_on": payment_due})
    return case


def case_arrange_payment(
    *,
    case: Case,
    kind: str,
    until: dt.date | None = None,
    instalments: list[dict[str, Any]] | None = None,
    approved_by: Any,
    applied_on: dt.date | None = None,
) -> Case:
    """暂缓或者分期缴纳 on the party's application, with approval (Art. 66 para 2).

    ``instalments`` is ``[{"due_on": date, "amount": Decimal}, …]``; the amounts must add up to the fine plus
    confiscation and the last instalment becomes the payment date (加处罚款 runs from there, Art. 72).
    """
    if kind not in ("deferral", "instalments"):
        raise DomainError("cases.bad_arrangement", "请选择暂缓缴纳或分期缴纳", field="kind")
    if kind == "deferral" and until is None:
        raise DomainError("cases.bad_arrangement", "请填写暂缓缴纳至的日期", field="until")
    if kind == "instalments" and not instalments:
        raise DomainError("cases.bad_arrangement", "请填写分期计划", field="instalments")
    schedule: list[dict[str, str]] = []
    if kind == "instalments":
        assert instalments is not None
        total = Decimal("0")
        previous: dt.date | None = None
        for row in instalments:
            amount = case_discretion._money(row.get("amount"), "instalments")
            due = row.get("due_on")
            if not isinstance(due, dt.date) or amount <= 0:
                raise DomainError("cases.bad_arrangement", "每一期都要有缴纳日期和大于零的金额", field="instalments")
            if previous is not None and due <= previous:
                raise DomainError("cases.bad_arrangement", "分期日期须逐期推后", field="instalments")
            previous, total = due, total + amount
            schedule.append({"due_on": due.isoformat(), "amount": str(amount)})
        owed = case.fine + case.confiscation
        if total != owed:
            raise DomainError(
                "cases.bad_arrangement",
                f"分期金额合计 {total} 元，应等于罚没款 {owed} 元",
                field="instalments",
            )
        until = previous
    if applied_on is not None and case.served_on is not None and applied_on < case.served_on:
        raise DomainError("cases.date_before_previous_step", "申请日期不能早于决定书送达日期", field="applied_on")
    if until is not None and case.payment_due_on is not None and until <= case.payment_due_on:
        raise DomainError(
            "cases.bad_arrangement",
            f"暂缓或分期后的缴纳日期应晚于原缴款期限 {case.payment_due_on}",
            field="until" if kind == "deferral" else "instalments",
        )
    with transaction.atomic():
        locked = lock_case(case)
        if locked.state != workflow.State.SERVED:
            raise DomainError(
                "cases.transition_forbidden",
                f"案件处于“{workflow.State(locked.state).label}”状态，不能批准暂缓或分期缴纳",
            )
        if locked.payment_arrangement:
            raise DomainError("cases.arrangement_exists", "该案已批准过暂缓或分期缴纳，不能重复批准")
        locked.payment_arrangement = {
            "kind": kind,
            "applied_on": applied_on.isoformat() if applied_on else None,
            "until": until.isoformat() if until else None,
            "instalments": schedule,
            "approved_by": str(approved_by),
        }
        if until is not None:
            locked.payment_due_on = until
        save_case(locked, case, ["payment_arrangement", "payment_due_on"])
        audit_record(action="cases.arrange_payment", target=case, actor=approved_by, changes=locked.payment_arrangement)
    return case


def surcharge_due(case: Case, *, as_of: dt.date, excluded_days: int = 0) -> Decimal:
    """加处罚款 at 3 %/day capped at the fine (Art. 72); ``excluded_days`` for review/litigation (Art. 73)."""
    if case.payment_due_on is None or case.fine <= 0:
        return Decimal("0.00")
    return penalties.late_payment_surcharge(case.fine, case.payment_due_on + dt.timedelta(days=excluded_days), as_of)


def case_record_payment(*, case: Case, on: dt.date, amount: Any, actor: Any) -> Case:
    """执行完毕: fine, confiscation and any surcharge paid."""
    amount = case_discretion._money(amount, "amount")
    surcharge = surcharge_due(case, as_of=on)
    owed = case.fine + case.confiscation + surcharge
    if amount < owed:
        raise DomainError(
            "cases.underpaid", f"应缴 {owed} 元（含加处罚款 {surcharge} 元），实缴 {amount} 元", field="amount"
        )
    with transaction.atomic():
        transition(case, E.EXECUTE, actor=actor, fields={"paid_on": on, "paid_amount": amount, "surcharge": surcharge})
        deadline = _deadline(case, "case.payment")
        if deadline is not None and deadline.status == DeadlineStatus.OPEN:
            deadline_services.deadline_meet(deadline=deadline, on=on)
    return case


def case_close(*, case: Case, on: dt.date, actor: Any) -> Case:
    _perm(actor, "cases.approve")
    workflow.check_close(fine_due=(case.fine + case.confiscation) > 0, executed=case.state == workflow.State.EXECUTED)
    with transaction.atomic():
        transition(case, E.CLOSE, actor=actor, fields={"closed_on": on})
        from fazhi.cases.services import documents

        documents.document_issue(case=case, kind=DocumentKind.CLOSING_APPROVAL, on=on, actor=actor)
    return case


def case_archive(*, case: Case, on: dt.date, actor: Any) -> Case:
    """归档: refused while a blocking item of the live case-file review fails (案卷评查, fazhi.file_reviews)."""
    file_review_selectors.check_archivable(case=case)
    return transition(case, E.ARCHIVE, actor=actor, fields={"archived_on": on})


# ------------------------------------------------------------------------------------------- lists


def case_apply_exemption(*, case: Case, on: dt.date, education: str, actor: Any, item_id: str | None = None) -> Case:
    """Match the no-penalty lists (免罚清单 / 首违不罚) and record the education given; then 不予处罚 can be decided."""
    from fazhi.rulebook import exemptions

    education = require_reason(education, "education", "教育情况（批评教育、指导纠正）")
    if not case.violation_id:
        raise DomainError("cases.facts_required", "请先录入违法行为和裁量事实")
    try:
        match = exemptions.match_exemption(item_id or case.violation_id, engine.CaseFacts.from_dict(case.facts), on=on)
    except RulebookError as exc:
        raise rulebook_error(exc) from exc
    if match is None:
        raise DomainError("cases.no_exemption", "本案不符合免罚清单或首违不罚清单的条件")
    with transaction.atomic():
        locked = lock_case(case)
        if locked.state not in workflow.OPEN_STATES:
            raise DomainError("cases.not_open", "案件已作出决定或已结束")
        locked.exemption, locked.education_record = match.as_dict(), education
        locked.proposed_fine = locked.proposed_confiscation = Decimal("0")
        save_case(locked, case, ["exemption", "education_record", "proposed_fine", "proposed_confiscation"])
        audit_record(
            action="cases.apply_exemption",
            target=case,
            actor=actor,
            changes={"item": match.item_id, "list": match.list.value, "education": education},
        )
    return case


def case_waive_coercion(*, case: Case, item_id: str, on: dt.date, actor: Any) -> Case:
    """Record that a coercive measure was not applied under the no-coercion list (行政强制法 Art. 16 para 2)."""
    from fazhi.rulebook import exemptions

    try:
        match = exemptions.match_no_coercion(item_id, engine.CaseFacts.from_dict(case.facts), on=on)
    except RulebookError as exc:
        raise rulebook_error(exc) from exc
    if match is None:
        raise DomainError("cases.no_coercion_item", "本案不符合不予实施行政强制措施清单的条件")
    with transaction.atomic():
        locked = lock_case(case)
        locked.coercion_waived, locked.coercion_waiver = True, {**match.as_dict(), "on": on.isoformat()}
        save_case(locked, case, ["coercion_waived", "coercion_waiver"])
        audit_record(action="cases.waive_coercion", target=case, actor=actor, changes={"item": match.item_id})
    return case


def summary_decide(
    *,
    department: Any,
    on: dt.date,
    party_kind: str,
    party_name: str,
    title: str,
    warning: bool,
    fine: Any,
    reasoning: str,
    officers: list[Any],
    entity: Any = None,
    domain: str = "other",
    actor: Any,
) -> Case:
    """简易程序 (当场处罚): warning or a fine within the summary limit (Art. 51), two officers, decided at once."""
    from fazhi.cases.services import documents
    from fazhi.cases.services.common import bureau_number, next_number

    amount = case_discretion._money(fine, "fine")
    try:
        check = penalties.summary_procedure_check(
            party_kind=engine.PartyKind(party_kind), on=on, fine=amount, warning_only=warning and amount == 0
        )
    except RulebookError as exc:
        raise rulebook_error(exc) from exc
    if not check.eligible:
        raise DomainError("cases.summary_not_eligible", "；".join(r.text for r in check.reasons), field="fine")
    workflow.check_investigators(
        [workflow.Investigator(o.name, o.certificate_expires_on, o.active) for o in officers], on=on
    )
    with transaction.atomic():
        case = Case.objects.create(
            number=bureau_number("简", on.year, next_number("summary_case", on.year)),
            department=department,
            procedure=Procedure.SUMMARY,
            domain=domain,
            title=title,
            entity=entity,
            party_kind=party_kind,
            party_name=party_name,
            filed_on=on,
            state=workflow.State.DECIDED,
            decision_kind=DecisionKind.PENALTY,
            decided_on=on,
            decided_by=actor,
            fine=amount,
            warning=warning,
            proposed_fine=amount,
            proposed_warning=warning,
            decision_reasoning=reasoning,
        )
        case.officers.set(officers)
        doc = documents.document_issue(case=case, kind=DocumentKind.PENALTY_DECISION, on=on, actor=actor)
        Case.objects.filter(pk=case.pk).update(decision_number=doc.number)
        case.decision_number = doc.number
        audit_record(
            action="cases.summary_decide",
            target=case,
            actor=actor,
            changes={"fine": amount, "warning": warning, "limit": check.limit.amount},
        )
    return case
