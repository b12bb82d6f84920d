"""Record types of 法律事务 for ``fazhi export`` / ``fazhi import-bundle``."""

from __future__ import annotations

from fazhi.core.bundle import register_record_type
from fazhi.legal_affairs.models import LegalMatter, Proposal

register_record_type("legal_affairs.matter", LegalMatter)
register_record_type("legal_affairs.proposal", Proposal)
