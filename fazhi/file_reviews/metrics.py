"""The case-file review metrics of the annual report (seed-figures.md § Oversight, review and disclosure).

- ``file_reviews.rounds``: review rounds held (started in the year; a round still being planned or cancelled is not
  held).
- ``file_reviews.files``: case files reviewed in those rounds.
- ``file_reviews.files_sent_up``: case files sent to higher authorities' reviews in the year.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from fazhi.core.metrics import register_metric
from fazhi.file_reviews.choices import RoundStatus
from fazhi.file_reviews.models import HigherReview, ReviewFile, ReviewRound

NOT_HELD = (RoundStatus.DRAFT, RoundStatus.CANCELLED)


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)


def held_rounds(year: int) -> QuerySet[ReviewRound]:
    start, end = _year(year)
    return ReviewRound.objects.filter(started_on__gte=start, started_on__lt=end).exclude(status__in=NOT_HELD)


def rounds(year: int) -> int:
    return held_rounds(year).count()


def files(year: int) -> int:
    return ReviewFile.objects.filter(round__in=held_rounds(year).values("pk")).count()


def files_sent_up(year: int) -> int:
    start, end = _year(year)
    return HigherReview.objects.filter(sent_on__gte=start, sent_on__lt=end).count()


register_metric("file_reviews.rounds", "案卷评查次数", module="file_reviews", compute=rounds)
register_metric("file_reviews.files", "评查执法案卷", module="file_reviews", compute=files)
register_metric("file_reviews.files_sent_up", "报送上级评查案卷", module="file_reviews", compute=files_sent_up)
