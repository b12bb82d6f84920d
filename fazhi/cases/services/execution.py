"""执行: payment (行政处罚法 Arts. 66, 67, 72), deferral or instalments with the 负责人's approval (Art. 66 para 2),
and the records of the no-penalty and no-coercion lists and of IP dispute mediation.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from fazhi.cases import workflow
from fazhi.cases.choices import ApprovalKind, ApprovalStatus, Domain
from fazhi.cases.models import Approval, Case
from fazhi.cases.services import closing, progress
from fazhi.cases.services.common import (
    advance_last_step,
    locked_case,
    money,
    require_case_actor,
    require_reason,
    save_case,
    step,
    step_date,
    transition,
)
from fazhi.core import validation
from fazhi.core.audit import audit_record
from fazhi.core.errors import DomainError, from_rulebook
from fazhi.deadlines import services as deadline_services
from fazhi.deadlines.models import DeadlineStatus
from fazhi.rulebook import discretion as engine
from fazhi.rulebook import penalties
from fazhi.rulebook.errors import RulebookError

E = workflow.Event
S = workflow.State


@step
def case_arrange_payment(
    *,
    case: Case,
    kind: str,
    applied_on: Any,
    on: Any,
    actor: Any,
    until: Any = None,
    instalments: list[dict[str, Any]] | None = None,
    revision: Any = None,
) -> Case:
    """暂缓或者分期缴纳 on the party's application, approved by the 局负责人 (Art. 66 para 2).

    ``instalments`` is ``[{"due_on": date, "amount": Decimal}, …]``; the amounts must add up to the fine plus
    confiscation and the last instalment becomes the payment date (加处罚款 runs from there, Art. 72).
    """
    require_case_actor(actor, "cases.decide", case)
    if kind not in ("deferral", "instalments"):
        raise DomainError("cases.bad_arrangement", "请选择暂缓缴纳或分期缴纳", field="kind")
    applied = step_date(applied_on, not_before=case.served_on, what="当事人申请日期", field="applied_on")
    day = step_date(on, case=case, not_before=applied, what="批准日期")
    schedule: list[dict[str, str]] = []
    final: dt.date | None
    if kind == "deferral":
        final = validation.parse_date(until, field="until", required=False)
        if final is None:
            raise DomainError("cases.bad_arrangement", "请填写暂缓缴纳至的日期", field="until")
    else:
        if not instalments:
            raise DomainError("cases.bad_arrangement", "请填写分期计划", field="instalments")
        total = Decimal("0")
        final = None
        for row in instalments:
            amount = money(row.get("amount"), "instalments", required=True)
            due = validation.parse_date(row.get("due_on"), field="instalments")
            if due is None or amount <= 0:
                raise DomainError("cases.bad_arrangement", "每一期都要有缴纳日期和大于零的金额", field="instalments")
            if final is not None and due <= final:
                raise DomainError("cases.bad_arrangement", "分期日期须逐期推后", field="instalments")
            final, total = due, total + amount
            schedule.append({"due_on": due.isoformat(), "amount": str(amount)})
        owed = case.fine + case.confiscation
        if total != owed:
            raise DomainError(
                "cases.bad_arrangement", f"分期金额合计 {total} 元，应等于罚没款 {owed} 元", field="instalments"
            )
    if case.payment_due_on is not None and final is not None and final <= case.payment_due_on:
        raise DomainError(
            "cases.bad_arrangement",
            f"暂缓或分期后的缴纳日期应晚于原缴款期限 {case.payment_due_on:%Y-%m-%d}",
            field="until" if kind == "deferral" else "instalments",
        )
    with locked_case(case, revision_value=revision) as locked:
        if locked.state != S.SERVED:
            raise DomainError(
                "cases.transition_forbidden",
                f"案件处于“{S(locked.state).label}”状态，不能批准暂缓或分期缴纳",
            )
        if locked.payment_arrangement:
            raise DomainError("cases.arrangement_exists", "该案已批准过暂缓或分期缴纳，不能重复批准")
        locked.payment_arrangement = {
            "kind": kind,
            "applied_on": applied.isoformat(),
            "approved_on": day.isoformat(),
            "until": final.isoformat() if final else None,
            "instalments": schedule,
            "approved_by": str(actor),
        }
        locked.payment_due_on = final
        extra = advance_last_step(locked, day)
        save_case(locked, case, ["payment_arrangement", "payment_due_on", *extra])
        Approval.objects.create(
            kind=ApprovalKind.PAYMENT_ARRANGEMENT,
            case=locked,
            status=ApprovalStatus.APPROVED,
            requested_on=applied,
            requested_by=actor,
            proposal="当事人申请" + ("暂缓缴纳" if kind == "deferral" else "分期缴纳"),
            decided_on=day,
            decided_by=actor,
            opinion="同意" + ("暂缓缴纳至" + final.isoformat() if kind == "deferral" and final else "分期缴纳"),
            payload=locked.payment_arrangement,
            citation="《中华人民共和国行政处罚法》第六十六条第二款",
        )
        audit_record(action="cases.arrange_payment", target=case, actor=actor, changes=locked.payment_arrangement)
        progress.refresh_next(case)
    return case


def surcharge_due(case: Case, *, as_of: dt.date, excluded_days: int = 0) -> Decimal:
    """加处罚款 at 3 %/day capped at the fine (Art. 72); ``excluded_days`` for review/litigation (Art. 73)."""
    if case.payment_due_on is None or case.fine <= 0:
        return Decimal("0.00")
    return penalties.late_payment_surcharge(case.fine, case.payment_due_on + dt.timedelta(days=excluded_days), as_of)


@step
def case_record_payment(*, case: Case, on: Any, amount: Any, actor: Any, revision: Any = None) -> Case:
    """执行完毕: fine, confiscation and any surcharge paid (a fine collected on the spot under the summary
    procedure is already recorded: this step confirms the execution)."""
    if case.paid_on is not None:
        day = step_date(on, case=case, what="确认执行日期")
        with transaction.atomic():
            transition(
                case, E.EXECUTE, actor=actor, on=day, facts={"collected_on": case.paid_on}, revision_value=revision
            )
            closing.open_closing_period(case, start=day)
            progress.refresh_next(case)
        return case
    paid = money(amount, "amount", required=True)
    day = step_date(on, case=case, not_before=case.served_on, what="缴款日期")
    surcharge = surcharge_due(case, as_of=day)
    owed = case.fine + case.confiscation + surcharge
    if paid < owed:
        raise DomainError(
            "cases.underpaid", f"应缴 {owed} 元（含加处罚款 {surcharge} 元），实缴 {paid} 元", field="amount"
        )
    with transaction.atomic():
        transition(
            case,
            E.EXECUTE,
            actor=actor,
            on=day,
            fields={"paid_on": day, "paid_amount": paid, "surcharge": surcharge},
            revision_value=revision,
        )
        deadline = progress.open_deadline(case, "case.payment")
        if deadline is not None and deadline.status == DeadlineStatus.OPEN:
            deadline_services.deadline_meet(deadline=deadline, on=max(day, deadline.start_on))
        closing.open_closing_period(case, start=day)  # 执行完毕 (程序规定 Art. 77 (1))
        progress.refresh_next(case)
    return case


@step
def case_apply_exemption(
    *, case: Case, on: Any, education: Any, actor: Any, item_id: str | None = None, revision: Any = None
) -> Case:
    """Match the no-penalty lists (免罚清单 / 首违不罚) and record the education given; then 不予处罚 can be decided.

    An item whose status is UNCONFIRMED only proposes: the no-penalty decision then needs legal review with the
    uncertainty shown (``discretion.review_criteria``)."""
    from fazhi.rulebook import exemptions

    require_case_actor(actor, "cases.handle", case)
    education = require_reason(education, "education", "教育情况（批评教育、指导纠正）")
    day = step_date(on, case=case, what="适用日期")
    if not case.violation_id:
        raise DomainError("cases.facts_required", "请先录入违法行为和裁量事实")
    try:
        match = exemptions.match_exemption(item_id or case.violation_id, engine.CaseFacts.from_dict(case.facts), on=day)
    except RulebookError as exc:
        raise from_rulebook(exc) from exc
    if match is None:
        raise DomainError("cases.no_exemption", "本案不符合免罚清单或首违不罚清单的条件")
    with locked_case(case, revision_value=revision) as locked:
        if locked.state not in workflow.OPEN_STATES:
            raise DomainError("cases.not_open", "案件已作出决定或已结束")
        locked.exemption, locked.education_record = match.as_dict(), education
        locked.proposed_fine = locked.proposed_confiscation = Decimal("0")
        extra = advance_last_step(locked, day)
        save_case(locked, case, ["exemption", "education_record", "proposed_fine", "proposed_confiscation", *extra])
        audit_record(
            action="cases.apply_exemption",
            target=case,
            actor=actor,
            changes={"item": match.item_id, "list": match.list.value, "education": education, "status": match.status},
        )
    return case


@step
def case_waive_coercion(*, case: Case, item_id: Any, on: Any, actor: Any, revision: Any = None) -> Case:
    """Record that a coercive measure was not applied under the no-coercion list (行政强制法 Art. 16 para 2).
    Counted in the year of ``on`` (``cases.coercion_waived``)."""
    from fazhi.rulebook import exemptions

    require_case_actor(actor, "cases.handle", case)
    item = require_reason(item_id, "item_id", "清单事项编号", max_chars=80)
    day = step_date(on, case=case, what="决定不予实施强制措施日期")
    try:
        match = exemptions.match_no_coercion(item, engine.CaseFacts.from_dict(case.facts), on=day)
    except RulebookError as exc:
        raise from_rulebook(exc, field="item_id") from exc
    if match is None:
        raise DomainError("cases.no_coercion_item", "本案不符合不予实施行政强制措施清单的条件", field="item_id")
    with locked_case(case, revision_value=revision) as locked:
        if locked.state not in (S.INVESTIGATING, S.SUSPENDED):
            raise DomainError("cases.not_investigating", "不予实施行政强制措施应在调查阶段决定")
        if locked.coercion_waived:
            raise DomainError("cases.coercion_already_waived", "本案已登记不予实施行政强制措施")
        locked.coercion_waived, locked.coercion_waived_on = True, day
        locked.coercion_waiver = {**match.as_dict(), "on": day.isoformat()}
        extra = advance_last_step(locked, day)
        save_case(locked, case, ["coercion_waived", "coercion_waived_on", "coercion_waiver", *extra])
        audit_record(
            action="cases.waive_coercion", target=case, actor=actor, changes={"item": match.item_id, "on": day}
        )
    return case


@step
def case_record_ip_mediation(*, case: Case, on: Any, result: Any, actor: Any, revision: Any = None) -> Case:
    """知识产权纠纷调解 in an IP infringement case, at the parties' request (商标法 Art. 60 para 3; 专利法 Art. 65):
    counted in the year of ``on`` (``ip.mediations``)."""
    require_case_actor(actor, "cases.handle", case)
    if case.domain != Domain.INTELLECTUAL_PROPERTY:
        raise DomainError("cases.not_ip_case", "只有知识产权案件可以登记侵权赔偿纠纷调解")
    result = require_reason(result, "result", "调解结果（达成协议的内容或调解不成的情况）")
    day = step_date(on, not_before=case.filed_on, what="调解日期")
    with locked_case(case, revision_value=revision) as locked:
        if locked.ip_mediated:
            raise DomainError("cases.already_mediated", "本案已登记调解")
        locked.ip_mediated, locked.ip_mediated_on, locked.ip_mediation_result = True, day, result
        extra = advance_last_step(locked, day)
        save_case(locked, case, ["ip_mediated", "ip_mediated_on", "ip_mediation_result", *extra])
        audit_record(action="cases.ip_mediation", target=case, actor=actor, changes={"on": day})
    return case
