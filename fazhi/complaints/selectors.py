"""Reads of the complaints app: queues, the on-time rate and the statistics breakdowns (all set-based)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth

from fazhi.complaints.choices import Category, Channel, Kind
from fazhi.complaints.models import Complaint
from fazhi.core.access import scope
from fazhi.rulebook.masking import mask_person_name, mask_phone

LIST_FIELDS = (
    "id",
    "number",
    "kind",
    "channel",
    "status",
    "received_on",
    "due_on",
    "respondent_name",
    "category",
    "department_id",
    "assignee_id",
    "consumer_name",
    "repeat_of_id",
)


def visible(user: Any) -> QuerySet[Complaint]:
    """What ``user`` may see (department scoping for officers and section chiefs)."""
    return scope(user, Complaint.objects.all(), "department")


def queue_for(user: Any, *, limit: int = 50, offset: int = 0) -> list[Complaint]:
    """The user's own queue: everything assigned to them with a running clock, earliest due first."""
    return list(
        Complaint.objects.filter(assignee_id=user.pk, due_on__isnull=False)
        .order_by("due_on", "id")
        .only(*LIST_FIELDS)[offset : offset + limit]
    )


def department_due(user: Any, *, today: dt.date, which: str, department_id: int | None = None, limit: int = 100):
    """Due today (``which="today"``) or overdue (``which="overdue"``) in the departments ``user`` may see."""
    qs = visible(user).filter(due_on__isnull=False)
    if department_id:
        qs = qs.filter(department_id=department_id)
    qs = qs.filter(due_on=today) if which == "today" else qs.filter(due_on__lt=today)
    return list(
        qs.select_related("department", "assignee")
        .order_by("due_on", "id")
        .only(*LIST_FIELDS, "department__name", "assignee__display_name", "assignee__username")[:limit]
    )


def due_counts(user: Any, *, today: dt.date) -> dict[str, int]:
    qs = visible(user).filter(due_on__isnull=False)
    return qs.aggregate(
        today=Count("id", filter=Q(due_on=today)),
        overdue=Count("id", filter=Q(due_on__lt=today)),
        soon=Count("id", filter=Q(due_on__gt=today, due_on__lte=today + dt.timedelta(days=3))),
    )


def due_for_reminder(*, today: dt.date, horizon_days: int = 1) -> QuerySet[Complaint]:
    """Open clocks due by ``today + horizon`` (or already overdue) with an assignee, for ``complaints remind``."""
    return (
        Complaint.objects.filter(due_on__isnull=False, due_on__lte=today + dt.timedelta(days=horizon_days))
        .exclude(assignee__isnull=True)
        .order_by("due_on", "id")
    )


def mask_rows(rows: list[Complaint]) -> list[dict[str, Any]]:
    """List rows: consumer name masked, phone and ID number never shown in lists; the link built once
    (``reverse`` per row was most of the queue page's time)."""
    from django.urls import reverse

    prefix = reverse("complaints:detail", args=[0])[: -len("0/")]
    return [
        {"obj": c, "url": f"{prefix}{c.pk}/", "consumer": mask_person_name(c.consumer_name) if c.consumer_name else ""}
        for c in rows
    ]


def masked_phone(phone: str) -> str:
    return mask_phone(phone) if phone else ""


# ---------------------------------------------------------------- the on-time rate and statistics

ON_TIME_SQL = """
SELECT COUNT(*),
       SUM(CASE WHEN closed_on <= closing_due_on
                 AND (decided_on IS NULL OR decision_due_on IS NULL OR decided_on <= decision_due_on)
                THEN 1 ELSE 0 END)
FROM complaints_complaint
WHERE closed_on >= %s AND closed_on < %s AND kind IN ('complaint', 'tip') AND status IN ('closed', 'refused', 'decided')
  AND closing_due_on IS NOT NULL
"""


def on_time_counts(year: int) -> tuple[int, int]:
    """(closed in ``year``, of which on time): the final act on or before its due date under the rule in force
    (stored due dates computed by the rulebook from the recorded dates), and the decision (受理/立案) on time.
    Never a stored flag."""
    with connection.cursor() as cur:
        cur.execute(ON_TIME_SQL, [dt.date(year, 1, 1), dt.date(year + 1, 1, 1)])
        total, on_time = cur.fetchone()
    return int(total or 0), int(on_time or 0)


