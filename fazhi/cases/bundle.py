"""Record types of the cases app for ``fazhi export`` / ``fazhi import-bundle`` (after the registry's).

The document numbers' counters live in the core numbering table (scopes ``cases.*``); it is registered here
(under core's name, so a registration by core is the same entry) because a bundle without it would restart every
document series at 1 after an import.
"""

from __future__ import annotations

from fazhi.cases.models import (
    Approval,
    Case,
    CaseDocument,
    Clue,
    CollectiveDiscussion,
    DateCorrection,
    Evidence,
    LegalReview,
    PartyStatement,
    Publication,
    SummaryRecord,
    Waiver,
)
from fazhi.core.bundle import register_record_type
from fazhi.core.models import NumberCounter

register_record_type("core.numbercounter", NumberCounter)

register_record_type("cases.clue", Clue)
register_record_type("cases.case", Case)
register_record_type("cases.approval", Approval)
register_record_type("cases.legal_review", LegalReview)
register_record_type("cases.collective_discussion", CollectiveDiscussion)
register_record_type("cases.evidence", Evidence)
register_record_type("cases.party_statement", PartyStatement)
register_record_type("cases.waiver", Waiver)
register_record_type("cases.summary_record", SummaryRecord)
register_record_type("cases.date_correction", DateCorrection)
register_record_type("cases.case_document", CaseDocument)
register_record_type("cases.publication", Publication)
