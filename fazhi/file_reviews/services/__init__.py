"""Services of the case-file review module (the only write door); one per step."""

from fazhi.file_reviews.services.higher import higher_review_result, higher_review_send
from fazhi.file_reviews.services.live import live_recompute
from fazhi.file_reviews.services.rectifications import rectification_report, rectification_verify
from fazhi.file_reviews.services.rounds import (
    candidate_cases,
    draw_version,
    file_reassign,
    reviewer_conflict,
    round_cancel,
    round_close,
    round_commit,
    round_create,
    round_grade,
    round_record_chunks,
    round_seed_enter,
    round_select,
    round_send_feedback,
    round_start,
    round_verify,
)
from fazhi.file_reviews.services.scoring import file_distinguish, file_score

__all__ = [
    "candidate_cases",
    "draw_version",
    "file_distinguish",
    "file_reassign",
    "file_score",
    "higher_review_result",
    "higher_review_send",
    "live_recompute",
    "rectification_report",
    "rectification_verify",
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
