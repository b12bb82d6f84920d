"""Reads of the audit trail for the audit screen: search by person, object, action and date, newest first.

Fast at a million events: every filter is an equality on an indexed column followed by the sequence (``audit_actor_seq``,
``audit_action_seq``, ``audit_object_seq``), dates become a range of sequences (two lookups on ``audit_occurred``:
sequences and times grow together because appends are serialised), and pages are keyset pages on the sequence
(``before``), so no page counts rows or skips with OFFSET.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from fazhi.core.models import AuditEvent, User

PAGE_SIZE = 50
MAX_PEOPLE = 50
LIST_FIELDS = ("sequence", "occurred_at", "actor_label", "action", "object_type", "object_id")


@dataclass(frozen=True)
class AuditFilters:
    person: str = ""  # part of a user name or display name; "system" for events without a user
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    request_id: str = ""
    before: int | None = None  # keyset: show events with a smaller sequence

    def as_query(self) -> dict[str, str]:
        out = {
            "person": self.person,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "request_id": self.request_id,
        }
        return {k: v for k, v in out.items() if v}


@dataclass
class AuditPage:
    events: list[AuditEvent]
    next_before: int | None  # the ``before`` of the next (older) page, None on the last page
    people: list[User] = field(default_factory=list)  # the users the person filter matched


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def sequence_range(date_from: dt.date | None, date_to: dt.date | None) -> tuple[int | None, int | None]:
    """The sequences of the first event on or after ``date_from`` and the last one on or before ``date_to``
    (dates in the bureau's time zone). ``(0, 0)``-like empty ranges come back as an inverted range."""
    low = high = None
    if date_from is not None:
        first = (
            AuditEvent.objects.filter(occurred_at__gte=_day_start(date_from))
            .order_by("occurred_at")
            .values_list("sequence", flat=True)
            .first()
        )
        low = first if first is not None else 2**62
    if date_to is not None:
        last = (
            AuditEvent.objects.filter(occurred_at__lt=_day_start(date_to + dt.timedelta(days=1)))
            .order_by("-occurred_at")
            .values_list("sequence", flat=True)
            .first()
        )
        high = last if last is not None else 0
    return low, high


def matching_people(text: str) -> list[User]:
    text = text.strip()
    if not text:
        return []
    return list(
        User.objects.filter(Q(username__icontains=text) | Q(display_name__icontains=text)).order_by("username")[
            :MAX_PEOPLE
        ]
    )


def search(filters: AuditFilters) -> AuditPage:
    people = matching_people(filters.person) if filters.person and filters.person != "system" else []
    rows = list(search_queryset(filters, people=people))
    next_before = rows[PAGE_SIZE - 1].sequence if len(rows) > PAGE_SIZE else None
    return AuditPage(rows[:PAGE_SIZE], next_before, people)


def search_queryset(filters: AuditFilters, *, people: list[User] | None = None) -> Any:
    """The page's query (one row more than a page, to know whether an older page exists), not yet run.

    Only the columns the list shows: the changes (JSON, decoded per row) and the hashes stay in the database until
    one event is opened (``event``); the person is the stored ``actor_label``, so no join to the users."""
    qs = AuditEvent.objects.only(*LIST_FIELDS)
    if filters.person == "system":
        qs = qs.filter(actor__isnull=True)
    elif filters.person:
        people = matching_people(filters.person) if people is None else people
        qs = qs.filter(actor_id__in=[p.pk for p in people])
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type)
        if filters.object_id:
            qs = qs.filter(object_id=filters.object_id)
    if filters.request_id:
        qs = qs.filter(request_id=filters.request_id)
    low, high = sequence_range(filters.date_from, filters.date_to)
    if low is not None:
        qs = qs.filter(sequence__gte=low)
    if high is not None:
        qs = qs.filter(sequence__lte=high)
    if filters.before is not None:
        qs = qs.filter(sequence__lt=filters.before)
    return qs.order_by("-sequence")[: PAGE_SIZE + 1]


def event(sequence: Any) -> AuditEvent | None:
    return AuditEvent.objects.select_related("actor").filter(sequence=sequence).first()


def neighbours(ev: AuditEvent) -> dict[str, AuditEvent | None]:
    return {
        "previous": AuditEvent.objects.filter(sequence=ev.sequence - 1).only("sequence", "hash").first(),
        "next": AuditEvent.objects.filter(sequence=ev.sequence + 1).only("sequence", "prev_hash").first(),
    }