def on_time_rate(year: int) -> Decimal | None:
    """Percent (2 places) closed on time among those closed in ``year``; None when none closed."""
    total, on_time = on_time_counts(year)
    if not total:
        return None
    return (Decimal(on_time) * 100 / Decimal(total)).quantize(Decimal("0.01"))


def _year(qs: QuerySet[Complaint], year: int) -> QuerySet[Complaint]:
    return qs.filter(received_on__gte=dt.date(year, 1, 1), received_on__lt=dt.date(year + 1, 1, 1))


def received_count(year: int) -> int:
    """Complaints and tips received in ``year`` (a split submission counts once per part, as the 12315 platform
    counts 投诉 and 举报 separately); redirected matters and merged duplicates are not counted."""
    return _year(Complaint.objects.filter(kind__in=[Kind.COMPLAINT, Kind.TIP]), year).exclude(status="merged").count()


def recovered_yuan(year: int) -> Decimal:
    """Economic losses recovered for consumers by mediations closed in ``year``."""
    total = Complaint.objects.filter(
        closed_on__gte=dt.date(year, 1, 1), closed_on__lt=dt.date(year + 1, 1, 1), outcome="succeeded"
    ).aggregate(s=Sum("recovered_amount"))["s"]
    return Decimal(total or 0).quantize(Decimal("1"))


def grid_work_orders(year: int) -> int:
    return _year(Complaint.objects.filter(channel=Channel.GRID), year).count()


def by_category(year: int) -> list[dict[str, Any]]:
    labels = dict(Category.choices)
    rows = _year(Complaint.objects.exclude(kind=Kind.NOT_COVERED), year).values("category").annotate(n=Count("id"))
    return sorted(
        ({"label": labels.get(r["category"], r["category"]), "n": r["n"]} for r in rows), key=lambda r: -r["n"]
    )


def by_channel(year: int) -> list[dict[str, Any]]:
    labels = dict(Channel.choices)
    rows = _year(Complaint.objects.exclude(kind=Kind.NOT_COVERED), year).values("channel").annotate(n=Count("id"))
    return sorted(({"label": labels.get(r["channel"], r["channel"]), "n": r["n"]} for r in rows), key=lambda r: -r["n"])


def by_month(year: int) -> list[dict[str, Any]]:
    rows = dict(
        _year(Complaint.objects.exclude(kind=Kind.NOT_COVERED), year)
        .annotate(m=ExtractMonth("received_on"))
        .values_list("m")
        .annotate(n=Count("id"))
    )
    return [{"label": f"{m}月", "n": rows.get(m, 0)} for m in range(1, 13)]


def top_respondents(year: int, *, limit: int = 10) -> list[dict[str, Any]]:
    rows = (
        _year(Complaint.objects.filter(kind=Kind.COMPLAINT), year)
        .exclude(respondent_name="")
        .values("respondent_name")
        .annotate(n=Count("id"))
        .order_by("-n", "respondent_name")[:limit]
    )
    return [{"label": r["respondent_name"], "n": r["n"]} for r in rows]


def home_panels(user: Any) -> list[dict[str, Any]]:
    from django.urls import reverse

    from fazhi.core.clock import legal_today
    from fazhi.core.roles import user_can

    if not user_can(user, "complaints.view"):
        return []
    today = legal_today()
    items = []
    for c in queue_for(user, limit=5):
        assert c.due_on is not None  # queue_for only returns running clocks (due_on__isnull=False)
        items.append(
            {
                "text": f"{c.get_kind_display()} {c.number} {c.respondent_name}",
                "url": reverse("complaints:detail", args=[c.pk]),
                "note": f"期限 {c.due_on}",
                "tone": "bad" if c.due_on < today else ("warn" if c.due_on == today else ""),
            }
        )
    counts = due_counts(user, today=today)
    return [
        {
            "title": "我的投诉举报",
            "link": reverse("complaints:queue"),
            "items": items,
            "figures": [
                {"label": "今日到期", "value": counts["today"], "tone": "warn" if counts["today"] else "ok"},
                {"label": "已超期", "value": counts["overdue"], "tone": "bad" if counts["overdue"] else "ok"},
            ],
        }
    ]
