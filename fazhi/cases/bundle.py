"""Record types of the cases app for ``fazhi export`` / ``fazhi import-bundle`` (after the registry's)."""

from __future__ import annotations

from fazhi.cases.models import (
    Case,
    CaseDocument,
    Clue,
    CollectiveDiscussion,
    DocumentCounter,
    Evidence,
    LegalReview,
    Publication,
)
from fazhi.core.bundle import register_record_type

register_record_type("cases.clue", Clue)
register_record_type("cases.case", Case)
register_record_type("cases.legal_review", LegalReview)
register_record_type("cases.collective_discussion", CollectiveDiscussion)
register_record_type("cases.evidence", Evidence)
register_record_type("cases.document_counter", DocumentCounter)
register_record_type("cases.case_document", CaseDocument)
register_record_type("cases.publication", Publication)
