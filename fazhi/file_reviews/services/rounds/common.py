"""What every step of a review round shares: the rubric in force and the one transition helper (lock the
round, check its revision, take the transition from the pure table, audit).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fazhi.core.errors import from_rulebook
from fazhi.core.steps import record_step
from fazhi.file_reviews import workflow
from fazhi.file_reviews.models import ReviewRound
from fazhi.rulebook import file_review as engine
from fazhi.rulebook.errors import RulebookError

E = workflow.RoundEvent
REVIEWABLE_STATES = ("closed", "archived")
REVIEWABLE_PROCEDURES = ("ordinary", "fast_track")
MAX_FILES = 1000  # a round of more files is almost certainly a mistaken criterion (a sanity bound, not law)


def rubric_at(day: dt.date) -> engine.Rubric:
    try:
        return engine.rubric_on(day)
    except RulebookError as exc:
        raise from_rulebook(exc, field="started_on") from exc


def transition(review_round: ReviewRound, event: workflow.RoundEvent, *, actor: Any, fields: dict[str, Any], facts: dict[str, Any] | None = None, audit_exclude: tuple[str, ...] = (), expected_revision: int | None = None) -> ReviewRound:  # fmt: skip
    """One step of a round; ``audit_exclude`` names fields too large (or too secret) for the audit event — their
    hash is audited instead (the frozen pool, the secret before its draw)."""
    return record_step(
        review_round,
        to=lambda status: workflow.round_target(status, event),
        action=f"file_reviews.round_{event.value}",
        what="评查活动",
        actor=actor,
        fields=fields,
        facts=facts,
        expected_revision=expected_revision,
        audit_exclude=audit_exclude,
    )
