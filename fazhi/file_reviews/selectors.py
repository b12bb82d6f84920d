"""Reads of the case-file review module: the live review of a case, the archive gate, queues and registers.

``case_live_review(case)`` computes the machine checks of one case afresh from its records (a fixed handful of
queries, a few milliseconds) — the case page and the archive gate use it; the stored ``LiveScore`` table (written
by the nightly recompute) serves lists and statistics over all cases.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from fazhi.core.access import is_department_scoped, scope
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError, from_rulebook
from fazhi.core.roles import user_can
from fazhi.file_reviews.choices import FileState, RectificationStatus, RoundStatus
from fazhi.file_reviews.facts import load_facts
from fazhi.file_reviews.models import HigherReview, LiveScore, Rectification, ReviewFile, ReviewRound
from fazhi.rulebook import file_review as engine
from fazhi.rulebook.errors import RulebookError


def rubric_for(day: dt.date) -> engine.Rubric:
    try:
        return engine.rubric_on(day)
    except RulebookError as exc:
        raise from_rulebook(exc) from exc


# ---------------------------------------------------------------------------------------------------------------
# Live review


@dataclass(frozen=True)
class LiveRow:
    """One machine check as the case page shows it."""

    checkpoint_id: str
    item_label: str
    text: str
    status: str
    status_label: str
    message: str
    deduction: int
    blocking: bool
    veto: bool
    citation: str
    rule_status: str


@dataclass(frozen=True)
class LiveView:
    case_id: int
    today: dt.date
    rubric: engine.Rubric
    review: engine.LiveReview
    rows: tuple[LiveRow, ...]

    @property
    def score(self) -> int:
        return self.review.score

    @property
    def blocking(self) -> tuple[LiveRow, ...]:
        return tuple(r for r in self.rows if r.blocking and r.status in ("fail", "pending"))

    @property
    def failed(self) -> tuple[LiveRow, ...]:
        return tuple(r for r in self.rows if r.status == "fail")

    @property
    def provisional_grade(self) -> engine.Grade:
        return self.rubric.grade(self.review.score, veto_failed=self.review.veto_failed)

    @property
    def tone(self) -> str:
        return "bad" if self.blocking or self.review.veto_failed else ("warn" if self.failed else "ok")


def _rows(rubric: engine.Rubric, review: engine.LiveReview) -> tuple[LiveRow, ...]:
    out = []
    for result in review.results:
        cp = rubric.checkpoint(result.checkpoint_id)
        out.append(
            LiveRow(
                checkpoint_id=cp.id,
                item_label=rubric.item(cp.item_id).label,
                text=cp.text,
                status=result.status.value,
                status_label=result.status.label,
                message=result.message,
                deduction=result.deduction,
                blocking=cp.blocking,
                veto=cp.veto,
                citation=str(cp.citation),
                rule_status=cp.status.value,
            )
        )
    return tuple(out)


def case_live_review(case: Any, *, today: dt.date | None = None) -> LiveView:
    """The machine checks of one case as of ``today`` (the legal today by default), computed from its records."""
    today = today or legal_today()
    rubric = rubric_for(today)
    facts = load_facts(rubric=rubric, case_ids=[case.pk])
    if not facts:  # pragma: no cover - the caller holds a saved case
        raise DomainError("file_reviews.case_missing", "案件不存在")
    review = engine.evaluate(facts[0], today=today, rubric=rubric)
    return LiveView(case.pk, today, rubric, review, _rows(rubric, review))


def check_archivable(*, case: Any, today: dt.date | None = None) -> None:
    """The archive gate the cases module calls: refuses (``file_reviews.archive_blocked``) while any blocking
    machine check fails or is not yet met, naming each one."""
    view = case_live_review(case, today=today)
    if view.blocking:
        listed = "；".join(f"{r.text}（{r.message}）" for r in view.blocking)
        raise DomainError(
            "file_reviews.archive_blocked",
            f"案卷评查未通过以下阻断归档的要点，请补正后再归档：{listed}",
            checkpoints=[r.checkpoint_id for r in view.blocking],
        )


def live_queue(user: Any, *, blocking_only: bool = True, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Cases by their stored live score (lowest first), scoped to what the user may see."""
    from fazhi.cases.models import Case

    cases = scope(user, Case.objects.all(), "department")
    qs = LiveScore.objects.filter(case__in=cases.values("pk"))
    if blocking_only:
        qs = qs.filter(blocking_count__gt=0)
    rows = qs.order_by("score", "-blocking_count", "case_id").values(
        "case_id",
        "score",
        "blocking_count",
        "failed",
        "computed_on",
        "case__number",
        "case__title",
        "case__state",
        "case__department__name",
    )[offset : offset + limit]
    return [dict(row) for row in rows]


