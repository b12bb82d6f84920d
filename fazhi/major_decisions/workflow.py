"""A major administrative decision (重大行政决策) as an explicit, pure state table.

Catalogued (列入年度目录, 条例 Art. 3) — while catalogued, the mandatory steps are recorded one by one (公众参与,
专家论证, 风险评估, 合法性审查, 集体讨论; each done or lawfully skipped with a reason) and public hearings held
(听证会, Arts. 16–17); these steps leave the state unchanged → decided (集体讨论决定, only when every mandatory step
is done or lawfully skipped — the gate is in the service, the steps are data) → published (Art. 32) → under
post-decision evaluation (决策后评估, organised by the deciding body on one of the grounds of the regulation) →
evaluated (the evaluation's conclusion, the basis for continuing, adjusting, suspending or stopping the decision).
Expected table in ``tests/transitions.yaml``.
"""

from __future__ import annotations

import enum

from fazhi.core.errors import DomainError


class State(enum.StrEnum):
    CATALOGUED = "catalogued"
    DECIDED = "decided"
    PUBLISHED = "published"
    EVALUATING = "evaluating"
    EVALUATED = "evaluated"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    State.CATALOGUED: "履行决策程序中",
    State.DECIDED: "已作出决策",
    State.PUBLISHED: "已公布",
    State.EVALUATING: "决策后评估中",
    State.EVALUATED: "已完成决策后评估",
}


class Event(enum.StrEnum):
    RECORD_STEP = "record_step"
    HOLD_HEARING = "hold_hearing"
    DECIDE = "decide"
    PUBLISH = "publish"
    START_EVALUATION = "start_evaluation"
    CONCLUDE_EVALUATION = "conclude_evaluation"

    @property
    def label(self) -> str:
        return EVENT_LABELS[self]


EVENT_LABELS = {
    Event.RECORD_STEP: "登记决策程序",
    Event.HOLD_HEARING: "登记听证会",
    Event.DECIDE: "作出决策",
    Event.PUBLISH: "公布决策",
    Event.START_EVALUATION: "组织决策后评估",
    Event.CONCLUDE_EVALUATION: "形成评估结论",
}

TRANSITIONS: dict[tuple[State, Event], State] = {
    (State.CATALOGUED, Event.RECORD_STEP): State.CATALOGUED,
    (State.CATALOGUED, Event.HOLD_HEARING): State.CATALOGUED,
    (State.CATALOGUED, Event.DECIDE): State.DECIDED,
    (State.DECIDED, Event.PUBLISH): State.PUBLISHED,
    (State.PUBLISHED, Event.START_EVALUATION): State.EVALUATING,
    (State.EVALUATING, Event.CONCLUDE_EVALUATION): State.EVALUATED,
}

#: States in which the decision has been made (for the figures: made in the year of ``decided_on``).
MADE = (State.DECIDED, State.PUBLISHED, State.EVALUATING, State.EVALUATED)


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
