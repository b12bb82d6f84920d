"""Complaints at scale, on SQLite and on PostgreSQL (issue 19 §5): import 200,000 rows < 30 s; the queue page
p95 < 100 ms and the year's on-time rate < 2 s with 1,000,000 complaints. Scale ``small`` = 1/10 of each.

``run(scale)`` runs a worker subprocess on a fresh database: a SQLite file in a temporary directory, or — when
``DATABASE_URL`` names a PostgreSQL server (``make bench-pg``) — a database created for the run on that server
and dropped afterwards. Each figure has a same-run baseline doing the same database work in bare SQL:

- import: the whole ``fazhi import complaints`` path (parse, validate every cell, look up respondents, compute
  the due dates, write the rows, flag repeats, audit every record) against writing the very rows it stored and
  its audit events with the one bulk writer (COPY on PostgreSQL, executemany on SQLite) into copies of the two
  tables with the same indexes;
- queue page: the page through the Django test client against replaying the SQL statements the page ran;
- on-time rate: ``selectors.on_time_rate`` against a bare COUNT of the year's closed rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the worker runs this file as a script

from benchmarks.common import drop_database  # noqa: E402
from benchmarks.common import p95 as _p95  # noqa: E402

SIZES = {"full": (200_000, 1_000_000), "small": (20_000, 100_000)}


def run(scale: str) -> list[dict]:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return _run_postgres(url, scale)
    with tempfile.TemporaryDirectory() as tmp:
        return _worker_process(scale, tmp, f"sqlite:///{tmp}/bench.sqlite3")


def _run_postgres(url: str, scale: str) -> list[dict]:
    import psycopg

    name = f"bench_complaints_{uuid.uuid4().hex[:8]}"
    parts = urlsplit(url)
    admin = psycopg.connect(url, autocommit=True)
    try:
        admin.execute(f'CREATE DATABASE "{name}"')
        with tempfile.TemporaryDirectory() as tmp:
            return _worker_process(scale, tmp, urlunsplit(parts._replace(path=f"/{name}")))
    finally:
        admin.close()
        drop_database(url, name)


def _worker_process(scale: str, tmp: str, database_url: str) -> list[dict]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "fazhi.settings",
        "FAZHI_LEGAL_TODAY": "2024-01-15",
    }
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), scale, tmp],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=3600, check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-3000:])
    sys.stderr.write(proc.stderr[-2000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _copy_table(cur, vendor: str, source: str, copy: str) -> None:
    """An empty copy of ``source`` with the same columns and indexes (the baseline pays the same index upkeep)."""
    if vendor == "postgresql":
        cur.execute(f"CREATE TABLE {copy} (LIKE {source} INCLUDING ALL)")  # defaults, identity, indexes
        return
    cur.execute(f"CREATE TABLE {copy} AS SELECT * FROM {source} WHERE 0")  # noqa: S608 (our own table names)
    cur.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL", [source])
    for (index_sql,) in cur.fetchall():
        cur.execute(index_sql.replace(f'"{source}"', copy).replace('INDEX "', f'INDEX "{copy}_'))
    cur.execute(
        "SELECT name FROM pragma_index_list(%s) WHERE origin = 'u'", [source]
    )  # unique constraints (number; the audit sequence and hash)
    for (index_name,) in cur.fetchall():
        cur.execute("SELECT name FROM pragma_index_info(%s)", [index_name])
        cols = ", ".join(r[0] for r in cur.fetchall())
        cur.execute(f'CREATE UNIQUE INDEX "{copy}_{index_name}" ON {copy} ({cols})')


def worker(scale: str, tmp: str) -> list[dict]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from fazhi.complaints import selectors
    from fazhi.complaints.importers import INSERT_FIELDS, ComplaintImporter, defaults_tail, insert_rows
    from fazhi.core import bulk
    from fazhi.core.importing import run_import
    from fazhi.core.models import AuditEvent, User
    from fazhi.registry.models import Department, MarketEntity
    from fazhi.rulebook.identifiers import make_uscc

    n_import, n_total = SIZES[scale]
    vendor = connection.vendor
    rng = random.Random(7)
    call_command("migrate", verbosity=0)
    departments = [Department.objects.create(code=f"D{i}", name=f"第{i}市场监管所", kind="office") for i in range(10)]
    users = [
        User(username=f"u{i}", role="officer", department=departments[i % 10], display_name=f"执法人员{i}")
        for i in range(200)
    ]
    User.objects.bulk_create(users)
    users = list(User.objects.order_by("pk"))
    entities = [
        MarketEntity(
            uscc=make_uscc("120110", "92", f"{i:08d}"),
            name=f"东丽区示例商户{i}号",
            kind="individual",
            established_on=dt.date(2015, 1, 1),
            office=departments[i % 10],
        )
        for i in range(20_000)
    ]
    MarketEntity.objects.bulk_create(entities, batch_size=2000)

    # 1. the import, as `fazhi import complaints FILE` runs it
    path = Path(tmp) / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["工单编号", "登记日期", "类型", "渠道", "消费者姓名", "联系电话", "被投诉方名称", "统一社会信用代码",
                    "问题类别", "涉及金额", "诉求", "承办单位"])  # fmt: skip
        for i in range(n_import):
            ent = entities[rng.randrange(len(entities))]
            day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(365))
            w.writerow([
                f"1231520230{i:08d}", day.isoformat(), "投诉" if i % 4 else "举报", "全国12315平台", "张三",
                f"138{rng.randrange(10**8):08d}", ent.name, ent.uscc, "食品安全", f"{rng.randrange(10, 5000)}.00",
                "购买的食品已过保质期，要求退款", "",
            ])  # fmt: skip
    audit_before = AuditEvent.objects.count()
    started = time.perf_counter()
    result = run_import(ComplaintImporter(), path, actor=None)
    import_s = time.perf_counter() - started
    assert result.created == n_import, result.as_dict()

    # Baseline: the same rows and audit events, written raw into copies of the tables with the same indexes.
    with connection.cursor() as cur:
        _copy_table(cur, vendor, "complaints_complaint", "bench_complaint")
        _copy_table(cur, vendor, "core_auditevent", "bench_auditevent")
        cols = [f.column for f in selectors.Complaint._meta.concrete_fields if f.column != "id"]
        cur.execute(f"SELECT {', '.join(cols)} FROM complaints_complaint")  # noqa: S608 (our own column list)
        stored = cur.fetchall()
        audit_cols = [f.column for f in AuditEvent._meta.concrete_fields if f.column != "id"]
        cur.execute(
            f"SELECT {', '.join(audit_cols)} FROM core_auditevent WHERE id > %s",  # noqa: S608
            [audit_before],
        )
        events = cur.fetchall()
    if vendor == "postgresql":  # rows come back as Python objects; COPY wants JSON as text
        json_at = [i for i, c in enumerate(cols) if c == "testing_periods"]
        stored = [tuple(json.dumps(v) if i in json_at else v for i, v in enumerate(r)) for r in stored]
        changes_at = audit_cols.index("changes")
        events = [tuple(json.dumps(v) if i == changes_at else v for i, v in enumerate(r)) for r in events]
    started = time.perf_counter()
    with transaction.atomic():
        bulk.insert("bench_complaint", cols, stored)
        bulk.insert("bench_auditevent", audit_cols, events)
    baseline_import_s = time.perf_counter() - started

    # 2. fill to n_total: closed with recorded dates, 2 % open; assignees spread over 200 officers
    now = connection.ops.adapt_datetimefield_value(timezone.now())

    def row(i: int, *, closed: bool) -> tuple:
        day = dt.date(2023, 1, 1) + dt.timedelta(days=i % 365)
        due = day + dt.timedelta(days=9)
        return (
            f"B{i:09d}", "complaint", "12315", "closed" if closed else "received", day, departments[i % 10].pk,
            "张三", "13800000000", "", "", True, None, "某店", "", "", "", "food", None, "描述", due,
            None if closed else due, day + dt.timedelta(days=3) if closed else None, "", "", *defaults_tail(), now,
        )  # fmt: skip

    assert len(row(0, closed=True)) == len(INSERT_FIELDS)
    batch: list[tuple] = []
    with transaction.atomic():
        for i in range(n_total - n_import):
            batch.append(row(i, closed=rng.random() > 0.02))
            if len(batch) == 50_000:
                insert_rows(batch)
                batch = []
        insert_rows(batch)
        with connection.cursor() as cur:
            cur.execute(
                "UPDATE complaints_complaint SET assignee_id = (id %% 200) + %s, decided_on = received_on, "
                "closing_due_on = decision_due_on",
                [users[0].pk],
            )
            cur.execute("ANALYZE")

    # 3. the queue page (an officer's own queue, earliest due first) and the SQL it runs
    client = Client()
    user = users[17]
    client.force_login(user)
    client.get("/complaints/")
    samples = []
    for _ in range(60):
        started = time.perf_counter()
        response = client.get("/complaints/")
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    page_p95 = _p95(samples)
    with CaptureQueriesContext(connection) as captured:
        client.get("/complaints/")
    statements = [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    bare = []
    with connection.cursor() as cur:
        for _ in range(60):
            started = time.perf_counter()
            for sql in statements:
                cur.execute(sql)
                cur.fetchall()
            bare.append((time.perf_counter() - started) * 1000)
    bare_p95 = _p95(bare)

    # 4. the year's on-time rate
    started = time.perf_counter()
    rate = selectors.on_time_rate(2023)
    rate_s = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(
            "SELECT COUNT(*) FROM complaints_complaint WHERE closed_on >= %s AND closed_on < %s",
            [dt.date(2023, 1, 1), dt.date(2024, 1, 1)],
        )
        cur.fetchone()
    count_s = time.perf_counter() - started
    assert rate is not None
    db = "PostgreSQL" if vendor == "postgresql" else "SQLite"
    limit = 30.0 * n_import / 200_000
    return [
        {"name": f"complaints.import_{n_import}", "database": db, "figure": round(import_s, 2), "unit": "s",
         "target": limit, "baseline": round(baseline_import_s, 2),
         "baseline_name": "the same rows and audit events written raw (bulk writer) into copies of the tables",
         "ok": import_s < limit},
        {"name": f"complaints.queue_page_p95_{n_total}", "database": db, "figure": round(page_p95, 1), "unit": "ms",
         "target": 100.0, "baseline": round(bare_p95, 2), "baseline_name": "the page's SQL statements replayed raw",
         "ok": page_p95 < 100.0},
        {"name": f"complaints.on_time_rate_{n_total}", "database": db, "figure": round(rate_s, 3), "unit": "s",
         "target": 2.0, "baseline": round(count_s, 3), "baseline_name": "bare COUNT of the year's closed rows",
         "ok": rate_s < 2.0},
    ]  # fmt: skip


if __name__ == "__main__":
    print(json.dumps(worker(sys.argv[1], sys.argv[2])))
