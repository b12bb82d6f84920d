"""Record types of the case-file review module for ``fazhi export`` / ``fazhi import-bundle`` (after cases')."""

from __future__ import annotations

from fazhi.core.bundle import register_record_type
from fazhi.file_reviews.models import HigherReview, ItemScore, Rectification, ReviewFile, ReviewRound

register_record_type("file_reviews.round", ReviewRound)
register_record_type("file_reviews.file", ReviewFile)
register_record_type("file_reviews.item_score", ItemScore)
register_record_type("file_reviews.rectification", Rectification)
register_record_type("file_reviews.higher_review", HigherReview)
