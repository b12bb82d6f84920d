"""Reads of 规范性文件: scoped lists, the public lists of valid and repealed documents, expiry reminders, metrics."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from fazhi.core.access import scope
from fazhi.core.clock import legal_today
from fazhi.core.roles import user_can
from fazhi.normative_docs.models import (
    CleanupEntry,
    CleanupRound,
    FairCompetitionReview,
    MechanismRecord,
    NormativeDocument,
    Status,
)
from fazhi.rulebook import oversight as rules


def documents(user: Any) -> QuerySet[NormativeDocument]:
    return scope(user, NormativeDocument.objects.select_related("department"), "department")


def mechanisms(user: Any) -> QuerySet[MechanismRecord]:
    return scope(user, MechanismRecord.objects.select_related("department", "document"), "department")


def cleanups() -> QuerySet[CleanupRound]:
    return CleanupRound.objects.all()


def public_valid(today: dt.date) -> QuerySet[NormativeDocument]:
    """现行有效: issued, not repealed, within its validity on ``today``."""
    return (
        NormativeDocument.objects.filter(status=Status.ISSUED, issued_on__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .order_by("-issued_on", "-id")
    )


def public_ended(today: dt.date) -> QuerySet[NormativeDocument]:
    """已废止、失效: repealed (by decision or clean-up) or past their validity."""
    return NormativeDocument.objects.filter(
        Q(status=Status.REPEALED) | Q(status=Status.ISSUED, valid_until__lt=today)
    ).order_by("-issued_on", "-id")


def published_cleanups() -> QuerySet[CleanupRound]:
    return CleanupRound.objects.filter(published_on__isnull=False).order_by("-published_on")


def expiring(user: Any, today: dt.date) -> QuerySet[NormativeDocument]:
    """Issued documents whose validity ends within the reminder window (评估提醒) or has ended."""
    months = rules.number("normative_docs.periods", "expiry_reminder_months", today)
    horizon = today + dt.timedelta(days=round(months * 30.44))
    return documents(user).filter(status=Status.ISSUED, valid_until__lte=horizon).order_by("valid_until")


def unfiled(user: Any) -> QuerySet[NormativeDocument]:
    return documents(user).filter(status=Status.ISSUED, filed_on__isnull=True).order_by("filing_due_on")


def home_panels(user: Any) -> list[dict[str, Any]]:
    if not user_can(user, "normative_docs.view"):
        return []
    today = legal_today()
    items = [
        {
            "text": f"规范性文件 {d.document_number or d.number} 有效期至 {d.valid_until}",
            "url": d.get_absolute_url(),
            "note": "已届满" if d.valid_until and d.valid_until < today else "届满前评估",
            "tone": "bad" if d.valid_until and d.valid_until < today else "warn",
        }
        for d in expiring(user, today)[:4]
    ]
    items += [
        {
            "text": f"规范性文件 {d.document_number or d.number} 待报送备案",
            "url": d.get_absolute_url(),
            "note": f"{d.filing_due_on} 前" if d.filing_due_on else "",
            "tone": "bad" if d.filing_due_on and d.filing_due_on < today else "warn",
        }
        for d in unfiled(user)[:4]
    ]
    if not items:
        return []
    return [{"title": "规范性文件", "link": reverse("normative_docs:home"), "items": items, "figures": []}]


# ---------------------------------------------------------------------------------------------------------------
# Metrics (set-based)


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)


def cleaned_records(year: int) -> QuerySet[CleanupEntry]:
    """Documents cleaned up: entries of the clean-up rounds whose results were published in the year."""
    start, end = _year(year)
    return CleanupEntry.objects.filter(cleanup__published_on__gte=start, cleanup__published_on__lt=end).select_related(
        "document"
    )


def cleaned(year: int) -> int:
    return cleaned_records(year).count()


def issued_records(year: int) -> QuerySet[NormativeDocument]:
    start, end = _year(year)
    return NormativeDocument.objects.filter(issued_on__gte=start, issued_on__lt=end)


def issued(year: int) -> int:
    return issued_records(year).count()


def fair_review_records(year: int) -> QuerySet[FairCompetitionReview]:
    start, end = _year(year)
    return (
        FairCompetitionReview.objects.filter(reviewed_on__gte=start, reviewed_on__lt=end)
        .select_related("document")
        .order_by("reviewed_on", "id")
    )


def fair_reviews(year: int) -> int:
    return fair_review_records(year).count()


def mechanism_records(year: int) -> QuerySet[MechanismRecord]:
    start, end = _year(year)
    return MechanismRecord.objects.filter(held_on__gte=start, held_on__lt=end)


def mechanism_count(year: int) -> int:
    return mechanism_records(year).count()
