"""Reads of the sampling module: the metric record sets, lists for the screens, queues for the home page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case, Count, IntegerField, Min, Q, QuerySet, When

from fazhi.core.access import scope
from fazhi.core.clock import legal_today
from fazhi.core.roles import user_can
from fazhi.sampling.choices import (
    CampaignArea,
    CampaignKind,
    CampaignStatus,
    Finding,
    ProductArea,
    Result,
    SampleStatus,
    TargetKind,
)
from fazhi.sampling.models import Campaign, CampaignCheck, LateRetestReview, Sample, SamplingPlan


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def tested_batches(year: int, area: str) -> QuerySet[Sample]:
    """Batches of ``area`` sampled in ``year`` with a recorded conclusion (the ``sampling.*_batches`` records)."""
    first, last = _year(year)
    return Sample.objects.filter(
        area=area, sampled_on__gte=first, sampled_on__lte=last, result__in=Result.values
    ).order_by("sampled_on", "id")


def sampled(year: int, area: str) -> QuerySet[Sample]:
    """Every batch of ``area`` sampled in ``year``, whatever its result (the source of the ``*_batches`` figures)."""
    first, last = _year(year)
    return Sample.objects.filter(area=area, sampled_on__gte=first, sampled_on__lte=last)


def campaigns_started(year: int) -> QuerySet[Campaign]:
    """Every campaign starting in ``year``, any area and kind (the source of the campaign figures)."""
    first, last = _year(year)
    return Campaign.objects.filter(starts_on__gte=first, starts_on__lte=last)


def product_category_count(year: int) -> int:
    return (
        tested_batches(year, ProductArea.PRODUCT)
        .exclude(product_category="")
        .aggregate(n=Count("product_category", distinct=True))["n"]
    )


def food_special_inspections(year: int) -> QuerySet[Campaign]:
    first, last = _year(year)
    return Campaign.objects.filter(
        area=CampaignArea.FOOD, kind=CampaignKind.ENFORCEMENT, starts_on__gte=first, starts_on__lte=last
    ).order_by("starts_on", "id")


def elevator_maintainer_checks(year: int) -> QuerySet[CampaignCheck]:
    """One check per elevator maintenance unit checked in ``year`` (its first), so each unit is listed once."""
    first, last = _year(year)
    checks = CampaignCheck.objects.filter(
        campaign__target_kind=TargetKind.ELEVATOR_MAINTAINER, checked_on__gte=first, checked_on__lte=last
    )
    firsts = checks.values("entity").annotate(first=Min("id")).values("first")
    return CampaignCheck.objects.filter(pk__in=firsts).select_related("campaign", "entity").order_by("checked_on", "id")


def elevator_maintainers_checked(year: int) -> int:
    first, last = _year(year)
    return (
        CampaignCheck.objects.filter(
            campaign__target_kind=TargetKind.ELEVATOR_MAINTAINER, checked_on__gte=first, checked_on__lte=last
        )
        .values("entity")
        .distinct()
        .count()
    )


# ---------------------------------------------------------------- screens


def samples_for(
    user: Any,
    *,
    area: str = "",
    status: str = "",
    result: str = "",
    year: int | None = None,
    query: str = "",
) -> QuerySet[Sample]:
    qs = scope(user, Sample.objects.all(), "department").select_related("entity", "department", "task")
    if area in ProductArea.values:
        qs = qs.filter(area=area)
    if status in SampleStatus.values:
        qs = qs.filter(status=status)
    if result in Result.values:
        qs = qs.filter(result=result)
    if year:
        first, last = _year(year)
        qs = qs.filter(sampled_on__gte=first, sampled_on__lte=last)
    if query:
        qs = qs.filter(Q(number=query) | Q(product_name__contains=query) | Q(entity__name__contains=query))
    return qs.order_by("-sampled_on", "-id")


def late_reviews_for(user: Any) -> QuerySet[LateRetestReview]:
    """Late re-test requests for 法制审核: the pending ones first (oldest first), then the decided ones."""
    qs = scope(user, LateRetestReview.objects.all(), "sample__department").select_related(
        "sample", "sample__entity", "submitted_by", "decided_by"
    )
    return qs.annotate(pending=Case(When(decision="", then=0), default=1, output_field=IntegerField())).order_by(
        "pending", "submitted_on", "id"
    )


def plans_for(user: Any, *, year: int | None = None) -> QuerySet[SamplingPlan]:
    qs = SamplingPlan.objects.select_related("department").annotate(
        tasks_n=Count("tasks", distinct=True), samples_n=Count("tasks__samples")
    )
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "number")


def campaigns_for(user: Any, *, year: int | None = None) -> QuerySet[Campaign]:
    qs = Campaign.objects.select_related("department").annotate(
        checks_n=Count("checks"),
        problems_n=Count("checks", filter=Q(checks__finding__in=[Finding.RECTIFY, Finding.CLUE])),
    )
    if year:
        first, last = _year(year)
        qs = qs.filter(starts_on__gte=first, starts_on__lte=last)
    return qs.order_by("-starts_on", "-id")


def area_figures(year: int) -> list[dict[str, Any]]:
    """Per product area: batches with a conclusion and how many were unqualified (one grouped query)."""
    first, last = _year(year)
    rows = (
        Sample.objects.filter(sampled_on__gte=first, sampled_on__lte=last, result__in=Result.values)
        .values("area")
        .annotate(n=Count("id"), bad=Count("id", filter=Q(result=Result.UNQUALIFIED)))
    )
    by_area: dict[str, dict[str, int]] = {r["area"]: {"n": r["n"], "bad": r["bad"]} for r in rows}
    return [
        {
            "area": area,
            "label": label,
            "batches": by_area.get(area, {}).get("n", 0),
            "unqualified": by_area.get(area, {}).get("bad", 0),
        }
        for area, label in ProductArea.choices
    ]


def home_panels(user: Any) -> list[dict[str, Any]]:
    """The user's own work: unqualified batches waiting for a step, re-test windows ending soon."""
    if not user_can(user, "sampling.record"):
        return []
    from django.urls import reverse

    today = legal_today()
    qs = scope(user, Sample.objects.all(), "department")
    waiting = qs.filter(status__in=[SampleStatus.UNQUALIFIED, SampleStatus.NOTIFIED, SampleStatus.DISPOSING])
    items = [
        {
            "text": f"{s.number} {s.product_name}",
            "url": s.get_absolute_url(),
            "note": s.get_status_display(),
            "tone": "warn",
        }
        for s in waiting.select_related("entity").order_by("sampled_on", "id")[:5]
    ]
    open_campaigns = Campaign.objects.filter(status=CampaignStatus.OPEN).count()
    return [
        {
            "title": "抽检不合格待处置",
            "link": reverse("sampling:sample_list") + "?result=unqualified",
            "items": items,
            "figures": [
                {"label": "待处置批次", "value": waiting.count(), "tone": "warn" if items else "ok"},
                {
                    "label": "7日内复检期满",
                    "value": qs.filter(
                        status=SampleStatus.NOTIFIED,
                        retest_due_on__gte=today,
                        retest_due_on__lte=today + dt.timedelta(7),
                    ).count(),
                    "tone": "ok",
                },
                {"label": "进行中的专项整治", "value": open_campaigns, "tone": "ok"},
            ],
        }
    ]
