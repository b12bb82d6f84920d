"""Record types of the complaints app for ``fazhi export`` / ``fazhi import-bundle`` (after the registry's and the
cases module's: a handed-over tip refers to its clue)."""

from __future__ import annotations

from fazhi.complaints.models import Attachment, Complaint, LegalReview
from fazhi.core.bundle import register_record_type

register_record_type("complaints.complaint", Complaint)
register_record_type("complaints.attachment", Attachment)
register_record_type("complaints.legal_review", LegalReview)
