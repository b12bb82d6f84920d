"""Reads of 重大行政决策: the catalogue, scoped lists, the public catalogue, metrics."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from fazhi.core.access import scope
from fazhi.major_decisions.models import MajorDecision
from fazhi.major_decisions.workflow import MADE


def decisions(user: Any) -> QuerySet[MajorDecision]:
    return scope(user, MajorDecision.objects.select_related("department"), "department")


def public_catalogue(year: int) -> QuerySet[MajorDecision]:
    """The year's catalogue as published (条例 Art. 3), with the published decisions."""
    return MajorDecision.objects.filter(catalogue_year=year).order_by("number")


def made_records(year: int) -> QuerySet[MajorDecision]:
    """Major decisions made (decided) in the year."""
    return MajorDecision.objects.filter(
        status__in=[s.value for s in MADE],
        decided_on__gte=dt.date(year, 1, 1),
        decided_on__lt=dt.date(year + 1, 1, 1),
    )


def made(year: int) -> int:
    return made_records(year).count()


def catalogued_records(year: int) -> QuerySet[MajorDecision]:
    return MajorDecision.objects.filter(catalogue_year=year)


def catalogued(year: int) -> int:
    return catalogued_records(year).count()
