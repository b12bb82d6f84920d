"""Reads of the remedies registers: scoped lists, what is due, a case's reconsiderations and lawsuits, the metrics."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from fazhi.core.access import scope
from fazhi.core.clock import legal_today
from fazhi.core.roles import user_can
from fazhi.remedies.choices import Status
from fazhi.remedies.models import Hearing, Lawsuit, Reconsideration


def reconsiderations(user: Any) -> QuerySet[Reconsideration]:
    return scope(user, Reconsideration.objects.select_related("department", "case"), "department")


def lawsuits(user: Any) -> QuerySet[Lawsuit]:
    return scope(user, Lawsuit.objects.select_related("department", "case"), "department")


def due_answers(user: Any, *, today: dt.date) -> list[Any]:
    """Open matters whose answer is not yet submitted, soonest first (both registers)."""
    rows: list[Any] = []
    for qs in (reconsiderations(user), lawsuits(user)):
        rows += list(qs.filter(status=Status.RECEIVED).order_by("answer_due_on")[:20])
    return sorted(rows, key=lambda m: (m.answer_due_on or dt.date.max, m.pk))


def for_case(case: Any) -> list[dict[str, Any]]:
    """The reconsiderations and lawsuits against a penalty case (for its page)."""
    rows = [
        {
            "m": m,
            "label": "行政复议",
            "party": m.applicant_name,
            "url": reverse("remedies:reconsideration_detail", kwargs={"pk": m.pk}),
        }
        for m in Reconsideration.objects.filter(case=case)
    ]
    rows += [
        {"m": m, "label": "行政诉讼", "party": m.court, "url": reverse("remedies:lawsuit_detail", kwargs={"pk": m.pk})}
        for m in Lawsuit.objects.filter(case=case)
    ]
    return rows


def home_panels(user: Any) -> list[dict[str, Any]]:
    if not user_can(user, "remedies.view"):
        return []
    today = legal_today()
    items = []
    for m in due_answers(user, today=today)[:6]:
        url_name = "remedies:reconsideration_detail" if isinstance(m, Reconsideration) else "remedies:lawsuit_detail"
        overdue = m.answer_due_on is not None and m.answer_due_on < today
        items.append(
            {
                "text": f"{'复议答复' if isinstance(m, Reconsideration) else '应诉答辩'} {m.number}",
                "url": reverse(url_name, kwargs={"pk": m.pk}),
                "note": f"{m.answer_due_on} 前提交" if m.answer_due_on else "期限待定",
                "tone": "bad" if overdue else "warn",
            }
        )
    if not items:
        return []
    return [{"title": "复议诉讼", "link": reverse("remedies:home"), "items": items, "figures": []}]


# ---------------------------------------------------------------------------------------------------------------
# Metrics (set-based)


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)


def reconsidered(year: int) -> QuerySet[Reconsideration]:
    """Reconsiderations the bureau handled as respondent: copy of the application received in the year."""
    start, end = _year(year)
    return Reconsideration.objects.filter(copy_received_on__gte=start, copy_received_on__lt=end).order_by(
        "copy_received_on", "id"
    )


def reconsiderations_handled(year: int) -> int:
    return reconsidered(year).count()


def sued(year: int) -> QuerySet[Lawsuit]:
    """Lawsuits the bureau handled as defendant: copy of the complaint received in the year."""
    start, end = _year(year)
    return Lawsuit.objects.filter(complaint_received_on__gte=start, complaint_received_on__lt=end).order_by(
        "complaint_received_on", "id"
    )


def lawsuits_handled(year: int) -> int:
    return sued(year).count()


def court_hearings(year: int) -> QuerySet[Hearing]:
    start, end = _year(year)
    return (
        Hearing.objects.filter(lawsuit__isnull=False, held_on__gte=start, held_on__lt=end)
        .select_related("lawsuit", "reconsideration")
        .order_by("held_on", "id")
    )


def head_appearance_records(year: int) -> QuerySet[Hearing]:
    """Court sessions held in the year at which the bureau's head appeared (负责人出庭应诉)."""
    return court_hearings(year).filter(head_appeared=True)


def head_appearances(year: int) -> int:
    return head_appearance_records(year).count()


def head_duty_hearings(year: int) -> QuerySet[Hearing]:
    """The year's court sessions that required the head (a duty in force): the base of the appearance rate."""
    return court_hearings(year).exclude(head_duty="")


def head_appearance_rate(year: int) -> Decimal | None:
    """Percent of the year's court sessions that required the head (a duty in force) at which the head appeared."""
    agg = head_duty_hearings(year).aggregate(n=Count("id"), appeared=Count("id", filter=Q(head_appeared=True)))
    if not agg["n"]:
        return None
    return (Decimal(agg["appeared"]) * 100 / Decimal(agg["n"])).quantize(Decimal("0.01"))


def _concluded(model: Any, year: int) -> QuerySet[Any]:
    start, end = _year(year)
    return model.objects.filter(status=Status.CONCLUDED, decided_on__gte=start, decided_on__lt=end).order_by(
        "decided_on", "id"
    )


def _correction_rate(model: Any, year: int) -> Decimal | None:
    """纠错率: percent of the matters concluded in the year whose outcome corrected the act (changed, revoked,
    confirmed unlawful or void, ordered to perform — the rulebook's ``corrects``)."""
    agg = _concluded(model, year).aggregate(n=Count("id"), corrected=Count("id", filter=Q(corrects=True)))
    if not agg["n"]:
        return None
    return (Decimal(agg["corrected"]) * 100 / Decimal(agg["n"])).quantize(Decimal("0.01"))


def concluded_reconsiderations(year: int) -> QuerySet[Reconsideration]:
    return _concluded(Reconsideration, year)


def concluded_lawsuits(year: int) -> QuerySet[Lawsuit]:
    return _concluded(Lawsuit, year)


def reconsideration_correction_rate(year: int) -> Decimal | None:
    return _correction_rate(Reconsideration, year)


def litigation_correction_rate(year: int) -> Decimal | None:
    return _correction_rate(Lawsuit, year)
