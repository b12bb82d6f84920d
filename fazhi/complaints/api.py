"""Complaints API (mounted at /api/v1/complaints/): the same gates and selectors as the pages.

The consumer's identity is not in these schemas: an API client may feed other systems (Order 20 Art. 33)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Router, Schema

from fazhi.complaints import clocks, selectors
from fazhi.complaints.access import access_complaint
from fazhi.core.access import require

router = Router(tags=["投诉举报"])


class ComplaintOut(Schema):
    id: int
    number: str
    kind: str
    channel: str
    status: str
    received_on: dt.date
    due_on: dt.date | None
    respondent_name: str
    category: str
    department_id: int
    assignee_id: int | None


class ComplaintDetailOut(ComplaintOut):
    decided_on: dt.date | None
    decision_due_on: dt.date | None
    mediation_due_on: dt.date | None
    closed_on: dt.date | None
    outcome: str
    recovered_amount: Decimal
    clocks: list[dict]

    @staticmethod
    def resolve_clocks(obj) -> list[dict]:
        return [
            {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in clock.items()}
            for clock in clocks.explain(obj)
        ]


@router.get("/queue", response=list[ComplaintOut])
def queue(request, limit: int = 50):
    """The caller's queue, earliest due first."""
    require(request.user, "complaints.view")
    return selectors.queue_for(request.user, limit=max(1, min(limit, 500)))


@router.get("/{complaint_id}", response=ComplaintDetailOut)
def detail(request, complaint_id: int):
    return access_complaint(user=request.user, complaint_id=complaint_id)


@router.get("/stats/{year}", response=dict)
def stats(request, year: int):
    require(request.user, "complaints.view")
    return {
        "received": selectors.received_count(year),
        "on_time_rate": str(selectors.on_time_rate(year)) if selectors.on_time_rate(year) is not None else None,
        "recovered_yuan": str(selectors.recovered_yuan(year)),
        "grid_work_orders": selectors.grid_work_orders(year),
        "by_category": selectors.by_category(year),
        "by_channel": selectors.by_channel(year),
        "by_month": selectors.by_month(year),
        "top_respondents": selectors.top_respondents(year),
    }
