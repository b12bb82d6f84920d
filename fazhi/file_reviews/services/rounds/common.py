"""What every step of a review round shares: the rubric in force and the one transition helper (lock the
round, check its revision, take the transition from the pure table, audit).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from fazhi.core import revision
from fazhi.core.audit import audit_record
from fazhi.core.errors import from_rulebook
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
    with transaction.atomic():
        locked = revision.lock(review_round, revision=expected_revision, what="评查活动")
        before = locked.status
        nxt = workflow.round_target(locked.status, event)
        locked.status = nxt.value
        for name, value in fields.items():
            setattr(locked, name, value)
        revision.save_bumped(locked, ["status", *fields], original=review_round)
        audit_record(
            action=f"file_reviews.round_{event.value}",
            target=review_round,
            actor=actor,
            changes={
                "status": [before, nxt.value],
                **{k: v for k, v in fields.items() if k not in audit_exclude},
                **(facts or {}),
            },
        )
    return review_round
