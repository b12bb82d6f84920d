"""Record types of 规范性文件 for ``fazhi export`` / ``fazhi import-bundle``."""

from __future__ import annotations

from fazhi.core.bundle import register_record_type
from fazhi.normative_docs.models import (
    CleanupEntry,
    CleanupRound,
    FairCompetitionReview,
    MechanismRecord,
    NormativeDocument,
)

register_record_type("normative_docs.document", NormativeDocument)
register_record_type("normative_docs.fair_competition_review", FairCompetitionReview)
register_record_type("normative_docs.cleanup", CleanupRound)
register_record_type("normative_docs.cleanup_entry", CleanupEntry)
register_record_type("normative_docs.mechanism_record", MechanismRecord)
