"""Due dates of complaints and tips, computed by the pure deadline engine (never in Django code).

Every rule version is selected by the DAY OF RECEIPT (legal digest §3b; ADR 0003): a complaint received on
2026-04-14 keeps the 45-working-day mediation period of Order No. 20 even if accepted after 2026-04-15.
Results are cached per (rule, start, received, exclusions, extensions): a 200,000-row import spans a few
hundred distinct dates, so each is computed once.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any

from fazhi.core.errors import DomainError, from_rulebook
from fazhi.rulebook.deadlines import DeadlineResult, compute_deadline
from fazhi.rulebook.errors import RulebookError

ACCEPTANCE = "complaint.acceptance"
MEDIATION = "complaint.mediation"
TERMINATION_NOTICE = "complaint.termination_notice"
TIP_VERIFICATION = "tip.verification"
REPORTER_NOTICE = "tip.reporter_notice"


def current_calendar() -> Any:
    """The calendar with the holiday years entered in the database (``fazhi.deadlines``)."""
    from fazhi.deadlines.selectors import current_calendar as from_database

    return from_database()


@functools.lru_cache(maxsize=65536)
def _cached(
    calendar: Any,
    rule_id: str,
    start: dt.date,
    received_on: dt.date,
    excluded: tuple[tuple[dt.date, dt.date, str], ...],
    extensions: tuple[str, ...],
) -> DeadlineResult:
    return compute_deadline(
        rule_id,
        start,
        calendar=calendar,
        selecting_date=received_on,
        excluded=excluded,
        extensions=extensions,
        provisional=True,  # a year without a holiday table still gets a (marked) date
    )


def compute(
    rule_id: str,
    start: dt.date,
    *,
    received_on: dt.date,
    excluded: Sequence[tuple[dt.date, dt.date, str]] = (),
    extensions: Sequence[str] = (),
    calendar: Any = None,
) -> DeadlineResult:
    """The due date of ``rule_id`` started on ``start``, version chosen by ``received_on``."""
    try:
        return _cached(calendar or current_calendar(), rule_id, start, received_on, tuple(excluded), tuple(extensions))
    except RulebookError as exc:
        raise from_rulebook(exc) from exc


def testing_intervals(periods: list[dict[str, str]]) -> tuple[tuple[dt.date, dt.date, str], ...]:
    """Recorded testing periods (JSON) as engine exclusions (Order 20 Art. 20: testing time not counted)."""
    return tuple(
        (dt.date.fromisoformat(p["start"]), dt.date.fromisoformat(p["end"]), "testing") for p in periods if p.get("end")
    )


def explain(complaint: Any, clue: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every clock of a complaint or tip, recomputed from its recorded dates, with the engine's trace.

    ``clue`` is the handed-over tip's clue as ``fazhi.cases.selectors.clue_summary`` reads it: after the hand-over
    the verification clock (the same one) and the reporter notice are the clue's."""
    received = complaint.received_on
    # (label, rule, start, done on, excluded intervals, extensions); a clock is only listed once it has started
    clocks: list[tuple[str, str, dt.date, dt.date | None, tuple[tuple[dt.date, dt.date, str], ...], tuple[str, ...]]]
    clocks = []
    if complaint.kind == "complaint":
        clocks.append(("受理决定", ACCEPTANCE, received, complaint.decided_on, (), ()))
        if complaint.status != "refused" and complaint.decided_on:
            clocks.append(
                (
                    "调解期限",
                    MEDIATION,
                    complaint.decided_on,
                    complaint.closed_on,
                    testing_intervals(complaint.testing_periods),
                    (),
                )
            )
        if complaint.outcome == "terminated" and complaint.closed_on:
            clocks.append(("终止调解告知", TERMINATION_NOTICE, complaint.closed_on, complaint.notified_on, (), ()))
    elif complaint.kind == "tip":
        ext = ("head_approval",) if clue and clue["extended"] else ()
        decided = clue["decided_on"] if clue else None
        clocks.append(("核查及立案决定", TIP_VERIFICATION, received, decided, (), ext))
        if clue and complaint.real_name and decided:
            clocks.append(("告知实名举报人", REPORTER_NOTICE, decided, clue["reporter_notified_on"], (), ()))
    out: list[dict[str, Any]] = []
    for label, rule_id, start, done_on, excluded, extensions in clocks:
        try:
            result = compute(rule_id, start, received_on=received, excluded=excluded, extensions=extensions)
        except DomainError as exc:
            out.append({"label": label, "rule_id": rule_id, "error": exc.message})
            continue
        out.append(
            {
                "label": label,
                "rule_id": rule_id,
                "start": start,
                "due": result.due,
                "done_on": done_on,
                "on_time": None if done_on is None else done_on <= result.due,
                "length": result.length,
                "unit": result.unit.label,
                "citation": str(result.citation),
                "status": result.status.value,
                "status_label": result.status.label,
                "version": result.version,
                "rulebook_version": result.rulebook_version,
                "provisional": result.provisional,
                "provisional_reason": result.provisional_reason,
                "trace": [e.as_dict() for e in result.trace],
                "suspended": rule_id == MEDIATION and complaint.testing_since is not None,
                "in_cases": rule_id in (TIP_VERIFICATION, REPORTER_NOTICE) and clue is not None,
            }
        )
    return out
