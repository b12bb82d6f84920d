"""The procedures of a case as explicit, pure state tables: 普通程序 and 简易程序 (当场处罚).

No ORM here: the services ask :func:`target` for the next state and raise the coded error it gives; the guards
are pure functions over plain values (dates, counts, flags) so that they are tested exhaustively. The expected
tables, written by hand from the law with the article for every allowed step, are in
``fazhi/cases/tests/expected_transitions.yaml``; ``test_workflow.py`` checks that this module equals them.
Drawn in ``docs/domain/cases.md``.

Legal basis: 行政处罚法 (2021) Arts. 44–45, 51–65; 市场监督管理行政处罚程序规定 Arts. 18–19 (线索核查、立案审批),
46–47 (中止、终止调查), 49–55 (审核), 57 (告知), 60 (决定), 64 (办案期限及延长), 77 (结案审批表).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from fazhi.core.errors import DomainError

ORDINARY = "ordinary"
FAST_TRACK = "fast_track"
SUMMARY = "summary"


class State(enum.StrEnum):
    INVESTIGATING = "investigating"
    SUSPENDED = "suspended"
    CASE_REVIEW = "case_review"
    LEGAL_REVIEW = "legal_review"
    REVIEWED = "reviewed"
    NOTIFIED = "notified"
    HEARING = "hearing"
    STATEMENT_CLOSED = "statement_closed"
    FINAL_LEGAL_REVIEW = "final_legal_review"
    AWAITING_DECISION = "awaiting_decision"
    DECIDED = "decided"
    RECORDED = "recorded"
    TRANSFERRED = "transferred"
    SERVED = "served"
    EXECUTED = "executed"
    CLOSED = "closed"
    TERMINATED = "terminated"
    ARCHIVED = "archived"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS: dict[State, str] = {
    State.INVESTIGATING: "调查取证",
    State.SUSPENDED: "中止调查",
    State.CASE_REVIEW: "案件审核",
    State.LEGAL_REVIEW: "法制审核（告知前）",
    State.REVIEWED: "审核完毕待告知",
    State.NOTIFIED: "已告知（陈述申辩期）",
    State.HEARING: "听证",
    State.STATEMENT_CLOSED: "陈述申辩结束",
    State.FINAL_LEGAL_REVIEW: "法制审核（决定前）",
    State.AWAITING_DECISION: "待决定",
    State.DECIDED: "已决定",
    State.RECORDED: "已备案",
    State.TRANSFERRED: "已移送司法机关",
    State.SERVED: "已送达（执行中）",
    State.EXECUTED: "执行完毕",
    State.CLOSED: "已结案",
    State.TERMINATED: "已终止调查",
    State.ARCHIVED: "已归档",
}


class Event(enum.StrEnum):
    SUSPEND = "suspend"
    RESUME = "resume"
    TERMINATE = "terminate"
    SUBMIT_REVIEW = "submit_review"
    CASE_REVIEW_PASS = "case_review_pass"
    REQUEST_LEGAL_REVIEW = "request_legal_review"
    LEGAL_REVIEW_APPROVE = "legal_review_approve"
    LEGAL_REVIEW_RETURN = "legal_review_return"
    LEGAL_REVIEW_AMEND = "legal_review_amend"
    RETURN_INVESTIGATION = "return_investigation"
    REFUSE_PROPOSAL = "refuse_proposal"
    NOTIFY = "notify"
    REQUEST_HEARING = "request_hearing"
    CONCLUDE_HEARING = "conclude_hearing"
    CLOSE_STATEMENT = "close_statement"
    DECIDE_PENALTY = "decide_penalty"
    DECIDE_NO_PENALTY = "decide_no_penalty"
    TRANSFER = "transfer"
    SERVE = "serve"
    RECORD_FILING = "record_filing"
    EXECUTE = "execute"
    CLOSE = "close"
    ARCHIVE = "archive"

    @property
    def label(self) -> str:
        return EVENT_LABELS[self]


EVENT_LABELS: dict[Event, str] = {
    Event.SUSPEND: "中止调查",
    Event.RESUME: "恢复调查",
    Event.TERMINATE: "终止调查",
    Event.SUBMIT_REVIEW: "调查终结，提交案件审核",
    Event.CASE_REVIEW_PASS: "案件审核通过",
    Event.REQUEST_LEGAL_REVIEW: "提交法制审核",
    Event.LEGAL_REVIEW_APPROVE: "法制审核同意",
    Event.LEGAL_REVIEW_RETURN: "法制审核：补充调查",
    Event.LEGAL_REVIEW_AMEND: "法制审核：修改意见",
    Event.RETURN_INVESTIGATION: "退回补充调查",
    Event.REFUSE_PROPOSAL: "负责人不批准行政处罚建议，退回办案机构",
    Event.NOTIFY: "送达行政处罚告知书",
    Event.REQUEST_HEARING: "当事人要求听证",
    Event.CONCLUDE_HEARING: "听证结束",
    Event.CLOSE_STATEMENT: "陈述申辩结束",
    Event.DECIDE_PENALTY: "作出行政处罚决定",
    Event.DECIDE_NO_PENALTY: "作出不予行政处罚决定",
    Event.TRANSFER: "移送司法机关",
    Event.SERVE: "送达决定书",
    Event.RECORD_FILING: "报所属部门备案",
    Event.EXECUTE: "执行完毕",
    Event.CLOSE: "批准结案",
    Event.ARCHIVE: "归档",
}

S, E = State, Event

# 普通程序 (also 快速办理): (state, event) -> next state. Everything not listed is forbidden.
ORDINARY_TRANSITIONS: dict[tuple[State, Event], State] = {
    (S.INVESTIGATING, E.SUSPEND): S.SUSPENDED,
    (S.SUSPENDED, E.RESUME): S.INVESTIGATING,
    (S.INVESTIGATING, E.TERMINATE): S.TERMINATED,
    (S.SUSPENDED, E.TERMINATE): S.TERMINATED,
    (S.CASE_REVIEW, E.TERMINATE): S.TERMINATED,
    (S.INVESTIGATING, E.SUBMIT_REVIEW): S.CASE_REVIEW,
    (S.CASE_REVIEW, E.RETURN_INVESTIGATION): S.INVESTIGATING,
    (S.CASE_REVIEW, E.CASE_REVIEW_PASS): S.REVIEWED,
    (S.CASE_REVIEW, E.REQUEST_LEGAL_REVIEW): S.LEGAL_REVIEW,
    (S.LEGAL_REVIEW, E.LEGAL_REVIEW_APPROVE): S.REVIEWED,
    (S.LEGAL_REVIEW, E.LEGAL_REVIEW_RETURN): S.INVESTIGATING,
    (S.LEGAL_REVIEW, E.LEGAL_REVIEW_AMEND): S.CASE_REVIEW,
    # 程序规定 Art. 56: the 负责人 who does not approve the proposal returns the case to the 办案机构; a new
    # proposal is a new 调查终结报告 that passes 审核 again (Arts. 48, 49) before it comes back to the 负责人.
    (S.REVIEWED, E.REFUSE_PROPOSAL): S.INVESTIGATING,
    (S.REVIEWED, E.NOTIFY): S.NOTIFIED,
    (S.NOTIFIED, E.REQUEST_HEARING): S.HEARING,
    (S.HEARING, E.CONCLUDE_HEARING): S.STATEMENT_CLOSED,
    (S.NOTIFIED, E.CLOSE_STATEMENT): S.STATEMENT_CLOSED,
    (S.STATEMENT_CLOSED, E.REQUEST_LEGAL_REVIEW): S.FINAL_LEGAL_REVIEW,
    (S.STATEMENT_CLOSED, E.RETURN_INVESTIGATION): S.INVESTIGATING,
    (S.FINAL_LEGAL_REVIEW, E.LEGAL_REVIEW_APPROVE): S.AWAITING_DECISION,
    (S.FINAL_LEGAL_REVIEW, E.LEGAL_REVIEW_RETURN): S.INVESTIGATING,
    (S.FINAL_LEGAL_REVIEW, E.LEGAL_REVIEW_AMEND): S.STATEMENT_CLOSED,
    (S.STATEMENT_CLOSED, E.DECIDE_PENALTY): S.DECIDED,
    (S.AWAITING_DECISION, E.DECIDE_PENALTY): S.DECIDED,
    (S.CASE_REVIEW, E.DECIDE_NO_PENALTY): S.DECIDED,
    (S.REVIEWED, E.DECIDE_NO_PENALTY): S.DECIDED,
    (S.STATEMENT_CLOSED, E.DECIDE_NO_PENALTY): S.DECIDED,
    (S.AWAITING_DECISION, E.DECIDE_NO_PENALTY): S.DECIDED,
    (S.INVESTIGATING, E.TRANSFER): S.TRANSFERRED,
    (S.CASE_REVIEW, E.TRANSFER): S.TRANSFERRED,
    (S.STATEMENT_CLOSED, E.TRANSFER): S.TRANSFERRED,
    (S.AWAITING_DECISION, E.TRANSFER): S.TRANSFERRED,
    (S.DECIDED, E.SERVE): S.SERVED,
    (S.SERVED, E.EXECUTE): S.EXECUTED,
    (S.SERVED, E.CLOSE): S.CLOSED,  # guard: nothing to execute (不予处罚, warning only)
    (S.EXECUTED, E.CLOSE): S.CLOSED,
    (S.TRANSFERRED, E.CLOSE): S.CLOSED,
    (S.TERMINATED, E.CLOSE): S.CLOSED,
    (S.CLOSED, E.ARCHIVE): S.ARCHIVED,
}

# 简易程序 (当场处罚): the case is created in DECIDED by the on-the-spot decision (行政处罚法 Arts. 51–52).
SUMMARY_TRANSITIONS: dict[tuple[State, Event], State] = {
    (S.DECIDED, E.RECORD_FILING): S.RECORDED,
    (S.RECORDED, E.EXECUTE): S.EXECUTED,
    (S.RECORDED, E.ARCHIVE): S.ARCHIVED,  # guard: nothing to execute (warning only)
    (S.EXECUTED, E.ARCHIVE): S.ARCHIVED,
}

TABLES: dict[str, dict[tuple[State, Event], State]] = {
    ORDINARY: ORDINARY_TRANSITIONS,
    FAST_TRACK: ORDINARY_TRANSITIONS,
    SUMMARY: SUMMARY_TRANSITIONS,
}
# Kept for callers that only know the ordinary procedure.
TRANSITIONS = ORDINARY_TRANSITIONS

# Who may take each step (the permission of ``fazhi.core.roles``): 办案人员 handle, 科室负责人 (办案机构负责人)
# approve, 法制审核人员 review, 局负责人 decide. Services check it with the department scope.
HANDLE, APPROVE, REVIEW, DECIDE = "cases.handle", "cases.approve", "cases.legal_review", "cases.decide"
EVENT_PERMISSIONS: dict[Event, str] = {
    E.SUSPEND: DECIDE,
    E.RESUME: HANDLE,
    E.TERMINATE: DECIDE,
    E.SUBMIT_REVIEW: HANDLE,
    E.CASE_REVIEW_PASS: APPROVE,
    E.REQUEST_LEGAL_REVIEW: HANDLE,
    E.LEGAL_REVIEW_APPROVE: REVIEW,
    E.LEGAL_REVIEW_RETURN: REVIEW,
    E.LEGAL_REVIEW_AMEND: REVIEW,
    E.RETURN_INVESTIGATION: APPROVE,
    E.REFUSE_PROPOSAL: DECIDE,
    E.NOTIFY: HANDLE,
    E.REQUEST_HEARING: HANDLE,
    E.CONCLUDE_HEARING: HANDLE,
    E.CLOSE_STATEMENT: HANDLE,
    E.DECIDE_PENALTY: DECIDE,
    E.DECIDE_NO_PENALTY: DECIDE,
    E.TRANSFER: DECIDE,
    E.SERVE: HANDLE,
    E.RECORD_FILING: APPROVE,
    E.EXECUTE: HANDLE,
    E.CLOSE: DECIDE,
    E.ARCHIVE: HANDLE,
}

OPEN_STATES = frozenset(
    {
        S.INVESTIGATING,
        S.SUSPENDED,
        S.CASE_REVIEW,
        S.LEGAL_REVIEW,
        S.REVIEWED,
        S.NOTIFIED,
        S.HEARING,
        S.STATEMENT_CLOSED,
        S.FINAL_LEGAL_REVIEW,
        S.AWAITING_DECISION,
    }
)
DECIDED_STATES = frozenset({S.DECIDED, S.RECORDED, S.SERVED, S.EXECUTED, S.CLOSED, S.ARCHIVED})
REVIEW_STATES = frozenset({S.LEGAL_REVIEW, S.FINAL_LEGAL_REVIEW})
FINISHED_STATES = frozenset({S.CLOSED, S.ARCHIVED})


def table(procedure: str = ORDINARY) -> dict[tuple[State, Event], State]:
    return TABLES.get(procedure, ORDINARY_TRANSITIONS)


def target(state: State | str, event: Event | str, procedure: str = ORDINARY) -> State:
    """The state after ``event`` in ``state``; raises ``cases.transition_forbidden`` naming both states."""
    current, happening = State(state), Event(event)
    nxt = table(procedure).get((current, happening))
    if nxt is None:
        allowed = "、".join(e.label for e in allowed_events(current, procedure)) or "无"
        raise DomainError(
            "cases.transition_forbidden",
            f"案件处于“{current.label}”状态，不能“{happening.label}”；当前可办理：{allowed}",
            state=current.value,
            event=happening.value,
        )
    return nxt


def allowed_events(state: State | str, procedure: str = ORDINARY) -> list[Event]:
    """Events the table allows in ``state`` (in table order)."""
    current = State(state)
    return [event for (s, event) in table(procedure) if s is current]


# --------------------------------------------------------------------------------------------- who acts next

ROLE_LABELS = {
    "handler": "办案人员",
    "chief": "科室负责人",
    "legal_reviewer": "法制审核人员",
    "leader": "局负责人",
    "party": "当事人",
    "": "无需办理",
}


@dataclass(frozen=True)
class NextStep:
    """Who must act next on a case and what they do; ``role`` is a key of ``ROLE_LABELS``."""

    role: str
    action: str

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


def next_step(
    procedure: str,
    state: State | str,
    *,
    officers_assigned: bool = True,
    party_period_running: bool = False,
    hearing_scheduled: bool = False,
    closing_requested: bool = False,
    money_owed: bool = False,
    proposal_approved: bool = True,
) -> NextStep:
    """The next actor of a case in ``state`` (pure: the selectors pass the facts they read)."""
    current = State(state)
    if procedure == SUMMARY:
        return {
            S.DECIDED: NextStep("chief", "接收当场处罚决定备案"),
            S.RECORDED: NextStep("handler", "登记缴款（执行完毕）") if money_owed else NextStep("handler", "归档"),
            S.EXECUTED: NextStep("handler", "归档"),
        }.get(current, NextStep("", "已办结"))
    if closing_requested and current in {S.SERVED, S.EXECUTED, S.TRANSFERRED, S.TERMINATED}:
        return NextStep("leader", "审批结案审批表")
    if current is S.INVESTIGATING and not officers_assigned:
        return NextStep("chief", "指定两名以上办案人员")
    if current is S.NOTIFIED and party_period_running:
        return NextStep("party", "在陈述申辩（听证申请）期限内提出意见")
    if current is S.REVIEWED and not proposal_approved:
        return NextStep("leader", "批准行政处罚建议（告知前）")
    if current is S.HEARING:
        return NextStep("handler", "听证结束后记录听证意见" if hearing_scheduled else "安排听证并送达听证通知书")
    if current is S.SERVED:
        return NextStep("party", "缴纳罚没款") if money_owed else NextStep("handler", "填写结案审批表，提请结案")
    return {
        S.INVESTIGATING: NextStep("handler", "调查取证，调查终结后提交案件审核"),
        S.SUSPENDED: NextStep("handler", "中止原因消除后恢复调查"),
        S.CASE_REVIEW: NextStep("chief", "案件审核"),
        S.LEGAL_REVIEW: NextStep("legal_reviewer", "法制审核（告知前）"),
        S.REVIEWED: NextStep("handler", "送达行政处罚告知书"),
        S.NOTIFIED: NextStep("handler", "结束陈述申辩（期限已届满或当事人已书面放弃）"),
        S.STATEMENT_CLOSED: NextStep("leader", "作出决定（须法制审核的先提交法制审核）"),
        S.FINAL_LEGAL_REVIEW: NextStep("legal_reviewer", "法制审核（决定前）"),
        S.AWAITING_DECISION: NextStep("leader", "作出决定"),
        S.DECIDED: NextStep("handler", "送达决定书"),
        S.EXECUTED: NextStep("handler", "填写结案审批表，提请结案"),
        S.TRANSFERRED: NextStep("handler", "填写结案审批表，提请结案"),
        S.TERMINATED: NextStep("handler", "填写结案审批表，提请结案"),
        S.CLOSED: NextStep("handler", "立卷归档"),
    }.get(current, NextStep("", "已办结"))


# --------------------------------------------------------------------------------------------- guards


@dataclass(frozen=True)
class Investigator:
    """What the guard needs of an officer: name, certificate validity, recusal."""

    name: str
    certificate_expires_on: dt.date | None
    active: bool = True
    recused: bool = False


def check_investigators(officers: Iterable[Investigator], *, on: dt.date) -> None:
    """At least two officers holding a valid enforcement certificate (行政处罚法 Art. 42), none recused (Art. 43)."""
    listed = list(officers)
    recused = [o.name for o in listed if o.recused]
    if recused:
        raise DomainError("cases.officer_recused", f"{'、'.join(recused)} 应当回避，请更换执法人员", field="officers")
    invalid = [
        o.name for o in listed if not o.active or o.certificate_expires_on is None or o.certificate_expires_on < on
    ]
    if invalid:
        raise DomainError(
            "cases.certificate_invalid",
            f"{'、'.join(invalid)} 的执法证无效或已过期，不能参与调查",
            field="officers",
        )
    if len({o.name for o in listed}) < 2:
        raise DomainError(
            "cases.two_officers_required", "调查取证应当由两名以上持有效执法证的执法人员进行", field="officers"
        )


def check_hearing_request(requested_on: dt.date, *, due_on: dt.date | None) -> None:
    """A hearing request counts only within the period (5 working days after notice, 行政处罚法 Art. 64 (1))."""
    if due_on is not None and requested_on > due_on:
        raise DomainError(
            "cases.hearing_request_late",
            f"听证申请期限已于 {due_on:%Y-%m-%d} 届满，逾期视为放弃听证",
            field="on",
        )


def check_hearing_notice(notified_on: dt.date, *, latest_notice_on: dt.date) -> None:
    """The hearing notice must reach the party at least 7 working days before the hearing (Art. 64 (2))."""
    if notified_on > latest_notice_on:
        raise DomainError(
            "cases.hearing_notice_too_late",
            f"听证通知最迟应于 {latest_notice_on:%Y-%m-%d} 送达（听证七个工作日前），请推迟听证日期",
            field="hearing_on",
        )


def check_party_periods(
    on: dt.date,
    *,
    statement_due: dt.date | None,
    hearing_due: dt.date | None,
    statement_waived: bool,
    hearing_waived: bool,
) -> None:
    """The party's periods must have run out before the statement phase ends, unless the party waived in writing.

    陈述申辩 (行政处罚法 Arts. 44, 45) and, where the penalty carries the right, the hearing request (Art. 64 (1)):
    5 working days after the notice. A decision made while either runs would cut the right short (Art. 62).
    """
    running = []
    if statement_due is not None and on <= statement_due and not statement_waived:
        running.append(f"陈述申辩期限至 {statement_due:%Y-%m-%d} 届满")
    if hearing_due is not None and on <= hearing_due and not hearing_waived:
        running.append(f"听证申请期限至 {hearing_due:%Y-%m-%d} 届满")
    if running:
        raise DomainError(
            "cases.party_period_running",
            "；".join(running)
            + "。期限届满前不能结束陈述申辩或作出决定；当事人书面放弃权利的，请先登记放弃声明（附签名扫描件）",
            field="on",
        )


def check_decision_gate(
    *,
    review_required: Iterable[str],
    review_approved: bool,
    discussion_required: bool,
    discussion_recorded: bool,
) -> None:
    """The hard gate before any decision: legal review approved where required (Art. 58), collective
    discussion recorded where required (Art. 57 para 2)."""
    reasons = list(review_required)
    if reasons and not review_approved:
        raise DomainError(
            "cases.legal_review_required",
            f"本案须经法制审核且审核同意后才能作出决定（{'；'.join(reasons)}）",
        )
    if discussion_required and not discussion_recorded:
        raise DomainError("cases.collective_discussion_required", "本案须经负责人集体讨论决定，请先记录集体讨论")


def check_legal_basis(*, violation_id: str, violated: str, provision: str) -> None:
    """A decision names the provision violated and the provision it applies (行政处罚法 Arts. 38, 59): a case
    without a catalogued violation ("其他违法行为") or without both provisions cannot be decided."""
    if not violation_id:
        raise DomainError(
            "cases.no_legal_basis",
            "本案尚未确定违法行为（裁量基准中的违法行为），没有法定依据不能作出决定；请先录入违法行为和裁量事实",
            field="violation_id",
        )
    if not violated or not provision:
        raise DomainError(
            "cases.no_legal_basis",
            "该违法行为在规则库中缺少违法条款或处罚依据，没有法定依据不能作出决定；请联系法制审核人员补充",
            field="violation_id",
        )


def check_close(*, money_owed: bool, executed: bool) -> None:
    """A case with a fine or confiscation to collect closes only after execution."""
    if money_owed and not executed:
        raise DomainError("cases.not_executed", "罚没款尚未执行完毕，不能结案")
