"""Recompute every open deadline after a calendar or rule change (set-based) and list what changed."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from fazhi.core import bulk
from fazhi.core.audit import audit_record, audit_records
from fazhi.deadlines import copies
from fazhi.deadlines.models import DeadlineExclusion, DeadlineStatus, TrackedDeadline
from fazhi.deadlines.selectors import current_calendar
from fazhi.deadlines.services.computing import Computed, compute
from fazhi.rulebook.deadlines import compute_deadline
from fazhi.rulebook.errors import RulebookError


class Change(NamedTuple):
    """One open deadline whose due date or provisional mark changed."""

    id: int
    owner_type: str
    owner_id: str
    rule_id: str
    label: str
    old_due: dt.date | None
    new_due: dt.date | None
    delta: int | None  # days later (+) or earlier (−); None when one side is a running suspension
    was_provisional: bool
    provisional: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "owner_type": self.owner_type,
            "owner_id": self.owner_id,
            "rule_id": self.rule_id,
            "label": self.label,
            "old_due": self.old_due.isoformat() if self.old_due else None,
            "new_due": self.new_due.isoformat() if self.new_due else None,
            "delta_days": self.delta,
            "was_provisional": self.was_provisional,
            "provisional": self.provisional,
        }

    @property
    def text(self) -> str:
        """One Chinese line for screens and the command line."""
        what = self.label or self.rule_id
        if self.old_due != self.new_due:
            moved = f"{self.old_due or '中止中'} → {self.new_due or '中止中'}"
            if self.delta is not None:
                moved += f"（{'推后' if self.delta > 0 else '提前'} {abs(self.delta)} 日）"
        else:
            moved = f"{self.new_due} 不变"
        mark = "，临时结果转为正式结果" if self.was_provisional and not self.provisional else ""
        mark = mark or ("，仍为临时结果" if self.provisional else "")
        return f"{what}（{self.owner_type} {self.owner_id}，期限 {self.id}）：{moved}{mark}"


@dataclass
class CopyResult:
    """How many due dates stored on one module's records moved (``fazhi.deadlines.copies``)."""

    label: str
    model: str
    field: str
    moved: int = 0
    checked: int = 0
    failed: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "model": self.model,
            "field": self.field,
            "moved": self.moved,
            "checked": self.checked,
            "failed": self.failed,
        }


@dataclass
class RecomputeReport:
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)
    rulebook_version: str = ""
    copies: list[CopyResult] = field(default_factory=list)

    @property
    def copies_moved(self) -> int:
        return sum(c.moved for c in self.copies)

    @property
    def moved(self) -> list[Change]:
        """The changes whose due date moved."""
        return [c for c in self.changes if c.old_due != c.new_due]

    @property
    def finalised(self) -> list[Change]:
        """Provisional deadlines that are now final."""
        return [c for c in self.changes if c.was_provisional and not c.provisional]

    def summary(self) -> dict[str, Any]:
        return {
            "changed": len(self.changes),
            "moved": len(self.moved),
            "finalised": len(self.finalised),
            "unchanged": self.unchanged,
            "failed": len(self.failed),
            "rulebook_version": self.rulebook_version,
            "sample": [c.as_dict() for c in self.changes[:50]],
            "copies_moved": self.copies_moved,
            "copies": [c.as_dict() for c in self.copies],
        }


# Columns a recompute writes (``fazhi.core.bulk.update_by_pk_shared``; the revision is bumped in the same statement).
_WRITTEN = (
    "due_on",
    "version",
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
    "updated_at",
)


