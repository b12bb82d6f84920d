"""A normative document (行政规范性文件) from draft to repeal, as an explicit, pure state table.

Legality review (合法性审核) comes before the collective discussion (国办发〔2018〕115号; 天津市行政规范性文件管理规定):
a draft the reviewer returns stays a draft. Only a discussed draft is issued, and only with a written fair-competition
review conclusion that allows it when the measure affects business activity (公平竞争审查条例 Arts. 17–18; the gate
is in the service). An issued document is filed (备案, a record with its clock) and ends by repeal or declared
invalidity (清理) — both recorded as ``repeal`` with the reason. Expected table in ``tests/transitions.yaml``.
"""

from __future__ import annotations

import enum

from fazhi.core.errors import DomainError


class State(enum.StrEnum):
    DRAFT = "draft"
    REVIEWED = "reviewed"
    DISCUSSED = "discussed"
    ISSUED = "issued"
    REPEALED = "repealed"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    State.DRAFT: "起草中",
    State.REVIEWED: "已通过合法性审核",
    State.DISCUSSED: "已集体讨论决定",
    State.ISSUED: "已公布施行",
    State.REPEALED: "已废止（失效）",
}


class Event(enum.StrEnum):
    PASS_REVIEW = "pass_review"
    RETURN = "return"
    DISCUSS = "discuss"
    ISSUE = "issue"
    REPEAL = "repeal"

    @property
    def label(self) -> str:
        return EVENT_LABELS[self]


EVENT_LABELS = {
    Event.PASS_REVIEW: "合法性审核通过",
    Event.RETURN: "合法性审核退回修改",
    Event.DISCUSS: "集体讨论决定",
    Event.ISSUE: "公布施行",
    Event.REPEAL: "废止或宣布失效",
}

TRANSITIONS: dict[tuple[State, Event], State] = {
    (State.DRAFT, Event.PASS_REVIEW): State.REVIEWED,
    (State.DRAFT, Event.RETURN): State.DRAFT,
    (State.REVIEWED, Event.DISCUSS): State.DISCUSSED,
    (State.DISCUSSED, Event.ISSUE): State.ISSUED,
    (State.ISSUED, Event.REPEAL): State.REPEALED,
}
# A fair-competition review may be recorded (or redone) until the document is issued.
REVIEWABLE = frozenset({State.DRAFT, State.REVIEWED, State.DISCUSSED})


def target(state: State | str, event: Event | str) -> State:
    """The next state; ``normative_docs.transition_forbidden`` naming what the state allows."""
    current, happening = State(state), Event(event)
    nxt = TRANSITIONS.get((current, happening))
    if nxt is None:
        allowed = "、".join(e.label for (s, e) in TRANSITIONS if s is current) or "无"
        raise DomainError(
            "normative_docs.transition_forbidden",
            f"当前状态为“{current.label}”，不能“{happening.label}”；当前可办理：{allowed}",
            state=current.value,
            event=happening.value,
        )
    return nxt
