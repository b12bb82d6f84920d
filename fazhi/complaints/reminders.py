"""Daily reminders: what is due (today, tomorrow) or overdue, as in-app notices to the assignees.

Idempotent: one notice per (user, complaint, due date, day) through ``Notification.dedupe_key``; re-running the
same day creates nothing new. Set-based: one query for the due rows, one for the existing keys, one bulk insert.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse

from fazhi.complaints import selectors
from fazhi.core.audit import audit_record
from fazhi.core.models import Notification


def remind(*, today: dt.date, horizon_days: int = 1) -> dict[str, Any]:
    """Create the notices for ``today``; returns ``{"date", "due", "created", "items": [...]}``."""
    rows = list(
        selectors.due_for_reminder(today=today, horizon_days=horizon_days).values_list(
            "pk", "number", "kind", "due_on", "assignee_id", "department_id"
        )
    )
    items = []
    wanted: dict[tuple[int, str], Notification] = {}
    for pk, number, kind, due_on, assignee_id, department_id in rows:
        assert due_on is not None  # due_for_reminder filters due_on__isnull=False
        state = "overdue" if due_on < today else ("today" if due_on == today else "soon")
        items.append(
            {
                "id": pk,
                "number": number,
                "kind": kind,
                "due_on": due_on.isoformat(),
                "state": state,
                "assignee_id": assignee_id,
                "department_id": department_id,
            }
        )
        key = f"complaints:{pk}:{due_on.isoformat()}:{today.isoformat()}"
        label = {"overdue": "已超期", "today": "今日到期", "soon": "即将到期"}[state]
        wanted[(assignee_id, key)] = Notification(
            user_id=assignee_id,
            kind="complaints.due",
            dedupe_key=key,
            title=f"{'投诉' if kind == 'complaint' else '举报'} {number} {label}（期限 {due_on}）",
            body="请在期限内办理；期限依据及计算过程见来件页面。",
            link=reverse("complaints:detail", args=[pk]),
        )
    created = 0
    with transaction.atomic():
        if wanted:
            existing = set(
                Notification.objects.filter(kind="complaints.due", dedupe_key__in=[k for _, k in wanted]).values_list(
                    "user_id", "dedupe_key"
                )
            )
            new = [n for ident, n in wanted.items() if ident not in existing]
            Notification.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
            created = len(new)
        if created:
            audit_record(
                action="complaints.remind",
                target=("job", "complaints.remind"),
                changes={"date": today, "created": created, "due": len(items)},
            )
    return {"date": today.isoformat(), "due": len(items), "created": created, "items": items}