def deadlines_recompute(*, reason: str, actor: Any = None, chunk_size: int = 5000) -> RecomputeReport:
    """Recompute every open deadline with the current calendar and rules; report what changed.

    Set-based: rows are read in chunks with ``values_list``, computed in Python (identical inputs are computed
    once), and the changed rows written with the one bulk writer in one statement
    (``fazhi.core.bulk.update_by_pk_shared``: on PostgreSQL the distinct results and the (row, result) pairs are
    copied into two temporary tables and one ``UPDATE … FROM`` joins them; never one UPDATE per row). One audit
    event summarises it.
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
    # Each distinct result is written once: its number in ``results``, and (pk, number) per changed row.
    numbers: dict[int, int] = {}  # id(Computed) -> its number in results
    results: list[tuple[Any, ...]] = []
    targets: list[tuple[int, int]] = []
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    columns = ("id", "rule_id", "start_on", "selecting_date", "due_on", "version", "provisional", "remaining_frozen")
    base = TrackedDeadline.objects.filter(status=DeadlineStatus.OPEN).order_by("id")
    last_id = 0
    with transaction.atomic():
        while True:
            rows = list(
                base.filter(id__gt=last_id).values_list(*columns, "owner_type", "owner_id", "label")[:chunk_size]
            )
            if not rows:
                break
            last_id = rows[-1][0]
            for pk, rule_id, start, selecting, old_due, old_version, old_prov, old_frozen, o_type, o_id, label in rows:
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
                if computed.due_on != old_due or computed.provisional != old_prov:
                    delta = (computed.due_on - old_due).days if computed.due_on and old_due else None
                    report.changes.append(
                        Change(
                            pk,
                            o_type,
                            o_id,
                            rule_id,
                            label,
                            old_due,
                            computed.due_on,
                            delta,
                            old_prov,
                            computed.provisional,
                        )
                    )
                else:
                    report.unchanged += 1
                number = numbers.get(id(computed))
                if number is None:
                    number = numbers[id(computed)] = len(results)
                    results.append(
                        (
                            computed.due_on,
                            computed.version,
                            computed.citation,
                            computed.citation_url,
                            computed.rule_status,
                            computed.rulebook_version,
                            computed.unit,
                            computed.length,
                            json.dumps(computed.trace, ensure_ascii=False),
                            computed.provisional,
                            computed.provisional_reason,
                            computed.remaining_frozen,
                            now,
                        )
                    )
                targets.append((pk, number))
        # One statement for every changed row: the distinct results cross the wire once (PostgreSQL).
        bulk.update_by_pk_shared(TrackedDeadline, _WRITTEN, results, targets, increment=("revision",))
        if report.rulebook_version:
            # Unmoved rows were computed with the same calendar: record that in their provenance in one statement.
            base.exclude(rulebook_version=report.rulebook_version).update(rulebook_version=report.rulebook_version)
        # The due dates other modules keep on their own records move in the same pass (issue 13 §1).
        report.copies = refresh_stored_dates(changes=report.changes, calendar=calendar, reason=reason, actor=actor)
        audit_record(
            action="deadlines.recompute",
            target=("deadlines.trackeddeadline", "*"),
            actor=actor,
            changes={"reason": reason, **report.summary()},
        )
    return report


# ---------------------------------------------------------------- due dates stored on other modules' records


def _table(model_label: str) -> Any:
    return apps.get_model(model_label)


def _write(model: Any, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """One ``executemany`` UPDATE of ``columns`` by primary key; ``rows`` are (*values, pk)."""
    if not rows:
        return
    qn = connection.ops.quote_name
    meta = model._meta
    sets = ", ".join(f"{qn(meta.get_field(c).column)} = %s" for c in columns)
    # identifiers from the model's meta, quoted; values are parameters
    sql = f"UPDATE {qn(meta.db_table)} SET {sets} WHERE {qn(meta.pk.column)} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _audit_moves(items: list[tuple[str, Any, dict[str, Any]]], actor: Any) -> None:
    if items:
        audit_records(action="deadlines.stored_due_recompute", items=items, actor=actor)


def refresh_stored_dates(*, changes: list[Change], calendar: Any, reason: str, actor: Any = None) -> list[CopyResult]:
    """Move the due dates other modules store on their records (``fazhi.deadlines.copies``): copies of the moved
    tracked deadlines, and the clocks a module computes itself. Set-based: one read per declaration
    (``values_list``), each distinct input computed once, one ``executemany`` per declaration; one audit event per
    moved record (``deadlines.stored_due_recompute``, old → new, with the reason)."""
    results: list[CopyResult] = []
    moved_by_owner: dict[str, list[Change]] = {}
    for change in changes:
        if change.old_due != change.new_due and change.new_due is not None:
            moved_by_owner.setdefault(change.owner_type, []).append(change)
    for copy in copies.TRACKED:
        model = _table(copy.model)
        result = CopyResult(copy.label, copy.model, copy.field)
        wanted = [c for c in moved_by_owner.get(copy.owner_type, ()) if not copy.rule_ids or c.rule_id in copy.rule_ids]
        result.checked = len(wanted)
        columns = (copy.field, *copy.mirrors)
        current: dict[str, tuple[Any, ...]] = {}
        ids = [c.owner_id for c in wanted]
        for start in range(0, len(ids), 500):
            for pk, *values in model.objects.filter(pk__in=ids[start : start + 500]).values_list("pk", *columns):
                current[str(pk)] = tuple(values)
        rows: list[tuple[Any, ...]] = []
        audit_items: list[tuple[str, Any, dict[str, Any]]] = []
        for change in wanted:
            values = current.get(change.owner_id)
            if values is None or values[0] != change.old_due:
                continue  # the record moved on (another step) or is gone: leave it
            new_values = tuple(change.new_due if v == change.old_due else v for v in values)
            rows.append((*new_values, int(change.owner_id)))
            audit_items.append(
                (
                    model._meta.label_lower,
                    change.owner_id,
                    {
                        "reason": reason,
                        "field": copy.field,
                        copy.field: [change.old_due, change.new_due],
                        "rule_id": change.rule_id,
                        "tracked_deadline": change.id,
                    },
                )
            )
        _write(model, columns, rows)
        _audit_moves(audit_items, actor)
        result.moved = len(rows)
        results.append(result)
    memo: dict[Any, Any] = {}
    for clock in copies.STORED:
        model = _table(clock.model)
        result = CopyResult(clock.label, clock.model, clock.field)
        columns = (clock.field, *clock.mirrors)
        flagged = bool(clock.late and clock.done)
        read = ["pk", clock.start, clock.selecting, *columns]
        read += [clock.exclusions] if clock.exclusions else []
        read += [str(clock.done)] if flagged else []
        rows, audit_items = [], []
        for record in model.objects.filter(clock.open).order_by("pk").values_list(*read).iterator(chunk_size=5000):
            pk, start, selecting, *rest = record
            values = tuple(rest[: len(columns)])
            excluded = clock.excluded(rest[len(columns)] if clock.exclusions else None)
            done = rest[-1] if flagged else None
            if start is None:
                continue
            result.checked += 1
            key = (clock.rule_id, start, selecting, excluded)
            computed = memo.get(key)
            if computed is None:
                try:
                    computed = compute_deadline(
                        clock.rule_id,
                        start,
                        calendar=calendar,
                        selecting_date=selecting or start,
                        excluded=excluded,
                        provisional=True,
                    ).due
                except RulebookError:
                    computed = False
                memo[key] = computed
            if computed is False:
                result.failed += 1
                continue
            old = values[0]
            if computed == old:
                continue
            new_values = tuple(computed if (i == 0 or v == old) else v for i, v in enumerate(values))
            moved: dict[str, Any] = {
                "reason": reason,
                "field": clock.field,
                clock.field: [old, computed],
                "rule_id": clock.rule_id,
            }
            if flagged:
                was_late, late = bool(done and old and done > old), bool(done and computed and done > computed)
                new_values = (*new_values, late)
                if was_late != late:
                    moved[str(clock.late)] = [was_late, late]
            rows.append((*new_values, pk))
            audit_items.append((model._meta.label_lower, pk, moved))
        _write(model, (*columns, str(clock.late)) if flagged else columns, rows)
        _audit_moves(audit_items, actor)
        result.moved = len(rows)
        results.append(result)
    return results
