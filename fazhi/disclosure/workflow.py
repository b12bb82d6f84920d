"""A request for government information (依申请公开) as an explicit, pure state table.

Received (the Art. 31 receipt date opens the 20-working-day reply clock, Art. 33) → the bureau may once ask for a
correction within 7 working days (Art. 30; the clock restarts from the corrected application's receipt) → it may
consult a third party (Art. 32; the consultation time is excluded, Art. 33 para 3) → it replies with one of the reply
types (Arts. 36–39). An applicant who does not correct is deemed to abandon (Art. 30): the reply "逾期不补正" closes
the request from the awaiting state. Extensions (Art. 33 para 2) are records on the clock, not states. Expected
table written by hand in ``tests/transitions.yaml``.
"""

from __future__ import annotations

import enum

from fazhi.core.errors import DomainError


class State(enum.StrEnum):
    RECEIVED = "received"
    AWAITING_CORRECTION = "awaiting_correction"
    CONSULTING = "consulting"
    REPLIED = "replied"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    State.RECEIVED: "办理中",
    State.AWAITING_CORRECTION: "待申请人补正",
    State.CONSULTING: "征求第三方意见中",
    State.REPLIED: "已答复",
}


class Event(enum.StrEnum):
    REQUEST_CORRECTION = "request_correction"
    CORRECT = "correct"
    CONSULT = "consult"
    CONSULTED = "consulted"
    REPLY = "reply"
    ABANDON = "abandon"

    @property
    def label(self) -> str:
        return EVENT_LABELS[self]


EVENT_LABELS = {
    Event.REQUEST_CORRECTION: "告知补正",
    Event.CORRECT: "登记补正后的申请",
    Event.CONSULT: "征求第三方意见",
    Event.CONSULTED: "登记第三方意见",
    Event.REPLY: "答复",
    Event.ABANDON: "逾期不补正，不再处理",
}

TRANSITIONS: dict[tuple[State, Event], State] = {
    (State.RECEIVED, Event.REQUEST_CORRECTION): State.AWAITING_CORRECTION,
    (State.RECEIVED, Event.CONSULT): State.CONSULTING,
    (State.RECEIVED, Event.REPLY): State.REPLIED,
    (State.AWAITING_CORRECTION, Event.CORRECT): State.RECEIVED,
    (State.AWAITING_CORRECTION, Event.ABANDON): State.REPLIED,
    (State.CONSULTING, Event.CONSULTED): State.RECEIVED,
}
OPEN_STATES = frozenset({State.RECEIVED, State.AWAITING_CORRECTION, State.CONSULTING})


def target(state: State | str, event: Event | str) -> State:
    """The next state; ``disclosure.transition_forbidden`` naming what the state allows."""
    current, happening = State(state), Event(event)
    nxt = TRANSITIONS.get((current, happening))
    if nxt is None:
        allowed = "、".join(e.label for (s, e) in TRANSITIONS if s is current) or "无"
        raise DomainError(
            "disclosure.transition_forbidden",
            f"当前状态为“{current.label}”，不能“{happening.label}”；当前可办理：{allowed}",
            state=current.value,
            event=happening.value,
        )
    return nxt
