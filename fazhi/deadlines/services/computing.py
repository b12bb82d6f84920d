"""One tracked deadline's inputs → what the rulebook says, in storable form (shared by the services and the
set-based recompute). No writes here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from fazhi.rulebook.calendar import Calendar
from fazhi.rulebook.deadlines import DeadlineResult, compute_deadline

_ONE_DAY = dt.timedelta(days=1)
COMPUTED_FIELDS = (
    "version",
    "due_on",
    "citation",
    "citation_url",
    "rule_status",
    "rulebook_version",
    "unit",
    "length",
    "trace",
    "provisional",
    "provisional_reason",
    "remaining_frozen",
)


@dataclass(frozen=True)
class Computed:
    """What the rulebook says for one deadline's inputs, in storable form."""

    version: str
    due_on: dt.date | None
    citation: str
    citation_url: str
    rule_status: str
    rulebook_version: str
    unit: str
    length: int
    trace: list[dict[str, Any]]
    provisional: bool
    remaining_frozen: int | None
    provisional_reason: str = ""


def _engine_extensions(extensions: Iterable[dict[str, Any]]) -> list[Any]:
    return [(e["id"], e["length"]) if e.get("length") else e["id"] for e in extensions]


def compute(
    *,
    rule_id: str,
    start: dt.date,
    selecting_date: dt.date | None,
    exclusions: Sequence[tuple[dt.date, dt.date | None, str]],
    extensions: Sequence[dict[str, Any]],
    calendar: Calendar,
) -> Computed:
    """Compute one tracked deadline.

    A year whose holiday notice is not loaded gives a *provisional* result (ADR 0007): the statutory holidays,
    weekends, and uncertain days counted in the direction that protects the party; the reason is stored and
    shown, and entering the year recomputes it. An exclusion without end (a running suspension) stops the
    clock: the due date is NULL and the count left on the day before the suspension began is kept in
    ``remaining_frozen``.
    """
    closed = [(s, e, k) for s, e, k in exclusions if e is not None]
    running = [s for s, e, _k in exclusions if e is None]
    since = min(running) if running else None
    result: DeadlineResult = compute_deadline(
        rule_id,
        start,
        calendar=calendar,
        excluded=[x for x in closed if since is None or x[0] < since],
        extensions=_engine_extensions(extensions),
        selecting_date=selecting_date,
        as_of=(since - _ONE_DAY) if since else None,
        # Provisional only where a year is unknown: a known calendar gives the same result either way.
        provisional=True,
    )
    trace = [entry.as_dict() for entry in result.trace]
    remaining = None
    due: dt.date | None = result.due
    if since is not None:
        remaining = max(result.remaining or 0, 0)
        due = None
        trace.append(
            {
                "date": since.isoformat(),
                "kind": "suspended",
                "note": f"{since} 起中止计算，剩余 {remaining} {result.unit.label}冻结，恢复后重新计算届满日",
            }
        )
    return Computed(
        version=result.version,
        due_on=due,
        citation=str(result.citation),
        citation_url=result.citation.url or "",
        rule_status=result.status.value,
        rulebook_version=result.rulebook_version,
        unit=result.unit.value,
        length=result.length,
        trace=trace,
        provisional=result.provisional,
        remaining_frozen=remaining,
        provisional_reason=result.provisional_reason,
    )
