"""The case-file review metrics of the annual report (seed-figures.md § Oversight, review and disclosure), each with
its definition and the records it counts (the same conditions).

- ``file_reviews.rounds``: review rounds held (started in the year; a round still being planned or cancelled is not
  held).
- ``file_reviews.files``: case files reviewed in those rounds.
- ``file_reviews.files_sent_up``: case files sent to higher authorities' reviews in the year.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from fazhi.core.metrics import any_record, register_metric
from fazhi.file_reviews.choices import RoundStatus
from fazhi.file_reviews.models import HigherReview, ReviewFile, ReviewRound

NOT_HELD = (RoundStatus.DRAFT, RoundStatus.CANCELLED)


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)


def rounds_started(year: int) -> QuerySet[ReviewRound]:
    """Review rounds dated to start in the year, whatever their status (planned and cancelled ones too)."""
    start, end = _year(year)
    return ReviewRound.objects.filter(started_on__gte=start, started_on__lt=end)


def held_rounds(year: int) -> QuerySet[ReviewRound]:
    return rounds_started(year).exclude(status__in=NOT_HELD).order_by("started_on", "id")


def reviewed_files(year: int) -> QuerySet[ReviewFile]:
    return (
        ReviewFile.objects.filter(round__in=held_rounds(year).values("pk"))
        .select_related("round", "case")
        .order_by("round__started_on", "round_id", "id")
    )


def sent_up_files(year: int) -> QuerySet[HigherReview]:
    start, end = _year(year)
    return (
        HigherReview.objects.filter(sent_on__gte=start, sent_on__lt=end)
        .select_related("case")
        .order_by("sent_on", "id")
    )


def rounds(year: int) -> int:
    return held_rounds(year).count()


def files(year: int) -> int:
    return reviewed_files(year).count()


def files_sent_up(year: int) -> int:
    return sent_up_files(year).count()


# Rounds held and the files reviewed in them pick among the year's review rounds (a held status): where fazhi holds
# no round at all for the year, their 0 is a gap in the records, not a fact. Files sent up to higher authorities'
# reviews are their own kind, which a year may well lack: 0 stays.
REVIEW_ROUNDS = any_record(rounds_started)
register_metric(
    "file_reviews.rounds", "案卷评查次数", module="file_reviews", compute=rounds, records=held_rounds,
    definition="开始日期在当年1月1日至12月31日之间、已开始评查的案卷评查轮次数（计划中和已撤销的不计）",
    source=REVIEW_ROUNDS,
)  # fmt: skip
register_metric(
    "file_reviews.files", "评查执法案卷", module="file_reviews", compute=files, records=reviewed_files,
    definition="上述当年已开始的评查轮次中抽取或选取的执法案卷件数（一卷在一轮中计一次）", source=REVIEW_ROUNDS,
)  # fmt: skip
register_metric(
    "file_reviews.files_sent_up", "报送上级评查案卷", module="file_reviews", compute=files_sent_up,
    records=sent_up_files,
    definition="报送日期在当年1月1日至12月31日之间、报送上级机关评查活动的执法案卷件次",
)  # fmt: skip
