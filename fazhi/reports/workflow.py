"""The life of an annual report draft as an explicit, pure state table.

撰写中 → (提交) 待领导审定 → (审定) 已审定 → (公开) 已公开; the leader may return a submitted draft (退回) and
reopen an approved or published one (重新打开). Who may fire each event is checked by the services.
"""

from __future__ import annotations

import enum

from fazhi.core.errors import DomainError


class State(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    PUBLISHED = "published"


class Event(enum.StrEnum):
    SUBMIT = "submit"
    RETURN = "return"
    APPROVE = "approve"
    REOPEN = "reopen"
    PUBLISH = "publish"


EVENT_LABELS = {
    Event.SUBMIT: "提交审定",
    Event.RETURN: "退回修改",
    Event.APPROVE: "审定",
    Event.REOPEN: "重新打开",
    Event.PUBLISH: "向社会公开",
}

TRANSITIONS: dict[tuple[State, Event], State] = {
    (State.DRAFT, Event.SUBMIT): State.SUBMITTED,
    (State.SUBMITTED, Event.RETURN): State.DRAFT,
    (State.SUBMITTED, Event.APPROVE): State.APPROVED,
    (State.APPROVED, Event.PUBLISH): State.PUBLISHED,
    (State.APPROVED, Event.REOPEN): State.DRAFT,
    (State.PUBLISHED, Event.REOPEN): State.DRAFT,
}


def target(state: State, event: Event) -> State:
    try:
        return TRANSITIONS[(state, event)]
    except KeyError:
        raise DomainError(
            "reports.transition_invalid",
            f"报告当前状态下不能“{EVENT_LABELS[event]}”",
        ) from None


def allowed(state: State) -> list[Event]:
    return [e for (s, e) in TRANSITIONS if s == state]
