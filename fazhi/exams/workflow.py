"""The exam and sitting state tables (pure: no ORM).

Exam: 草稿 → 发布 (paper rules, roster and the recorded seed are fixed) → 结束 (every open sitting is submitted).
Sitting: 答题中 → 已交卷, by the sitter, by the timer or by the exam closing. Nothing leaves 已交卷: a submitted
result is never edited (docs/domain/exams.md).
"""

from __future__ import annotations

from enum import StrEnum


class ExamState(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"


class ExamEvent(StrEnum):
    EDIT = "edit"  # title, schedule, rules, pass mark
    ROSTER = "roster"  # add candidates, exempt one
    PUBLISH = "publish"
    SIT = "sit"  # a candidate starts a sitting
    CLOSE = "close"


class SittingState(StrEnum):
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"


class SittingEvent(StrEnum):
    SAVE_ANSWER = "save_answer"
    SUBMIT = "submit"  # by the sitter
    TIME_OUT = "time_out"  # the sitter's time ran out
    EXAM_CLOSED = "exam_closed"


EXAM_TRANSITIONS: dict[tuple[ExamState, ExamEvent], ExamState] = {
    (ExamState.DRAFT, ExamEvent.EDIT): ExamState.DRAFT,
    (ExamState.DRAFT, ExamEvent.ROSTER): ExamState.DRAFT,
    (ExamState.DRAFT, ExamEvent.PUBLISH): ExamState.PUBLISHED,
    (ExamState.PUBLISHED, ExamEvent.ROSTER): ExamState.PUBLISHED,
    (ExamState.PUBLISHED, ExamEvent.SIT): ExamState.PUBLISHED,
    (ExamState.PUBLISHED, ExamEvent.CLOSE): ExamState.CLOSED,
}

SITTING_TRANSITIONS: dict[tuple[SittingState, SittingEvent], SittingState] = {
    (SittingState.IN_PROGRESS, SittingEvent.SAVE_ANSWER): SittingState.IN_PROGRESS,
    (SittingState.IN_PROGRESS, SittingEvent.SUBMIT): SittingState.SUBMITTED,
    (SittingState.IN_PROGRESS, SittingEvent.TIME_OUT): SittingState.SUBMITTED,
    (SittingState.IN_PROGRESS, SittingEvent.EXAM_CLOSED): SittingState.SUBMITTED,
}


class TransitionRefused(Exception):
    def __init__(self, state: str, event: str) -> None:
        super().__init__(f"{event} not allowed in {state}")
        self.state = state
        self.event = event


def exam_next(state: str, event: str) -> ExamState:
    try:
        return EXAM_TRANSITIONS[(ExamState(state), ExamEvent(event))]
    except (KeyError, ValueError) as exc:
        raise TransitionRefused(state, event) from exc


def sitting_next(state: str, event: str) -> SittingState:
    try:
        return SITTING_TRANSITIONS[(SittingState(state), SittingEvent(event))]
    except (KeyError, ValueError) as exc:
        raise TransitionRefused(state, event) from exc
