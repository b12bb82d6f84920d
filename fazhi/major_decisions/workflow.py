"""A major administrative decision (重大行政决策) as an explicit, pure state table.

Catalogued (列入年度目录) → decided (集体讨论决定, only when every mandatory step of the 重大行政决策程序暂行条例 is
done or lawfully skipped with a reason — the gate is in the service, the steps are data) → published (Art. 32).
Expected table in ``tests/transitions.yaml``.
"""

from __future__ import annotations

import enum

from fazhi.core.errors import DomainError


class State(enum.StrEnum):
    CATALOGUED = "catalogued"
    DECIDED = "decided"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {State.CATALOGUED: "履行决策程序中", State.DECIDED: "已作出决策", State.PUBLISHED: "已公布"}


class Event(enum.StrEnum):
    DECIDE = "decide"
    PUBLISH = "publish"

    @property
    def label(self) -> str:
        return {"decide": "作出决策", "publish": "公布决策"}[self.value]


TRANSITIONS: dict[tuple[State, Event], State] = {
    (State.CATALOGUED, Event.DECIDE): State.DECIDED,
    (State.DECIDED, Event.PUBLISH): State.PUBLISHED,
}


def target(state: State | str, event: Event | str) -> State:
    current, happening = State(state), Event(event)
    nxt = TRANSITIONS.get((current, happening))
    if nxt is None:
        allowed = "、".join(e.label for (s, e) in TRANSITIONS if s is current) or "无"
        raise DomainError(
            "major_decisions.transition_forbidden",
            f"当前状态为“{current.label}”，不能“{happening.label}”；当前可办理：{allowed}",
            state=current.value,
            event=happening.value,
        )
    return nxt
