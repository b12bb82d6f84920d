"""Deadline speed (issue 3): one ``compute_deadline`` call, and recomputing open tracked deadlines after a
calendar change (100,000 at full scale, target < 5 s).

Baselines measured in the same run: for one deadline, the bare day-by-day loop a 7-working-day count needs
(``date + timedelta`` and a dict lookup per day); for the recompute, the same database work in bare SQL on the same
freshly loaded table: the ``SELECT`` of the open rows, then one ``UPDATE … FROM`` writing the recompute's own results
into the rows it changed (every column it writes, the revision bumped) and one stamping the rulebook version of the
rows it left unchanged (the new values come from a copy of the table taken after the recompute; the table is
restored to its state before the recompute first, so both start from the same pages).
Runs on a throwaway test database (in-memory SQLite by default) unless one is already set up.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from typing import Any

RULES = ["complaint.acceptance", "tip.verification", "case.handling", "publicity.penalty_decision", "disclosure.reply"]


def _setup_django() -> tuple[Any, bool]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    import django

    django.setup()
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if "memorydb" in name or os.path.basename(name).startswith("test_"):
        return connection, False
    connection.creation.create_test_db(verbosity=0, keepdb=False, serialize=False)
    return connection, True


def bench_compute(n: int) -> dict[str, Any]:
    from fazhi.rulebook.calendar import default_calendar
    from fazhi.rulebook.deadlines import compute_deadline

    cal = default_calendar()
    starts = [dt.date(2023, 1, 1) + dt.timedelta(days=i % 1000) for i in range(n)]
    compute_deadline("complaint.acceptance", starts[0], calendar=cal)  # warm the caches
    began = time.perf_counter()
    for start in starts:
        compute_deadline("complaint.acceptance", start, calendar=cal)
    per_call = (time.perf_counter() - began) / n * 1e6

    special = {d: 1 for t in cal.years.values() for d in t.holidays}
    one = dt.timedelta(days=1)
    began = time.perf_counter()
    for start in starts:
        day, counted = start, 0
        while counted < 7:
            day += one
            if day.weekday() < 5 and day not in special:
                counted += 1
    baseline = (time.perf_counter() - began) / n * 1e6
    return {
        "name": "deadlines.compute_one",
        "figure": round(per_call, 1),
        "unit": "µs",
        "target": 1000,
        "baseline": round(baseline, 2),
        "baseline_name": "bare date+timedelta loop with a dict lookup per day (7 working days)",
        "ok": per_call < 1000,
    }


def bench_recompute(rows: int) -> dict[str, Any]:
    from django.db import transaction

    from fazhi.deadlines import services
    from fazhi.deadlines.models import CalendarDay, CalendarYear, TrackedDeadline
    from fazhi.rulebook.calendar import default_calendar

    TrackedDeadline.objects.all().delete()
    CalendarYear.objects.filter(year=2027).delete()
    cal = default_calendar()
    memo: dict[Any, Any] = {}
    objs = []
    for i in range(rows):
        rule = RULES[i % len(RULES)]
        start = dt.date(2026, 6, 1) + dt.timedelta(days=(i * 7) % 365)
        key = (rule, start)
        c = memo.get(key)
        if c is None:
            c = memo[key] = services.compute(
                rule_id=rule, start=start, selecting_date=None, exclusions=[], extensions=[], calendar=cal
            )
        objs.append(
            TrackedDeadline(
                owner_type="bench.record",
                owner_id=str(i),
                rule_id=rule,
                version=c.version,
                start_on=start,
                due_on=c.due_on,
                citation=c.citation,
                rule_status=c.rule_status,
                rulebook_version=c.rulebook_version,
                unit=c.unit,
                length=c.length,
                trace=c.trace[-1:],
                provisional=c.provisional,
            )
        )
    with transaction.atomic():
        TrackedDeadline.objects.bulk_create(objs, batch_size=5000)
    # The calendar change: the State Council publishes 2027 (a few holidays are enough to move deadlines).
    year = CalendarYear.objects.create(
        year=2027,
        instrument="国务院办公厅关于2027年部分节假日安排的通知",
        last_verified_on=dt.date(2026, 11, 26),
        complete=True,
    )
    holidays = [dt.date(2027, 1, 1), *(dt.date(2027, 2, d) for d in range(5, 12)), dt.date(2027, 4, 5)]
    CalendarDay.objects.bulk_create(
        [CalendarDay(calendar_year=year, date=d, kind="holiday", name="节日") for d in holidays]
    )

    from django.db import connection

    table = TrackedDeadline._meta.db_table
    with connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_dl_before")
        cur.execute(f"CREATE TABLE bench_dl_before AS SELECT * FROM {table}")  # noqa: S608
    _analyse(table)

    began, cpu_began = time.perf_counter(), time.process_time()
    report = services.deadlines_recompute(reason="benchmark: 2027 calendar entered")
    figure, cpu = time.perf_counter() - began, time.process_time() - cpu_began
    baseline, read_only = _bare_recompute(table)
    target = 5.0 * rows / 100_000
    return {
        "name": f"deadlines.recompute_{rows}",
        "figure": round(figure, 3),
        "unit": "s",
        "target": round(target, 3),
        "baseline": round(baseline, 3),
        "baseline_name": (
            f"bare SQL on the same freshly loaded table: SELECT of the {rows} open rows + one UPDATE … FROM writing "  # noqa: S608
            "the recompute's results into the rows it changed + one UPDATE stamping the rulebook version of the rest"
        ),
        "baseline_select_only": round(read_only, 3),
        "ok": figure < target,
        "cpu_seconds": round(cpu, 3),
        "moved": len(report.moved),
        "finalised": len(report.finalised),
        "unchanged": report.unchanged,
        "changed_rows_written": len(report.changes),
        "database": connection.vendor,
    }


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
    "revision",
)


def _analyse(table: str) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(f"ANALYZE {table}")


def _bare_recompute(table: str) -> tuple[float, float]:
    """The recompute's database work in bare SQL on the table as it was before the recompute: (seconds, of which
    the SELECT)."""
    from django.db import connection, transaction

    with connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_dl_after")
        cur.execute(f"CREATE TABLE bench_dl_after AS SELECT * FROM {table}")  # noqa: S608
        if connection.vendor == "postgresql":
            cur.execute(f"TRUNCATE {table} CASCADE")
        else:
            cur.execute(f"DELETE FROM {table}")  # noqa: S608
        cur.execute(f"INSERT INTO {table} SELECT * FROM bench_dl_before")  # noqa: S608
    _analyse(table)
    _analyse("bench_dl_after")
    sets = ", ".join(f"{c} = a.{c}" for c in _WRITTEN)
    with transaction.atomic(), connection.cursor() as cur:
        began = time.perf_counter()
        cur.execute(
            "SELECT id, rule_id, start_on, selecting_date, due_on, version, provisional, remaining_frozen, owner_type, "  # noqa: S608
            f"owner_id, label FROM {table} WHERE status = 'open' ORDER BY id"
        )
        cur.fetchall()
        read_only = time.perf_counter() - began
        cur.execute(
            f"UPDATE {table} SET {sets} FROM bench_dl_after a "  # noqa: S608
            f"WHERE a.id = {table}.id AND a.revision <> {table}.revision"
        )
        cur.execute(
            f"UPDATE {table} SET rulebook_version = a.rulebook_version FROM bench_dl_after a "  # noqa: S608
            f"WHERE a.id = {table}.id AND a.revision = {table}.revision AND a.rulebook_version <> {table}.rulebook_version"
        )
        seconds = time.perf_counter() - began
    with connection.cursor() as cur:
        cur.execute("DROP TABLE bench_dl_before")
        cur.execute("DROP TABLE bench_dl_after")
    return seconds, read_only


def run(scale: str = "small") -> dict[str, Any]:
    """``small``: 10,000 deadlines; any other scale: 100,000 (the issue's figure)."""
    connection, created = _setup_django()
    try:
        rows = 10_000 if scale in ("small", "smoke", "tiny") else 100_000
        compute = bench_compute(2000 if rows == 10_000 else 20_000)
        recompute = bench_recompute(rows)
    finally:
        if created:
            connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
    return {**recompute, "ok": recompute["ok"] and compute["ok"], "more": [compute]}


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run(sys.argv[1] if len(sys.argv) > 1 else "small"), ensure_ascii=False, indent=2))
