"""Record types of 政府信息公开 for ``fazhi export`` / ``fazhi import-bundle``."""

from __future__ import annotations

from fazhi.core.bundle import register_record_type
from fazhi.disclosure.models import DisclosureRequest, ProactiveDocument

register_record_type("disclosure.request", DisclosureRequest)
register_record_type("disclosure.proactive_document", ProactiveDocument)
