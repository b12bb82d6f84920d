"""Reads of 法律事务 and 建议提案: scoped lists, the metrics."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from fazhi.core.access import scope
from fazhi.legal_affairs.models import LegalMatter, Proposal


def matters(user: Any) -> QuerySet[LegalMatter]:
    return scope(user, LegalMatter.objects.select_related("department"), "department")


def proposals(user: Any) -> QuerySet[Proposal]:
    return scope(user, Proposal.objects.select_related("department"), "department")


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)


def handled_records(year: int) -> QuerySet[LegalMatter]:
    """Legal matters completed in the year."""
    start, end = _year(year)
    return LegalMatter.objects.filter(completed_on__gte=start, completed_on__lt=end)


def handled(year: int) -> int:
    return handled_records(year).count()


def proposals_replied(kind: str, year: int) -> QuerySet[Proposal]:
    """Proposals (CPPCC) or suggestions (NPC) replied in the year, whatever the proposer's answer."""
    start, end = _year(year)
    return Proposal.objects.filter(kind=kind, replied_on__gte=start, replied_on__lt=end)


def proposals_closed_records(year: int) -> QuerySet[Proposal]:
    """CPPCC proposals replied in the year whose proposer answered 满意 or 基本满意."""
    return proposals_replied(Proposal.CPPCC, year).filter(satisfied=True)


def proposals_closed(year: int) -> int:
    return proposals_closed_records(year).count()


def suggestions_closed_records(year: int) -> QuerySet[Proposal]:
    return proposals_replied(Proposal.NPC, year)


def suggestions_closed(year: int) -> int:
    return suggestions_closed_records(year).count()
