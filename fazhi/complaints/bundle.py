"""Record types of the complaints app for ``fazhi export`` / ``fazhi import-bundle`` (after the registry's)."""

from __future__ import annotations

from fazhi.complaints.models import Attachment, Complaint
from fazhi.core.bundle import register_record_type

register_record_type("complaints.complaint", Complaint)
register_record_type("complaints.attachment", Attachment)
