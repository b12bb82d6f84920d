"""Complaints at scale: import 200,000 rows < 30 s; queue page p95 < 100 ms and the year's on-time rate < 2 s
with 1,000,000 complaints. Scale ``small`` = 1/10 of each.

``run(scale)`` runs a worker subprocess on a fresh SQLite file in a temporary directory (so the Django settings
of the caller are untouched). Baselines measured in the same run: a raw ``executemany`` of the same number of
complete rows (import), the queue's bare SELECT (page), a bare COUNT over the same rows (on-time rate).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the worker runs this file as a script

from benchmarks.common import p95 as _p95  # noqa: E402
from benchmarks.common import run_isolated  # noqa: E402

SIZES = {"full": (200_000, 1_000_000), "small": (20_000, 100_000)}


def run(scale: str) -> list[dict]:
    return run_isolated(__file__, scale, timeout=1800)


def worker(scale: str, tmp: str) -> list[dict]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client

    from fazhi.complaints import selectors
    from fazhi.complaints.importers import ComplaintImporter, defaults_tail, insert_rows
    from fazhi.core.importing import run_import
    from fazhi.core.models import User
    from fazhi.registry.models import Department, MarketEntity
    from fazhi.rulebook.identifiers import make_uscc

    n_import, n_total = SIZES[scale]
    rng = random.Random(7)
    call_command("migrate", verbosity=0)
    departments = [Department.objects.create(code=f"D{i}", name=f"第{i}市场监管所", kind="office") for i in range(10)]
    users = [User.objects.create(username=f"u{i}", role="officer", department=departments[i % 10]) for i in range(200)]
    entities = []
    with transaction.atomic():
        for i in range(20_000):
            entities.append(
                MarketEntity(
                    uscc=make_uscc("120110", "92", f"{i:08d}"),
                    name=f"东丽区示例商户{i}号",
                    kind="individual",
                    established_on=dt.date(2015, 1, 1),
                    office=departments[i % 10],
                )  # fmt: skip
            )
        MarketEntity.objects.bulk_create(entities, batch_size=2000)

    # 1. import
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
    started = time.perf_counter()
    result = run_import(ComplaintImporter(), path)
    import_s = time.perf_counter() - started
    assert result.created == n_import, result.as_dict()

    with connection.cursor() as cur:
        cur.execute("CREATE TABLE bench_copy AS SELECT * FROM complaints_complaint WHERE 0")
        # The same indexes as the real table, so the baseline pays the same index maintenance.
        cur.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'complaints_complaint'")
        for (index_sql,) in cur.fetchall():
            if index_sql:
                cur.execute(
                    index_sql.replace('"complaints_complaint"', "bench_copy").replace('INDEX "', 'INDEX "copy_')
                )
        cur.execute("CREATE UNIQUE INDEX copy_number ON bench_copy (number)")
    now = connection.ops.adapt_datetimefield_value(django.utils.timezone.now())

    def row(i: int, *, assignee: int, closed: bool) -> tuple:
        day = dt.date(2023, 1, 1) + dt.timedelta(days=i % 365)
        due = day + dt.timedelta(days=9)
        return (
            f"B{i:09d}", "complaint", "12315", "closed" if closed else "received", day, departments[i % 10].pk,
            "张三", "13800000000", "", "", True, None, "某店", "", "food", None, "描述", due,
            None if closed else due, day + dt.timedelta(days=3) if closed else None, "", "", *defaults_tail(), now,
        )  # fmt: skip

    baseline_rows = [row(i, assignee=0, closed=True) for i in range(n_import)]
    from fazhi.complaints.importers import INSERT_SQL

    copy_sql = INSERT_SQL.replace("complaints_complaint", "bench_copy")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        for s in range(0, len(baseline_rows), 5000):
            cur.executemany(copy_sql, baseline_rows[s : s + 5000])
    baseline_import_s = time.perf_counter() - started

    # 2. fill to n_total, closed with recorded dates, 2 % open; assignees spread over 200 officers
    with transaction.atomic():
        batch: list[tuple] = []
        for i in range(n_total - n_import):
            batch.append(row(i, assignee=0, closed=rng.random() > 0.02))
            if len(batch) == 50_000:
                insert_rows(batch)
                batch = []
        insert_rows(batch)
        with connection.cursor() as cur:
            cur.execute("UPDATE complaints_complaint SET assignee_id = (id %% 200) + %s, closing_due_on = decision_due_on",
                        [users[0].pk])  # fmt: skip
            cur.execute("ANALYZE")

    # 3. queue page p95
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
    bare = []
    sql = str(
        selectors.Complaint.objects.filter(assignee_id=user.pk, due_on__isnull=False)
        .order_by("due_on", "id")[:200]
        .query
    )
    with connection.cursor() as cur:
        for _ in range(60):
            started = time.perf_counter()
            cur.execute(sql)
            cur.fetchall()
            bare.append((time.perf_counter() - started) * 1000)
    bare_p95 = _p95(bare)
    with connection.cursor() as cur:
        cur.execute("EXPLAIN QUERY PLAN " + sql)
        print("plan:", cur.fetchall(), file=sys.stderr)

    # 4. on-time rate over the year
    started = time.perf_counter()
    rate = selectors.on_time_rate(2023)
    rate_s = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM complaints_complaint WHERE closed_on >= %s AND closed_on < %s",
                    [dt.date(2023, 1, 1), dt.date(2024, 1, 1)])  # fmt: skip
        cur.fetchone()
    count_s = time.perf_counter() - started
    assert rate is not None
    return [
        {"name": f"complaints.import_{n_import}", "figure": round(import_s, 2), "unit": "s", "target": 30.0 * n_import / 200_000,
         "baseline": round(baseline_import_s, 2), "baseline_name": "raw executemany of the same number of rows",
         "ok": import_s < 30.0 * n_import / 200_000},
        {"name": f"complaints.queue_page_p95_{n_total}", "figure": round(page_p95, 1), "unit": "ms", "target": 100.0,
         "baseline": round(bare_p95, 2), "baseline_name": "the queue's bare SELECT", "ok": page_p95 < 100.0},
        {"name": f"complaints.on_time_rate_{n_total}", "figure": round(rate_s, 3), "unit": "s", "target": 2.0,
         "baseline": round(count_s, 3), "baseline_name": "bare COUNT of the year's closed rows", "ok": rate_s < 2.0},
    ]  # fmt: skip


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    print(json.dumps(worker(sys.argv[1], sys.argv[2])))
