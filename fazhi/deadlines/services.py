"""Writes for tracked deadlines: open, suspend, resume, extend, meet, cancel, recompute; calendar years.

Every due date comes from the rulebook (``compute_deadline``) with the calendar of the repository tables plus
the complete years entered in the database. Each write runs in ``transaction.atomic`` with an audit event.
While a suspension runs, ``due_on`` is NULL and ``remaining_frozen`` keeps what was left (see
docs/domain/deadlines.md, "中止中").
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from fazhi.core.audit import audit_record, diff, snapshot
from fazhi.core.errors import ConcurrentUpdate, DomainError
from fazhi.deadlines.models import (
    CalendarDay,
    CalendarYear,
    DeadlineExclusion,
    DeadlineStatus,
    TrackedDeadline,
)
from fazhi.deadlines.selectors import current_calendar, owner_key
from fazhi.rulebook.calendar import Calendar
from fazhi.rulebook.deadlines import DeadlineResult, compute_deadline
from fazhi.rulebook.errors import RulebookError

_ONE_DAY = dt.timedelta(days=1)
_COMPUTED_FIELDS = (
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
    "remaining_frozen",
)
_AUDITED = ("due_on", "version", "status", "met_on", "provisional", "suspended_since", "remaining_frozen", "length")


# ---------------------------------------------------------------------------------------------------------------
# Computing (shared by the services and the set-based recompute)


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
    """Compute one tracked deadline. An unknown calendar year gives a provisional (weekends-only) result.

    An exclusion without end (a running suspension) stops the clock: the due date is NULL and the count left
    on the day before the suspension began is kept in ``remaining_frozen``.
    """
    closed = [(s, e, k) for s, e, k in exclusions if e is not None]
    running = [s for s, e, _k in exclusions if e is None]
    since = min(running) if running else None
    kwargs: dict[str, Any] = {
        "calendar": calendar,
        "excluded": [x for x in closed if since is None or x[0] < since],
        "extensions": _engine_extensions(extensions),
        "selecting_date": selecting_date,
        "as_of": (since - _ONE_DAY) if since else None,
    }
    try:
        result: DeadlineResult = compute_deadline(rule_id, start, **kwargs)
    except RulebookError as exc:
        if exc.code != "calendar.year_not_loaded":
            raise
        result = compute_deadline(rule_id, start, provisional=True, **kwargs)
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
    )


def _domain(exc: RulebookError) -> DomainError:
    return DomainError(exc.code, exc.message)


def _recompute_one(deadline: TrackedDeadline, *, extra_exclusion: tuple[Any, ...] | None = None) -> None:
    exclusions = [(x.start_on, x.end_on, x.kind) for x in deadline.exclusions.all()]
    if extra_exclusion:
        exclusions.append(extra_exclusion)
    try:
        computed = compute(
            rule_id=deadline.rule_id,
            start=deadline.start_on,
            selecting_date=deadline.selecting_date,
            exclusions=exclusions,
            extensions=deadline.extensions,
            calendar=current_calendar(),
        )
    except RulebookError as exc:
        raise _domain(exc) from exc
    for name in _COMPUTED_FIELDS:
        setattr(deadline, name, getattr(computed, name))


def _lock(deadline: TrackedDeadline, *, must_be_open: bool = True) -> TrackedDeadline:
    locked = TrackedDeadline.objects.select_for_update().get(pk=deadline.pk)
    if locked.revision != deadline.revision:
        raise ConcurrentUpdate("期限")
    if must_be_open and locked.status != DeadlineStatus.OPEN:
        raise DomainError("deadlines.not_open", f"期限已{locked.get_status_display()}，不能再变更")
    return locked


def _save(locked: TrackedDeadline, original: TrackedDeadline, fields: Iterable[str], action: str, **facts: Any) -> None:
    before = snapshot(original, _AUDITED)
    locked.revision += 1
    locked.full_clean()
    locked.save(update_fields=[*fields, "revision", "updated_at"])
    audit_record(action=action, target=locked, changes={**diff(before, snapshot(locked, _AUDITED)), **facts})
    original.refresh_from_db()


# ---------------------------------------------------------------------------------------------------------------
# Services


def deadline_open(
    *,
    owner: Any,
    rule_id: str,
    start: dt.date,
    selecting_date: dt.date | None = None,
    label: str = "",
) -> TrackedDeadline:
    """Open a tracked deadline of ``owner`` (a model instance or ``(type, id)``) under ``rule_id``.

    Raises DomainError with the rulebook's code (``deadline.unknown_rule``, ``deadline.no_version`` …).
    A start in a year without a calendar gives a provisional deadline, recomputed when the year arrives.
    """
    owner_type, owner_id = owner_key(owner)
    deadline = TrackedDeadline(
        owner_type=owner_type,
        owner_id=owner_id,
        label=label,
        rule_id=rule_id,
        start_on=start,
        selecting_date=selecting_date,
    )
    try:
        computed = compute(
            rule_id=rule_id,
            start=start,
            selecting_date=selecting_date,
            exclusions=[],
            extensions=[],
            calendar=current_calendar(),
        )
    except RulebookError as exc:
        raise _domain(exc) from exc
    for name in _COMPUTED_FIELDS:
        setattr(deadline, name, getattr(computed, name))
    with transaction.atomic():
        deadline.full_clean()
        deadline.save(force_insert=True)
        audit_record(
            action="deadlines.open",
            target=deadline,
            changes={
                "rule_id": rule_id,
                "start_on": start,
                "due_on": deadline.due_on,
                "version": deadline.version,
                "owner": f"{owner_type}:{owner_id}",
                "provisional": deadline.provisional,
            },
        )
    return deadline


def deadline_suspend(
    *, deadline: TrackedDeadline, start: dt.date, reason: str, kind: str = "suspension"
) -> TrackedDeadline:
    """Stop the clock from ``start`` (inclusive) for ``kind`` (it must be a period the rule excludes)."""
    if not reason.strip():
        raise DomainError("deadlines.reason_required", "请填写中止事由", field="reason")
    with transaction.atomic():
        locked = _lock(deadline)
        if locked.suspended_since is not None:
            raise DomainError("deadlines.already_suspended", f"期限自 {locked.suspended_since} 起已中止，请先恢复")
        if start <= locked.start_on:
            raise DomainError("deadlines.bad_suspension_start", "中止开始日应晚于起算日", field="start")
        # Validate the kind against the rule before storing anything (the engine names what the rule allows).
        try:
            compute_deadline(
                locked.rule_id,
                locked.start_on,
                calendar=current_calendar(),
                excluded=[(start, start, kind)],
                selecting_date=locked.selecting_date,
                provisional=True,
            )
        except RulebookError as exc:
            raise _domain(exc) from exc
        DeadlineExclusion.objects.create(deadline=locked, kind=kind, start_on=start, end_on=None, reason=reason)
        locked.suspended_since = start
        _recompute_one(locked)
        _save(locked, deadline, [*_COMPUTED_FIELDS, "suspended_since"], "deadlines.suspend", kind=kind, reason=reason)
    return deadline


def deadline_resume(*, deadline: TrackedDeadline, end: dt.date) -> TrackedDeadline:
    """End the running suspension on ``end`` (the last excluded day, inclusive) and recompute the due date."""
    with transaction.atomic():
        locked = _lock(deadline)
        running = locked.exclusions.filter(end_on__isnull=True).first()
        if running is None:
            raise DomainError("deadlines.not_suspended", "该期限没有正在进行的中止")
        if end < running.start_on:
            raise DomainError("deadlines.bad_resume_date", f"恢复日不能早于中止开始日 {running.start_on}", field="end")
        running.end_on = end
        running.save(update_fields=["end_on"])
        locked.suspended_since = None
        _recompute_one(locked)
        _save(locked, deadline, [*_COMPUTED_FIELDS, "suspended_since"], "deadlines.resume", end=end)
    return deadline


def deadline_extend(
    *, deadline: TrackedDeadline, extension_id: str, approved_by: Any, length: int | None = None
) -> TrackedDeadline:
    """Apply an extension the rule allows (approved by ``approved_by``); ``length`` when the approver fixes it."""
    with transaction.atomic():
        locked = _lock(deadline)
        entry = {
            "id": extension_id,
            "length": length,
            "approved_by": getattr(approved_by, "pk", None),
            "approved_by_label": str(approved_by) if approved_by is not None else "",
            "approved_at": timezone.now().isoformat(timespec="seconds"),
        }
        locked.extensions = [*locked.extensions, entry]
        _recompute_one(locked)
        _save(locked, deadline, [*_COMPUTED_FIELDS, "extensions"], "deadlines.extend", extension=entry)
    return deadline


def deadline_meet(*, deadline: TrackedDeadline, on: dt.date) -> TrackedDeadline:
    """Record that the duty was performed on ``on`` (closes the deadline; late if after ``due_on``)."""
    with transaction.atomic():
        locked = _lock(deadline)
        if on < locked.start_on:
            raise DomainError("deadlines.bad_met_date", "完成日不能早于起算日", field="on")
        locked.status, locked.met_on = DeadlineStatus.MET, on
        late = locked.due_on is not None and on > locked.due_on
        _save(locked, deadline, ["status", "met_on"], "deadlines.meet", late=late)
    return deadline


def deadline_cancel(*, deadline: TrackedDeadline, reason: str) -> TrackedDeadline:
    """Cancel a deadline that no longer runs (e.g. the complaint was withdrawn)."""
    if not reason.strip():
        raise DomainError("deadlines.reason_required", "请填写撤销理由", field="reason")
    with transaction.atomic():
        locked = _lock(deadline)
        locked.status = DeadlineStatus.CANCELLED
        _save(locked, deadline, ["status"], "deadlines.cancel", reason=reason)
    return deadline


# ---------------------------------------------------------------------------------------------------------------
# Recompute after a calendar or rule change (set-based)


@dataclass
class RecomputeReport:
    moved: list[tuple[int, dt.date | None, dt.date | None, int | None]] = field(default_factory=list)
    unchanged: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)
    rulebook_version: str = ""

    def summary(self) -> dict[str, Any]:
        return {
            "moved": len(self.moved),
            "unchanged": self.unchanged,
            "failed": len(self.failed),
            "rulebook_version": self.rulebook_version,
            "sample": [list(m) for m in self.moved[:50]],
        }


_UPDATE_SQL = (
    "UPDATE deadlines_trackeddeadline SET due_on = %s, version = %s, citation = %s, citation_url = %s, "
    "rule_status = %s, rulebook_version = %s, unit = %s, length = %s, trace = {trace}, provisional = %s, "
    "remaining_frozen = %s, revision = revision + 1, updated_at = %s WHERE id = %s"
)


def deadlines_recompute(*, reason: str, chunk_size: int = 5000) -> RecomputeReport:
    """Recompute every open deadline with the current calendar and rules; report which moved and by how much.

    Set-based: rows are read in chunks with ``values_list``, computed in Python (identical inputs are computed
    once), and changed rows written with one ``executemany`` UPDATE per chunk. One audit event summarises it.
    """
    calendar = current_calendar()
    report = RecomputeReport()
    exclusions: dict[int, list[tuple[dt.date, dt.date | None, str]]] = {}
    for deadline_id, start, end, kind in (
        DeadlineExclusion.objects.filter(deadline__status=DeadlineStatus.OPEN)
        .order_by("deadline_id", "start_on")
        .values_list("deadline_id", "start_on", "end_on", "kind")
    ):
        exclusions.setdefault(deadline_id, []).append((start, end, kind))
    # Extensions are rare: read them apart so the JSON column is not decoded for every row.
    extensions: dict[int, list[dict[str, Any]]] = dict(
        TrackedDeadline.objects.filter(status=DeadlineStatus.OPEN)
        .exclude(extensions=[])
        .values_list("id", "extensions")
    )
    memo: dict[Any, Computed | RulebookError] = {}
    trace_json: dict[int, str] = {}  # id(Computed) -> its trace as JSON text, encoded once per distinct input
    trace_sql = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    sql = _UPDATE_SQL.format(trace=trace_sql)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    columns = ("id", "rule_id", "start_on", "selecting_date", "due_on", "version", "provisional")
    base = TrackedDeadline.objects.filter(status=DeadlineStatus.OPEN).order_by("id")
    last_id = 0
    with transaction.atomic():
        while True:
            rows = list(base.filter(id__gt=last_id).values_list(*columns, "remaining_frozen")[:chunk_size])
            if not rows:
                break
            last_id = rows[-1][0]
            updates = []
            for pk, rule_id, start, selecting, old_due, old_version, old_prov, old_frozen in rows:
                excl = exclusions.get(pk, ())
                exts = extensions.get(pk)
                key = (rule_id, start, selecting, json.dumps(exts, sort_keys=True) if exts else "", tuple(excl))
                computed = memo.get(key)
                if computed is None:
                    try:
                        computed = compute(
                            rule_id=rule_id,
                            start=start,
                            selecting_date=selecting,
                            exclusions=excl,
                            extensions=exts or [],
                            calendar=calendar,
                        )
                    except RulebookError as exc:
                        computed = exc
                    memo[key] = computed
                if isinstance(computed, RulebookError):
                    report.failed.append((pk, computed.code))
                    continue
                report.rulebook_version = computed.rulebook_version
                if (computed.due_on, computed.version, computed.provisional, computed.remaining_frozen) == (
                    old_due,
                    old_version,
                    old_prov,
                    old_frozen,
                ):
                    report.unchanged += 1
                    continue
                delta = (computed.due_on - old_due).days if computed.due_on and old_due else None
                if computed.due_on != old_due:
                    report.moved.append((pk, old_due, computed.due_on, delta))
                else:
                    report.unchanged += 1
                updates.append(
                    (
                        computed.due_on,
                        computed.version,
                        computed.citation,
                        computed.citation_url,
                        computed.rule_status,
                        computed.rulebook_version,
                        computed.unit,
                        computed.length,
                        trace_json.get(id(computed))
                        or trace_json.setdefault(id(computed), json.dumps(computed.trace, ensure_ascii=False)),
                        computed.provisional,
                        computed.remaining_frozen,
                        now,
                        pk,
                    )
                )
            if updates:
                with connection.cursor() as cursor:
                    cursor.executemany(sql, updates)
        if report.rulebook_version:
            # Unmoved rows were computed with the same calendar: record that in their provenance in one statement.
            base.exclude(rulebook_version=report.rulebook_version).update(rulebook_version=report.rulebook_version)
        audit_record(
            action="deadlines.recompute",
            target=("deadlines.trackeddeadline", "*"),
            changes={"reason": reason, **report.summary()},
        )
    return report


# ---------------------------------------------------------------------------------------------------------------
# Calendar years entered by an administrator (issue 3 §1)


@dataclass(frozen=True)
class CalendarSaveResult:
    calendar_year: CalendarYear
    report: RecomputeReport | None


def calendar_year_save(
    *,
    year: int,
    days: Sequence[tuple[dt.date, str, str]],
    instrument: str,
    notice_number: str = "",
    url: str = "",
    status: str = "TEXT",
    last_verified_on: dt.date,
    complete: bool,
    entered_by: Any,
) -> CalendarSaveResult:
    """Store (create or replace) a year's holidays and make-up days; when complete, recompute open deadlines.

    ``days`` are ``(date, "holiday"|"makeup_working", name)``, already parsed (``calendar_data.parse_day_lines``).
    The year replaces the repository table of the same year in full, so enter every day of the notice.
    """
    from fazhi.deadlines.calendar_data import year_tables_from_rows

    if any(d.year != year for d, _k, _n in days):
        raise DomainError("calendar.day_outside_year", f"所有日期都应属于 {year} 年", field="days")
    if len({d for d, _k, _n in days}) != len(days):
        raise DomainError("calendar.duplicate_day", "日期重复", field="days")
    if complete and not any(k == "holiday" for _d, k, _n in days):
        raise DomainError("calendar.year_empty", "声明完整的年份至少应有一个法定节假日", field="days")
    try:  # the rulebook's own strict check (make-up days on weekends, names …)
        year_tables_from_rows(
            [(year, instrument, notice_number, url, status, last_verified_on)],
            [(year, d, k, n) for d, k, n in days],
        )
    except RulebookError as exc:
        raise DomainError(exc.code, exc.message, field="days") from exc
    with transaction.atomic():
        cal_year, created = CalendarYear.objects.select_for_update().get_or_create(
            year=year,
            defaults={"instrument": instrument, "last_verified_on": last_verified_on, "entered_by": _user(entered_by)},
        )
        before = {
            "complete": cal_year.complete,
            "days": sorted(f"{d} {n} {k}" for d, k, n in cal_year.days.values_list("date", "kind", "name")),
        }
        cal_year.instrument, cal_year.notice_number, cal_year.url = instrument, notice_number, url
        cal_year.status, cal_year.last_verified_on, cal_year.complete = status, last_verified_on, complete
        cal_year.entered_by = _user(entered_by)
        cal_year.full_clean()
        cal_year.save()
        cal_year.days.all().delete()
        CalendarDay.objects.bulk_create(
            [CalendarDay(calendar_year=cal_year, date=d, kind=k, name=n) for d, k, n in days]
        )
        after = {"complete": complete, "days": sorted(f"{d} {n} {k}" for d, k, n in days)}
        audit_record(
            action="deadlines.calendar_year_save",
            target=cal_year,
            changes={"year": year, "created": created, "notice_number": notice_number, **diff(before, after)},
        )
        report = None
        if complete or before["complete"]:
            report = deadlines_recompute(reason=f"{year} 年节假日安排{'录入' if created else '修改'}")
    return CalendarSaveResult(cal_year, report)


def _user(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None
