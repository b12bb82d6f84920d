"""The review round (评查活动) and the rectification (整改) as explicit, pure state tables.

No ORM: services ask :func:`round_target` / :func:`rectification_target` for the next state and raise the coded
error they give. Drawn in ``docs/domain/file_reviews.md``; the expected tables are written by hand in
``tests/transitions.yaml`` and compared with these.
"""

from __future__ import annotations

import enum

from fazhi.core.errors import DomainError


class RoundState(enum.StrEnum):
    DRAFT = "draft"
    COMMITTED = "committed"
    SELECTED = "selected"
    REVIEWING = "reviewing"
    GRADED = "graded"
    FEEDBACK = "feedback"
    CLOSED = "closed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return ROUND_STATE_LABELS[self]


ROUND_STATE_LABELS = {
    RoundState.DRAFT: "计划中",
    RoundState.COMMITTED: "已固定案卷库",
    RoundState.SELECTED: "已抽取案卷",
    RoundState.REVIEWING: "评查中",
    RoundState.GRADED: "已评定等次",
    RoundState.FEEDBACK: "整改中",
    RoundState.CLOSED: "已完成",
    RoundState.CANCELLED: "已撤销",
}


class RoundEvent(enum.StrEnum):
    COMMIT = "commit"
    SELECT = "select"
    START = "start"
    GRADE = "grade"
    SEND_FEEDBACK = "send_feedback"
    CLOSE = "close"
    CANCEL = "cancel"

    @property
    def label(self) -> str:
        return ROUND_EVENT_LABELS[self]


ROUND_EVENT_LABELS = {
    RoundEvent.COMMIT: "固定案卷库和随机数",
    RoundEvent.SELECT: "抽取（选取）案卷",
    RoundEvent.START: "开始评查",
    RoundEvent.GRADE: "评定等次",
    RoundEvent.SEND_FEEDBACK: "反馈评查意见、部署整改",
    RoundEvent.CLOSE: "完成评查",
    RoundEvent.CANCEL: "撤销评查活动",
}

R, RE = RoundState, RoundEvent

ROUND_TRANSITIONS: dict[tuple[RoundState, RoundEvent], RoundState] = {
    (R.DRAFT, RE.COMMIT): R.COMMITTED,  # the pool, panel and seed commitment fixed before the draw
    (R.DRAFT, RE.CANCEL): R.CANCELLED,
    (R.COMMITTED, RE.SELECT): R.SELECTED,
    (R.COMMITTED, RE.CANCEL): R.CANCELLED,
    (R.SELECTED, RE.START): R.REVIEWING,
    (R.SELECTED, RE.CANCEL): R.CANCELLED,
    (R.REVIEWING, RE.GRADE): R.GRADED,
    (R.GRADED, RE.SEND_FEEDBACK): R.FEEDBACK,
    (R.GRADED, RE.CLOSE): R.CLOSED,  # guard: no file needs rectification
    (R.FEEDBACK, RE.CLOSE): R.CLOSED,  # guard: every rectification verified
}

# Files may be scored while the round is under review; reviewers may be changed before scoring starts.
SCORING_STATES = frozenset({R.REVIEWING})
REASSIGN_STATES = frozenset({R.SELECTED, R.REVIEWING})
DISTINCTION_STATES = frozenset({R.GRADED, R.FEEDBACK})


def round_target(state: RoundState | str, event: RoundEvent | str) -> RoundState:
    """The round's state after ``event``; ``file_reviews.transition_forbidden`` naming what is allowed."""
    current, happening = RoundState(state), RoundEvent(event)
    nxt = ROUND_TRANSITIONS.get((current, happening))
    if nxt is None:
        allowed = "、".join(e.label for (s, e) in ROUND_TRANSITIONS if s is current) or "无"
        raise DomainError(
            "file_reviews.transition_forbidden",
            f"评查活动处于“{current.label}”状态，不能“{happening.label}”；当前可办理：{allowed}",
            state=current.value,
            event=happening.value,
        )
    return nxt


class RectificationState(enum.StrEnum):
    OPEN = "open"
    REPORTED = "reported"
    VERIFIED = "verified"

    @property
    def label(self) -> str:
        return {"open": "待整改", "reported": "已报告整改情况", "verified": "整改完成（已销号）"}[self.value]


class RectificationEvent(enum.StrEnum):
    REPORT = "report"
    VERIFY = "verify"
    RETURN = "return"

    @property
    def label(self) -> str:
        return {"report": "报告整改情况", "verify": "核验销号", "return": "退回重新整改"}[self.value]


RECTIFICATION_TRANSITIONS: dict[tuple[RectificationState, RectificationEvent], RectificationState] = {
    (RectificationState.OPEN, RectificationEvent.REPORT): RectificationState.REPORTED,
    (RectificationState.REPORTED, RectificationEvent.VERIFY): RectificationState.VERIFIED,
    (RectificationState.REPORTED, RectificationEvent.RETURN): RectificationState.OPEN,
}


def rectification_target(state: RectificationState | str, event: RectificationEvent | str) -> RectificationState:
    current, happening = RectificationState(state), RectificationEvent(event)
    nxt = RECTIFICATION_TRANSITIONS.get((current, happening))
    if nxt is None:
        raise DomainError(
            "file_reviews.rectification_forbidden",
            f"整改处于“{current.label}”状态，不能“{happening.label}”",
            state=current.value,
            event=happening.value,
        )
    return nxt
