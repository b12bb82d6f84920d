"""A reconsideration (行政复议) or a lawsuit (行政诉讼) against the bureau, as an explicit, pure state table.

The bureau is the respondent (被申请人) or defendant (被告): it receives the copy of the application or complaint,
answers with its evidence and basis within the period the rulebook gives, attends hearings, and records the
outcome. Hearings and further submissions are records, not states. The reviewing body or court may decide without
the bureau's answer (行政复议法 Art. 70; 行政诉讼法 Art. 34 para 2), so a register can be concluded from either
state. Expected table written by hand in ``tests/transitions.yaml``.
"""

from __future__ import annotations

import enum

from fazhi.core.errors import DomainError


class State(enum.StrEnum):
    RECEIVED = "received"
    ANSWERED = "answered"
    CONCLUDED = "concluded"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {State.RECEIVED: "已收到副本，待答复", State.ANSWERED: "已答复（答辩）", State.CONCLUDED: "已结案"}


class Event(enum.StrEnum):
    ANSWER = "answer"
    CONCLUDE = "conclude"

    @property
    def label(self) -> str:
        return {"answer": "提交书面答复（答辩状）及证据、依据", "conclude": "登记复议决定（裁判）结果"}[self.value]


TRANSITIONS: dict[tuple[State, Event], State] = {
    (State.RECEIVED, Event.ANSWER): State.ANSWERED,
    (State.RECEIVED, Event.CONCLUDE): State.CONCLUDED,
    (State.ANSWERED, Event.CONCLUDE): State.CONCLUDED,
}
# Hearings and further materials may be recorded while the matter is pending.
OPEN_STATES = frozenset({State.RECEIVED, State.ANSWERED})


def target(state: State | str, event: Event | str) -> State:
    """The next state; ``remedies.transition_forbidden`` naming what the state allows."""
    current, happening = State(state), Event(event)
    nxt = TRANSITIONS.get((current, happening))
    if nxt is None:
        allowed = "、".join(e.label for (s, e) in TRANSITIONS if s is current) or "无"
        raise DomainError(
            "remedies.transition_forbidden",
            f"当前状态为“{current.label}”，不能“{happening.label}”；当前可办理：{allowed}",
            state=current.value,
            event=happening.value,
        )
    return nxt
