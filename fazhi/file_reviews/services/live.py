"""The nightly live review: every case's machine checks recomputed and stored, set-based.

Facts are loaded per primary-key range with a fixed number of queries (``fazhi.file_reviews.facts``), evaluated by
the pure rulebook engine, and written with the one bulk writer (COPY on PostgreSQL, executemany on SQLite) after a
single DELETE, in one transaction with one audit event for the batch (the table is derived data; the decisions it
reports are audited where they were taken).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max, Min

from fazhi.cases.models import Case
from fazhi.core import bulk
from fazhi.core.audit import audit_record
from fazhi.core.clock import legal_today
from fazhi.core.errors import from_rulebook
from fazhi.deadlines.selectors import current_calendar
from fazhi.file_reviews.facts import load_facts
from fazhi.file_reviews.models import LiveScore
from fazhi.rulebook import file_review as engine
from fazhi.rulebook.errors import RulebookError
from fazhi.rulebook.version import rulebook_version

COLUMNS = (
    "case_id",
    "score",
    "max_score",
    "failed",
    "blocking",
    "blocking_count",
    "veto_failed",
    "rubric_id",
    "rulebook_version",
    "computed_on",
)


@dataclass
class RecomputeReport:
    today: dt.date
    rubric_id: str
    cases: int = 0
    blocked: int = 0
    below_pass: int = 0
    by_checkpoint: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "rubric": self.rubric_id,
            "cases": self.cases,
            "blocked": self.blocked,
            "below_pass": self.below_pass,
            "failed_by_checkpoint": dict(sorted(self.by_checkpoint.items())),
        }


def score_rows(facts: list[engine.CaseFacts], *, today: dt.date, rubric: engine.Rubric, version: str, report: RecomputeReport) -> list[tuple[Any, ...]]:  # fmt: skip
    """Evaluate ``facts`` and turn each result into a LiveScore row (JSON columns as text)."""
    pass_mark = rubric.grades[1].min_points
    rows = []
    for f in facts:
        review = engine.evaluate(f, today=today, rubric=rubric)
        failed = [r.checkpoint_id for r in review.failed]
        blocking = [r.checkpoint_id for r in review.blocking]
        for cp in failed:
            report.by_checkpoint[cp] = report.by_checkpoint.get(cp, 0) + 1
        report.blocked += bool(blocking)
        report.below_pass += review.score < pass_mark
        rows.append(
            (
                f.case_id,
                review.score,
                review.max_score,
                json.dumps(failed),
                json.dumps(blocking),
                len(blocking),
                review.veto_failed,
                rubric.id,
                version,
                today,
            )
        )
    report.cases += len(rows)
    return rows


def live_recompute(
    *, today: dt.date | None = None, chunk_size: int = 50_000, progress: Callable[[int], None] | None = None
) -> RecomputeReport:
    """Recompute and store the live review of every case as of ``today`` (the legal today by default)."""
    today = today or legal_today()
    try:
        rubric = engine.rubric_on(today)
    except RulebookError as exc:
        raise from_rulebook(exc) from exc
    version, calendar = rulebook_version(), current_calendar()
    report = RecomputeReport(today=today, rubric_id=rubric.id)
    bounds = Case.objects.aggregate(low=Min("id"), high=Max("id"))
    with transaction.atomic():
        LiveScore.objects.all().delete()
        if bounds["low"] is not None:
            for low in range(bounds["low"], bounds["high"] + 1, chunk_size):
                facts = load_facts(rubric=rubric, id_range=(low, low + chunk_size), calendar=calendar)
                bulk.insert(
                    LiveScore, COLUMNS, score_rows(facts, today=today, rubric=rubric, version=version, report=report)
                )
                if progress is not None:
                    progress(len(facts))
        audit_record(
            action="file_reviews.live_recompute", target=("file_reviews.livescore", "*"), changes=report.as_dict()
        )
    return report
