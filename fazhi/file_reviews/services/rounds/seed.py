"""The lottery numbers of a round's committed seed, entered by two different people (the two-person rule).

A round committed to a named future lottery draw (``round_commit``) can only be drawn once two people with the
organiser's permission have entered the winning numbers independently and the two entries agree (RFC 3797 §4:
one typist is one point of failure) — the same rule, errors and audit trail as the inspections' draw seed
(``fazhi.inspections.services.seeds.seed_enter_value``). The first entry is never shown (the audit trail keeps
its hash), so the second person cannot copy it; two entries that differ are both discarded and recorded.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Literal

from django.db import transaction
from django.utils import timezone

from fazhi.core import revision
from fazhi.core.access import require
from fazhi.core.audit import audit_record
from fazhi.core.clock import now
from fazhi.core.errors import DomainError
from fazhi.file_reviews import workflow
from fazhi.file_reviews.choices import SeedKind
from fazhi.file_reviews.models import ReviewRound
from fazhi.rulebook import draws
from fazhi.rulebook.errors import RulebookError

ENTRY_FIELDS = ["seed_first_entry", "seed_first_entry_by", "seed_first_entry_at"]


@dataclass(frozen=True)
class SeedEntry:
    """What one entry did: the first of two, the matching second (the seed is fixed), or a mismatch."""

    review_round: ReviewRound
    outcome: Literal["first", "confirmed", "mismatch"]


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def lottery_numbers(value: Any) -> str:
    """The entered numbers in canonical form (``03 07 12 19 25 31 + 09``), or ``file_reviews.lottery_value_format``."""
    try:
        return draws.normalise_lottery_numbers(value if isinstance(value, str) else "")
    except RulebookError as exc:
        raise DomainError("file_reviews.lottery_value_format", exc.message, field="value") from None


def round_seed_enter(*, review_round: ReviewRound, value: str, actor: Any) -> SeedEntry:
    """录入开奖号码: one of the two independent entries of the winning numbers, after the draw took place.

    The second entry, by another person, fixes ``seed_value`` when both agree; when they differ both are discarded
    and the round waits for two new entries. No revision is asked for: the two people enter from their own pages
    and neither may see whether the other has entered yet."""
    require(actor, "file_reviews.organise")
    number = lottery_numbers(value)
    with transaction.atomic():
        locked = revision.lock(review_round, revision=None, what="评查活动")
        if (
            locked.status != workflow.RoundState.COMMITTED
            or locked.seed_kind != SeedKind.PUBLIC_ANNOUNCED
            or locked.seed_value
        ):
            raise DomainError(
                "file_reviews.seed_not_open", "该评查活动的随机数已确定、已抽取或不是公开开奖号码，无需录入。"
            )
        at = now()
        assert locked.seed_fixed_at is not None  # a committed lottery round names its draw time
        if at < locked.seed_fixed_at:
            raise DomainError(
                "file_reviews.lottery_not_drawn",
                f"所采用的一期尚未开奖（开奖时间 {timezone.localtime(locked.seed_fixed_at):%Y-%m-%d %H:%M}）："
                "开奖后才能录入号码。",
                field="value",
            )
        if not locked.seed_first_entry:
            locked.seed_first_entry, locked.seed_first_entry_by, locked.seed_first_entry_at = number, actor, at
            revision.save_bumped(locked, ENTRY_FIELDS, original=review_round)
            audit_record(
                action="file_reviews.seed_first_entry",
                target=review_round,
                actor=actor,
                changes={"round": locked.number, "entry_sha256": _digest(number)},
            )
            return SeedEntry(review_round, "first")
        if locked.seed_first_entry_by_id == getattr(actor, "pk", None):
            raise DomainError(
                "file_reviews.seed_same_person",
                "开奖号码须由两个不同的人分别录入：第一遍是您录入的，请另一位有权限的同事录入第二遍。",
                field="value",
            )
        if locked.seed_first_entry != number:
            first = locked.seed_first_entry
            locked.seed_first_entry, locked.seed_first_entry_by, locked.seed_first_entry_at = "", None, None
            revision.save_bumped(locked, ENTRY_FIELDS, original=review_round)
            audit_record(
                action="file_reviews.seed_entries_differ",
                target=review_round,
                actor=actor,
                changes={"round": locked.number, "first_sha256": _digest(first), "second_sha256": _digest(number)},
            )
            return SeedEntry(review_round, "mismatch")
        first_by = locked.seed_first_entry_by_id
        locked.seed_value, locked.seed_confirmed_by, locked.seed_confirmed_at = number, actor, at
        revision.save_bumped(locked, ["seed_value", "seed_confirmed_by", "seed_confirmed_at"], original=review_round)
        audit_record(
            action="file_reviews.seed_confirm",
            target=review_round,
            actor=actor,
            changes={
                "round": locked.number,
                "value": number,
                "source": locked.seed_source,
                "draw_at": locked.seed_fixed_at,
                "first_entry_by": first_by,
            },
        )
        return SeedEntry(review_round, "confirmed")