def live_distribution(user: Any) -> dict[str, Any]:
    """Counts of stored live scores by band, and the number of cases with blocking failures (for the home page)."""
    from fazhi.cases.models import Case

    cases = scope(user, Case.objects.all(), "department")
    qs = LiveScore.objects.filter(case__in=cases.values("pk"))
    agg = qs.aggregate(
        total=Count("case_id"),
        excellent=Count("case_id", filter=Q(score__gte=90)),
        passing=Count("case_id", filter=Q(score__gte=70, score__lt=90)),
        failing=Count("case_id", filter=Q(score__lt=70)),
        blocked=Count("case_id", filter=Q(blocking_count__gt=0)),
    )
    last = qs.order_by("-computed_on").values_list("computed_on", flat=True).first()
    return {**agg, "computed_on": last}


# ---------------------------------------------------------------------------------------------------------------
# Rounds, files, rectifications, higher reviews


def rounds(user: Any) -> QuerySet[ReviewRound]:
    # the draw record (every candidate of the frozen pool) is read only by the round's own page: lists leave it
    return ReviewRound.objects.defer("draw_record").annotate(n_files=Count("files")).order_by("-started_on", "-id")


def visible_files(user: Any) -> QuerySet[ReviewFile]:
    """Department-scoped users see their department's files and the files they review (cross review)."""
    qs = ReviewFile.objects.select_related("case", "department", "round").defer("round__draw_record")
    if not is_department_scoped(user):
        return qs
    return qs.filter(Q(department_id=user.department_id) | Q(reviewers=user)).distinct()


def round_files(user: Any, review_round: ReviewRound) -> list[ReviewFile]:
    return list(
        visible_files(user).filter(round=review_round).prefetch_related("reviewers").order_by("draw_rank", "id")
    )


def files_to_score(user: Any) -> QuerySet[ReviewFile]:
    return (
        ReviewFile.objects.filter(reviewers=user, round__status=RoundStatus.REVIEWING, status=FileState.ASSIGNED)
        .select_related("case", "round")
        .defer("round__draw_record")
        .order_by("round__due_on", "id")
    )


def visible_rectifications(user: Any) -> QuerySet[Rectification]:
    qs = Rectification.objects.select_related("file__case", "file__round", "department").defer(
        "file__round__draw_record"
    )
    return scope(user, qs, "department")


def higher_reviews(user: Any) -> QuerySet[HigherReview]:
    return scope(user, HigherReview.objects.select_related("case", "department"), "department")


def home_panels(user: Any) -> list[dict[str, Any]]:
    """The user's own work: files to score, rectifications of the department, cases whose archive is blocked."""
    if not user_can(user, "file_reviews.view"):
        return []
    today = legal_today()
    items = []
    for f in files_to_score(user)[:5]:
        items.append(
            {
                "text": f"评查 {f.case.number}",
                "url": reverse("file_reviews:file_detail", kwargs={"pk": f.pk}),
                "note": f"{f.round.title}，{f.round.due_on} 前完成",
                "tone": "bad" if f.round.due_on < today else "warn",
            }
        )
    rects = visible_rectifications(user).filter(status=RectificationStatus.OPEN).order_by("due_on")
    for r in rects[:5]:
        items.append(
            {
                "text": f"整改 {r.file.case.number}",
                "url": reverse("file_reviews:rectification_detail", kwargs={"pk": r.pk}),
                "note": f"{r.due_on} 前报告整改情况",
                "tone": "bad" if r.due_on < today else "warn",
            }
        )
    dist = live_distribution(user)
    if not items and not dist["total"]:
        return []
    return [
        {
            "title": "案卷评查",
            "link": reverse("file_reviews:home"),
            "items": items,
            "figures": [
                {"label": "阻断归档的案件", "value": dist["blocked"], "tone": "bad" if dist["blocked"] else "ok"},
                {"label": "待我评查", "value": files_to_score(user).count(), "tone": "warn"},
            ],
        }
    ]
