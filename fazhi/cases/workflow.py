"""The ordinary procedure (普通程序) of a case as an explicit, pure state table.

No ORM here: the services ask :func:`target` for the next state and raise the coded error it gives. The guards
below are pure functions over plain values (dates, counts, flags) so that they are tested exhaustively.
Drawn in ``docs/domain/cases.md``. Legal basis: 行政处罚法 Art. 54–65; 市场监督管理行政处罚程序规定.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from fazhi.core.errors import DomainError


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
    NOTIFY = "notify"
    REQUEST_HEARING = "request_hearing"
    CONCLUDE_HEARING = "conclude_hearing"
    CLOSE_STATEMENT = "close_statement"
    DECIDE_PENALTY = "decide_penalty"
    DECIDE_NO_PENALTY = "decide_no_penalty"
    TRANSFER = "transfer"
    SERVE = "serve"
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
    Event.NOTIFY: "送达行政处罚告知书",
    Event.REQUEST_HEARING: "当事人要求听证",
    Event.CONCLUDE_HEARING: "听证结束",
    Event.CLOSE_STATEMENT: "陈述申辩结束（或放弃）",
    Event.DECIDE_PENALTY: "作出行政处罚决定",
    Event.DECIDE_NO_PENALTY: "作出不予行政处罚决定",
    Event.TRANSFER: "移送司法机关",
    Event.SERVE: "送达决定书",
    Event.EXECUTE: "执行完毕",
    Event.CLOSE: "结案",
    Event.ARCHIVE: "归档",
}

S, E = State, Event

# (state, event) -> next state. Everything not listed is forbidden.
TRANSITIONS: dict[tuple[State, Event], State] = {
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
    (S.CLOSED, E.ARCHIVE): S.ARCHIVED,
    (S.TERMINATED, E.ARCHIVE): S.ARCHIVED,
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
DECIDED_STATES = frozenset({S.DECIDED, S.SERVED, S.EXECUTED, S.CLOSED, S.ARCHIVED})
REVIEW_STATES = frozenset({S.LEGAL_REVIEW, S.FINAL_LEGAL_REVIEW})


def target(state: State | str, event: Event | str) -> State:
    """The state after ``event`` in ``state``; raises ``cases.transition_forbidden`` naming both states."""
    current, happening = State(state), Event(event)
    nxt = TRANSITIONS.get((current, happening))
    if nxt is None:
        allowed = "、".join(e.label for e in allowed_events(current)) or "无"
        raise DomainError(
            "cases.transition_forbidden",
            f"案件处于“{current.label}”状态，不能“{happening.label}”；当前可办理：{allowed}",
            state=current.value,
            event=happening.value,
        )
    return nxt


def allowed_events(state: State | str) -> list[Event]:
    """Events the table allows in ``state`` (in table order)."""
    current = State(state)
    return [event for (s, event) in TRANSITIONS if s is current]


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
            f"听证申请期限已于 {due_on} 届满，逾期视为放弃听证",
            field="requested_on",
        )


def check_hearing_notice(notified_on: dt.date, *, latest_notice_on: dt.date) -> None:
    """The hearing notice must reach the party at least 7 working days before the hearing (Art. 64 (2))."""
    if notified_on > latest_notice_on:
        raise DomainError(
            "cases.hearing_notice_too_late",
            f"听证通知最迟应于 {latest_notice_on} 送达（听证七个工作日前），请推迟听证日期",
            field="hearing_on",
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


def check_close(*, fine_due: bool, executed: bool) -> None:
    """A case with a fine to collect closes only after execution."""
    if fine_due and not executed:
        raise DomainError("cases.not_executed", "罚没款尚未执行完毕，不能结案")


def check_step_date(on: dt.date, *, not_before: dt.date | None, today: dt.date, what: str) -> None:
    """Dates of steps are neither in the future nor before the previous step."""
    if on > today:
        raise DomainError("cases.date_in_future", f"{what}不能晚于今天（{today}）", field="on")
    if not_before is not None and on < not_before:
        raise DomainError("cases.date_before_previous_step", f"{what}不能早于上一步骤日期 {not_before}", field="on")
