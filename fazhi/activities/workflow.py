"""State tables of the activities module (pure: no ORM).

Typical case (以案释法典型案例): written from a closed penalty case, submitted for review, published (masked text
frozen) or returned for changes; a published one can be withdrawn. The 普法责任清单 is drafted, adopted (the
previously adopted list is superseded at the same moment) and never edited once adopted.
"""

from __future__ import annotations

from enum import StrEnum


class CaseState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class CaseEvent(StrEnum):
    EDIT = "edit"
    SUBMIT = "submit"
    APPROVE = "approve"  # reviewed and published
    RETURN = "return"
    WITHDRAW = "withdraw"


TYPICAL_CASE_TRANSITIONS: dict[tuple[CaseState, CaseEvent], CaseState] = {
    (CaseState.DRAFT, CaseEvent.EDIT): CaseState.DRAFT,
    (CaseState.DRAFT, CaseEvent.SUBMIT): CaseState.SUBMITTED,
    (CaseState.RETURNED, CaseEvent.EDIT): CaseState.RETURNED,
    (CaseState.RETURNED, CaseEvent.SUBMIT): CaseState.SUBMITTED,
    (CaseState.SUBMITTED, CaseEvent.APPROVE): CaseState.PUBLISHED,
    (CaseState.SUBMITTED, CaseEvent.RETURN): CaseState.RETURNED,
    (CaseState.PUBLISHED, CaseEvent.WITHDRAW): CaseState.WITHDRAWN,
}


class ListState(StrEnum):
    DRAFT = "draft"
    ADOPTED = "adopted"
    SUPERSEDED = "superseded"


class ListEvent(StrEnum):
    EDIT = "edit"  # add or remove an item
    ADOPT = "adopt"
    SUPERSEDE = "supersede"  # a newer list was adopted


LIST_TRANSITIONS: dict[tuple[ListState, ListEvent], ListState] = {
    (ListState.DRAFT, ListEvent.EDIT): ListState.DRAFT,
    (ListState.DRAFT, ListEvent.ADOPT): ListState.ADOPTED,
    (ListState.ADOPTED, ListEvent.SUPERSEDE): ListState.SUPERSEDED,
}


class TransitionRefused(Exception):
    def __init__(self, state: str, event: str) -> None:
        super().__init__(f"{event} not allowed in {state}")
        self.state = state
        self.event = event


def typical_case_next(state: str, event: str) -> CaseState:
    try:
        return TYPICAL_CASE_TRANSITIONS[(CaseState(state), CaseEvent(event))]
    except (KeyError, ValueError) as exc:
        raise TransitionRefused(state, event) from exc


def list_next(state: str, event: str) -> ListState:
    try:
        return LIST_TRANSITIONS[(ListState(state), ListEvent(event))]
    except (KeyError, ValueError) as exc:
        raise TransitionRefused(state, event) from exc
