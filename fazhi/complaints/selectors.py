"""Reads of the complaints app: queues, the on-time rate and the statistics breakdowns (all set-based)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth

from fazhi.complaints.choices import Category, Channel, Kind
from fazhi.complaints.models import Complaint
from fazhi.core.access import scope
from fazhi.rulebook.masking import mask_person_name

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


def review_queue(user: Any, *, limit: int = 50, offset: int = 0) -> list[Complaint]:
    """Steps waiting for legal review (法制审核), the one whose clock runs out first on top; then those with no
    clock (not-covered matters) by day of receipt."""
    return list(
        visible(user)
        .filter(status="legal_review")
        .order_by(F("due_on").asc(nulls_last=True), "received_on", "id")
        .only(*LIST_FIELDS)[offset : offset + limit]
    )


def search(user: Any, q: str = "") -> QuerySet[Complaint]:
    """Everything the user may see; what is still running comes first, the earliest due on top, then the rest
    newest first (the record waiting for action is never the last row of page 4)."""
    qs = visible(user)
    if q:
        found = qs.filter(number__startswith=q) | qs.filter(respondent_name__contains=q)
        keys = _consumer_keys_of(q)
        qs = (found | qs.filter(consumer_key__in=keys)) if keys else found
    return qs.order_by(F("due_on").asc(nulls_last=True), "-received_on", "-id").only(*LIST_FIELDS)


def _consumer_keys_of(q: str) -> list[str]:
    """A whole phone or ID number typed into the search box, as the keyed index the encrypted numbers are searched
    by (issue 14 §10: the numbers themselves are ciphertext and cannot be filtered) — under every configured index
    key, so that a search still finds what ``fazhi data-key rotate-index`` has not re-computed yet."""
    from fazhi.complaints.services import consumer_keys, normalise_phone

    text = q.strip().upper()
    if len(text) == 18 and text[:17].isdigit() and (text[17].isdigit() or text[17] == "X"):
        return consumer_keys(id_number=text)
    if len(normalise_phone(text)) >= 7 and not any(ch.isalpha() for ch in text):
        return consumer_keys(phone=text)
    return []


def by_number(user: Any, number: str) -> Complaint | None:
    """The record with this registration number, if the user may see it (a clue's link back to its tip)."""
    return visible(user).filter(number=number).only("id").first()


def clue_of(complaint: Complaint) -> dict[str, Any] | None:
    """The handed-over tip's clue as the cases module reports it (None before the hand-over)."""
    if complaint.clue_id is None:
        return None
    from fazhi.cases.selectors import clue_summary

    return clue_summary(complaint.clue_id)


def next_step(complaint: Complaint, *, clue: dict[str, Any] | None = None, today: dt.date) -> dict[str, Any]:
    """Who acts next on ``complaint`` and by when — in this module or, for a handed-over tip, in the cases module."""
    from fazhi.complaints import clocks, workflow

    if complaint.kind == "tip" and complaint.status == "handed_over" and clue is not None:
        if clue["status"] == "verifying":
            return _step(
                "案件承办部门（负责人决定）",
                "核查举报线索，并由负责人决定是否立案",
                clue["verification_due_on"],
                today,
                clue["url"],
            )
        if complaint.real_name and clue["reporter_named"] and not clue["reporter_notified_on"]:
            due = clocks.compute(clocks.REPORTER_NOTICE, clue["decided_on"], received_on=complaint.received_on).due
            return _step("案件承办人", f"告知实名举报人{clue['status_label']}的决定", due, today, clue["url"])
        return _step("", f"线索{clue['status_label']}，举报处理完毕", None, today, clue["url"])
    review = None
    if complaint.status == "legal_review":
        review = complaint.reviews.filter(outcome="").order_by("-pk").first()
    step = workflow.next_step(
        complaint.kind,
        complaint.status,
        testing=complaint.testing_since is not None,
        outcome=complaint.outcome,
        notified=complaint.notified_on is not None,
        return_state=review.return_state if review else "",
    )
    if step is None:
        return _step("", "办理完毕，无待办事项", None, today, "")
    return _step(step.who, step.what, getattr(complaint, step.due) if step.due else None, today, "")


def _step(who: str, what: str, due: dt.date | None, today: dt.date, url: str) -> dict[str, Any]:
    return {
        "who": who,
        "what": what,
        "due": due,
        "overdue": due is not None and due < today,
        "due_today": due == today,
        "url": url,
        "done": not who,
    }


def department_due(user: Any, *, today: dt.date, which: str, limit: int = 100, offset: int = 0) -> list[Complaint]:
    """Due today (``which="today"``) or overdue (``which="overdue"``) in the departments ``user`` may see, the
    longest overdue first."""
    qs = visible(user).filter(due_on__isnull=False)
    qs = qs.filter(due_on=today) if which == "today" else qs.filter(due_on__lt=today)
    return list(qs.order_by("due_on", "id").only(*LIST_FIELDS)[offset : offset + limit])


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
    (``reverse`` per row was most of the queue page's time). ``provisional`` marks a due date that runs through a
    year whose holiday notice is not loaded (the complaint page gives the engine's reason)."""
    from django.urls import reverse

    from fazhi.deadlines.selectors import current_calendar

    calendar = current_calendar()
    prefix = reverse("complaints:detail", args=[0])[: -len("0/")]
    return [
        {
            "obj": c,
            "url": f"{prefix}{c.pk}/",
            "consumer": mask_person_name(c.consumer_name) if c.consumer_name else "",
            "provisional": bool(c.due_on and calendar.missing_years(c.received_on, c.due_on)),
        }
        for c in rows
    ]


# ---------------------------------------------------------------- the on-time rate and statistics

ON_TIME_SQL = """
SELECT COUNT(*),
       SUM(CASE WHEN decided_on <= decision_due_on
                 AND closed_on <= closing_due_on
                 AND (outcome <> 'terminated' OR notified_on <= notice_due_on)
                THEN 1 ELSE 0 END)
FROM complaints_complaint
WHERE kind = 'complaint' AND status IN ('closed', 'refused') AND closed_on >= %s AND closed_on < %s
"""


def on_time_counts(year: int) -> tuple[int, int]:
    """(handled in ``year``, of which on time), from recorded dates and the rule-computed due dates — never a flag.

    Complaints count in the year they were closed (refused, mediated, or terminated): on time when the acceptance
    decision met its 7 working days, the closing met its period (the acceptance period for a refusal, the
    mediation period otherwise) and, after a termination, both parties were told within 7 working days. Tips count
    in the year their clue was decided (the 立案 decision is the clue's, in the cases module): on time when the
    decision met the one verification period that started on the day of receipt (extensions included) and a
    real-name reporter was told within 5 working days of it."""
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    with connection.cursor() as cur:
        cur.execute(ON_TIME_SQL, [start, end])
        total, on_time = cur.fetchone()
    tips_total, tips_on_time = tip_on_time_counts([year])[year]
    return int(total or 0) + tips_total, int(on_time or 0) + tips_on_time


def tip_on_time_counts(years: Sequence[int]) -> dict[int, tuple[int, int]]:
    """The tips' part of ``on_time_counts`` for each of ``years`` — (decided, of which on time) — in one statement
    over the years' decided clues (the annual report asks for two years at once)."""
    from fazhi.complaints import clocks

    out = {y: (0, 0) for y in years}
    if not years:
        return out
    start, end = dt.date(min(years), 1, 1), dt.date(max(years) + 1, 1, 1)
    tips = Complaint.objects.filter(
        kind="tip", status="handed_over", clue__decided_on__gte=start, clue__decided_on__lt=end
    ).values_list(
        "received_on",
        "real_name",
        "clue__decided_on",
        "clue__verification_due_on",
        "clue__reporter_name",
        "clue__reporter_notified_on",
    )
    calendar = None  # read once when first needed, not once per tip (it is a query)
    for received, real_name, decided, due, reporter, notified in tips.iterator(chunk_size=5000):
        assert decided is not None  # filtered on clue__decided_on
        if decided.year not in out:
            continue
        ok = due is not None and decided <= due
        if ok and real_name and reporter:
            if calendar is None:
                calendar = clocks.current_calendar()
            notice_due = clocks.compute(clocks.REPORTER_NOTICE, decided, received_on=received, calendar=calendar).due
            ok = notified is not None and notified <= notice_due
        total, on_time = out[decided.year]
        out[decided.year] = (total + 1, on_time + ok)
    return out


def percent_on_time(total: int, on_time: int) -> Decimal | None:
    """``on_time`` of ``total`` in percent (2 places); None when nothing was handled."""
    if not total:
        return None
    return (Decimal(on_time) * 100 / Decimal(total)).quantize(Decimal("0.01"))


def on_time_rate(year: int) -> Decimal | None:
    """Percent (2 places) closed on time among those closed in ``year``; None when none closed."""
    return percent_on_time(*on_time_counts(year))


def _year(qs: QuerySet[Complaint], year: int) -> QuerySet[Complaint]:
    return qs.filter(received_on__gte=dt.date(year, 1, 1), received_on__lt=dt.date(year + 1, 1, 1))


def matters_received(year: int) -> QuerySet[Complaint]:
    """Every matter received in ``year``, whatever its kind, channel or status (redirected and merged ones too)."""
    return _year(Complaint.objects.all(), year)


def received_records(year: int) -> QuerySet[Complaint]:
    """Complaints and tips received in ``year`` (a split submission counts once per part, as the 12315 platform
    counts 投诉 and 举报 separately); redirected matters and merged duplicates are not counted."""
    return matters_received(year).filter(kind__in=[Kind.COMPLAINT, Kind.TIP]).exclude(status="merged")


def received_count(year: int) -> int:
    return received_records(year).count()


def recovered_records(year: int) -> QuerySet[Complaint]:
    """Mediations that succeeded and were closed in ``year`` (the recovered amounts are theirs)."""
    return Complaint.objects.filter(
        closed_on__gte=dt.date(year, 1, 1), closed_on__lt=dt.date(year + 1, 1, 1), outcome="succeeded"
    )


def recovered_yuan(year: int) -> Decimal:
    """Economic losses recovered for consumers by mediations closed in ``year``."""
    total = recovered_records(year).aggregate(s=Sum("recovered_amount"))["s"]
    return Decimal(total or 0).quantize(Decimal("1"))


def grid_records(year: int) -> QuerySet[Complaint]:
    return matters_received(year).filter(channel=Channel.GRID)


def grid_work_orders(year: int) -> int:
    return grid_records(year).count()


def handled_records(year: int) -> QuerySet[Complaint]:
    """What the on-time rate is computed over (``on_time_counts``): complaints closed (refused, mediated or
    terminated) in ``year`` and tips whose clue was decided in ``year``."""
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    return Complaint.objects.filter(
        Q(kind="complaint", status__in=("closed", "refused"), closed_on__gte=start, closed_on__lt=end)
        | Q(kind="tip", status="handed_over", clue__decided_on__gte=start, clue__decided_on__lt=end)
    )


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
    panels = []
    if user_can(user, "complaints.legal_review"):
        rows = review_queue(user, limit=5)
        panels.append(
            {
                "title": "投诉举报待法制审核",
                "link": reverse("complaints:queue") + "?view=review",
                "items": [_panel_item(c, today) for c in rows],
                "figures": [
                    {"label": "待审核", "value": visible(user).filter(status="legal_review").count(), "tone": ""}
                ],
            }
        )
    if user_can(user, "complaints.handle"):
        counts = due_counts(user, today=today)
        panels.append(
            {
                "title": "我的投诉举报",
                "link": reverse("complaints:queue"),
                "items": [_panel_item(c, today) for c in queue_for(user, limit=5)],
                "figures": [
                    {"label": "今日到期", "value": counts["today"], "tone": "warn" if counts["today"] else "ok"},
                    {"label": "已超期", "value": counts["overdue"], "tone": "bad" if counts["overdue"] else "ok"},
                ],
            }
        )
    return panels


def _panel_item(c: Complaint, today: dt.date) -> dict[str, Any]:
    from django.urls import reverse

    return {
        "text": f"{c.get_kind_display()} {c.number} {c.respondent_name}",
        "url": reverse("complaints:detail", args=[c.pk]),
        "note": f"期限 {c.due_on:%Y-%m-%d}" if c.due_on else "无期限",
        "tone": "" if c.due_on is None else ("bad" if c.due_on < today else ("warn" if c.due_on == today else "")),
    }
