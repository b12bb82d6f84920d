"""A review round from plan to close: create, select the files (verifiable draw or criteria) with their reviewers,
start, grade, send the feedback, close or cancel. One service per step; each locks the round, checks its revision,
takes the transition from the pure table and writes an audit event per changed record.

``planning`` (create), ``selection`` (the draw, verify, reassign), ``progress`` (start → close/cancel) share
``common`` (the rubric in force and the transition helper); ``seed`` is the two-person entry of a lottery seed.
"""

from fazhi.file_reviews.services.rounds.planning import round_create
from fazhi.file_reviews.services.rounds.progress import (
    round_cancel,
    round_close,
    round_grade,
    round_send_feedback,
    round_start,
)
from fazhi.file_reviews.services.rounds.seed import SeedEntry, lottery_numbers, round_seed_enter
from fazhi.file_reviews.services.rounds.selection import (
    candidate_cases,
    draw_version,
    file_reassign,
    reviewer_conflict,
    round_commit,
    round_record_chunks,
    round_select,
    round_verify,
)

__all__ = [
    "SeedEntry",
    "lottery_numbers",
    "candidate_cases",
    "draw_version",
    "file_reassign",
    "reviewer_conflict",
    "round_commit",
    "round_record_chunks",
    "round_cancel",
    "round_close",
    "round_create",
    "round_grade",
    "round_seed_enter",
    "round_select",
    "round_send_feedback",
    "round_start",
    "round_verify",
]
