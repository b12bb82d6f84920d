"""Due dates stored on other modules' records, declared so that a calendar change moves them too (issue 13 §1).

Two kinds, declared by each app in ``fazhi/<app>/deadline_copies.py`` (imported when the lists are first read):

- ``TrackedCopy``: a column that copies the due date of the owner's open ``TrackedDeadline`` (credit applications'
  ``due_on``, a case's ``handling_due_on`` …). After ``deadlines_recompute`` the moved tracked deadlines are copied
  to it, guarded by the old value (a row whose column no longer holds the old date is left alone).
- ``StoredClock``: a due date the module computes itself from recorded dates with the pure engine, without a
  ``TrackedDeadline`` row (complaints: 200,000-row imports stay single-table). The recompute reads the open rows
  with ``values_list``, computes each distinct input once and writes the changed rows with one ``executemany``.

``mirrors`` are columns that hold the same date while the clock runs (``due_on`` as the queue key …): each takes
the new date where it held the old one. A ``StoredClock`` may also name a ``late`` flag and the ``done`` date it
compares with the due date (a proactive disclosure published after its due date): the flag follows the new date.

A third declaration, ``Unmoved``, names a stored date that no calendar change may move, with the reason (a date a
person set, a period counted in months or years that is never rolled over a holiday, the snapshot of a past step).
Every stored due date of every app is declared one way or the other (``deadlines/tests/test_copies_declared.py``),
so a new one cannot be forgotten.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from fazhi.core.discovery import LazyList

# Filled by each app's ``deadline_copies.py``, imported when a list is first read (``fazhi.core.discovery``): a
# command that never recomputes deadlines does not load the services those modules take their rule ids from.
TRACKED: list[TrackedCopy] = LazyList("deadline_copies")
STORED: list[StoredClock] = LazyList("deadline_copies")
UNMOVED: list[Unmoved] = LazyList("deadline_copies")


@dataclass(frozen=True)
class TrackedCopy:
    label: str  # Chinese, for the report: "经营异常名录申请办理期限"
    model: str  # "credit.ListingApplication"
    field: str  # "due_on"
    owner_type: str  # TrackedDeadline.owner_type of its rows: "credit.listingapplication"
    rule_ids: tuple[str, ...] = ()  # empty: any rule of that owner
    mirrors: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoredClock:
    label: str
    model: str
    field: str
    rule_id: str
    start: str  # column the period starts from
    selecting: str  # column whose date selects the rule version
    open: Q  # rows whose clock runs now
    mirrors: tuple[str, ...] = ()
    # column of recorded excluded periods as [{"start": "YYYY-MM-DD", "end": "YYYY-MM-DD"}], and their kind
    exclusions: str | None = None
    exclusion_kind: str = ""
    # a boolean column that records "done after the due date", and the column of the day it was done
    late: str | None = None
    done: str | None = None

    def excluded(self, value: Any) -> tuple[tuple[dt.date, dt.date, str], ...]:
        if not self.exclusions or not value:
            return ()
        return tuple(
            (dt.date.fromisoformat(p["start"]), dt.date.fromisoformat(p["end"]), self.exclusion_kind)
            for p in value
            if p.get("start") and p.get("end")
        )


@dataclass(frozen=True)
class Unmoved:
    label: str
    model: str
    field: str
    reason: str  # Chinese: why no calendar change moves it


def register_tracked_copy(**kwargs: Any) -> TrackedCopy:
    copy = TrackedCopy(**kwargs)
    if not list.__contains__(TRACKED, copy):
        TRACKED.append(copy)
    return copy


def register_stored_clock(**kwargs: Any) -> StoredClock:
    clock = StoredClock(**kwargs)
    if not list.__contains__(STORED, clock):
        STORED.append(clock)
    return clock


def register_unmoved(**kwargs: Any) -> Unmoved:
    unmoved = Unmoved(**kwargs)
    if not list.__contains__(UNMOVED, unmoved):
        UNMOVED.append(unmoved)
    return unmoved


def declared_fields() -> dict[tuple[str, str], str]:
    """``{(model label, field): how}`` for every declared column (mirrors included): ``tracked``, ``stored``,
    ``unmoved``."""
    out: dict[tuple[str, str], str] = {}
    for copy in TRACKED:
        for name in (copy.field, *copy.mirrors):
            out[(copy.model, name)] = "tracked"
    for clock in STORED:
        for name in (clock.field, *clock.mirrors):
            out[(clock.model, name)] = "stored"
    for unmoved in UNMOVED:
        out.setdefault((unmoved.model, unmoved.field), "unmoved")
    return out
