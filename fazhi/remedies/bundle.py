"""Record types of the remedies registers for ``fazhi export`` / ``fazhi import-bundle`` (after cases')."""

from __future__ import annotations

from fazhi.core.bundle import register_record_type
from fazhi.remedies.models import Hearing, Lawsuit, Reconsideration, Submission

register_record_type("remedies.reconsideration", Reconsideration)
register_record_type("remedies.lawsuit", Lawsuit)
register_record_type("remedies.submission", Submission)
register_record_type("remedies.hearing", Hearing)
