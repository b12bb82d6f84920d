"""Lab results at scale (issue 17): ``fazhi import samples`` of 100,000 rows in under 20 s, end to end (read the
file, check every cell and row, look up tasks, stored numbers and entities, write the samples, one audit event
per record). Scale ``small`` = 10,000 rows (target scaled).

``run(scale)`` runs a worker subprocess on a fresh database: a SQLite file in a temporary directory, or — when
``DATABASE_URL`` names a PostgreSQL server (``make bench-pg``) — a database created for the run and dropped
afterwards. Same-run baseline: the very rows the import stored and its audit events written with the one bulk
writer (COPY on PostgreSQL, executemany on SQLite) into copies of the two tables with the same indexes — the
database work alone, without reading, checking or hashing. Both are also given as CPU time of the benchmark's
process (on SQLite the database engine runs in it): on a loaded machine wall time is mostly waiting for a core.

While the import runs, another process (as a web worker of the office would) writes one audited row every 20 ms
on its own connection; the longest of those writes is how long the import kept the office waiting
(``writer_longest_s``). The machine's load (``/proc/loadavg``) before and after is part of the result.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the worker runs this file as a script

from benchmarks.bench_complaints import _copy_table  # noqa: E402

SIZES = {"full": 100_000, "small": 10_000}


def run(scale: str) -> list[dict]:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return _run_postgres(url, scale)
    with tempfile.TemporaryDirectory() as tmp:
        return _worker_process(scale, tmp, f"sqlite:///{tmp}/bench.sqlite3")


def _run_postgres(url: str, scale: str) -> list[dict]:
    import psycopg

    name = f"bench_sampling_{uuid.uuid4().hex[:8]}"
    parts = urlsplit(url)
    admin = psycopg.connect(url, autocommit=True)
    try:
        admin.execute(f'CREATE DATABASE "{name}"')
        with tempfile.TemporaryDirectory() as tmp:
            return _worker_process(scale, tmp, urlunsplit(parts._replace(path=f"/{name}")))
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _worker_process(scale: str, tmp: str, database_url: str) -> list[dict]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "fazhi.settings",
        "FAZHI_LEGAL_TODAY": "2024-01-15",
    }
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "worker", scale, tmp],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=3600, check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-3000:])
    sys.stderr.write(proc.stderr[-2000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def worker(scale: str, tmp: str) -> list[dict]:
    import django

    django.setup()
    import random

    from django.core.management import call_command
    from django.db import connection, transaction

    from fazhi.core import bulk
    from fazhi.core.importing import run_import
    from fazhi.core.models import AuditEvent, User
    from fazhi.registry.models import Department, MarketEntity
    from fazhi.rulebook.identifiers import make_uscc
    from fazhi.sampling import services
    from fazhi.sampling.importers import SampleImporter
    from fazhi.sampling.models import Sample

    n = SIZES[scale]
    vendor = connection.vendor
    rng = random.Random(17)
    call_command("migrate", verbosity=0)
    departments = [Department.objects.create(code=f"D{i}", name=f"第{i}市场监管所", kind="office") for i in range(10)]
    leader = User.objects.create(username="leader", role="leader", department=departments[0], display_name="局领导")
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
    lab = services.lab_register(name="天津市食品安全检测技术研究院", actor=leader)
    tasks = []
    for i, department in enumerate(departments):
        plan = services.plan_create(
            year=2023, area="food", level="district", title=f"计划{i}", department=department,
            planned_batches=n, actor=leader,
        )  # fmt: skip
        tasks.append(
            services.task_create(
                plan=plan,
                department=department,
                lab=lab,
                planned_batches=n // 10,
                starts_on=dt.date(2023, 1, 2),
                ends_on=dt.date(2023, 12, 31),
                actor=leader,
            )  # fmt: skip
        )

    path = Path(tmp) / "results.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["抽样单编号", "任务编号", "样品名称", "被抽样单位统一社会信用代码", "标称生产者名称", "生产日期/批号",
                    "抽样日期", "检验报告编号", "检验报告日期", "检验结论", "不合格项目"])  # fmt: skip
        for i in range(n):
            ent = entities[rng.randrange(len(entities))]
            day = dt.date(2023, 1, 2) + dt.timedelta(days=rng.randrange(340))
            bad = rng.random() < 0.03
            w.writerow([
                f"DBJ23120110{i:08d}", tasks[i % 10].number, "大米", ent.uscc, "天津某粮油有限公司", "20230101",
                day.isoformat(), f"JC2023{i:08d}", (day + dt.timedelta(days=12)).isoformat(),
                "不合格" if bad else "合格", "镉(以Cd计)|0.35mg/kg|≤0.2mg/kg" if bad else "",
            ])  # fmt: skip
    audit_before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    load_before = Path("/proc/loadavg").read_text().split()[:3]
    connection.close()  # the writer process opens the database file on its own
    writer = Writer(tmp)
    started, cpu = time.perf_counter(), time.process_time()
    result = run_import(SampleImporter(), path, actor=None)
    import_s, import_cpu = time.perf_counter() - started, time.process_time() - cpu
    writer.finish()
    load_after = Path("/proc/loadavg").read_text().split()[:3]
    assert result.created == n, result.as_dict()
    assert Sample.objects.count() == n

    with connection.cursor() as cur:
        _copy_table(cur, vendor, "sampling_sample", "bench_sample")
        _copy_table(cur, vendor, "core_auditevent", "bench_auditevent")
        cols = [f.column for f in Sample._meta.concrete_fields if f.column != "id"]
        cur.execute(f"SELECT {', '.join(cols)} FROM sampling_sample")  # noqa: S608 (our own column list)
        stored = cur.fetchall()
        audit_cols = [f.column for f in AuditEvent._meta.concrete_fields if f.column != "id"]
        cur.execute(
            f"SELECT {', '.join(audit_cols)} FROM core_auditevent WHERE id > %s AND action <> 'bench.office_work'",
            [audit_before],
        )  # noqa: S608
        events = cur.fetchall()
    if vendor == "postgresql":  # rows come back as Python objects; COPY wants JSON as text
        json_at = [i for i, c in enumerate(cols) if c == "failed_items"]
        stored = [tuple(json.dumps(v) if i in json_at else v for i, v in enumerate(r)) for r in stored]
        changes_at = audit_cols.index("changes")
        events = [tuple(json.dumps(v) if i == changes_at else v for i, v in enumerate(r)) for r in events]
    started, cpu = time.perf_counter(), time.process_time()
    with transaction.atomic():
        bulk.insert("bench_sample", cols, stored)
        bulk.insert("bench_auditevent", audit_cols, events)
    baseline_s, baseline_cpu = time.perf_counter() - started, time.process_time() - cpu

    db = "PostgreSQL" if vendor == "postgresql" else "SQLite"
    limit = 20.0 * n / 100_000
    return [
        {"name": f"sampling.import_{n}", "database": db, "figure": round(import_s, 2), "unit": "s", "target": limit,
         "baseline": round(baseline_s, 2),
         "baseline_name": "the same rows and audit events written raw (bulk writer) into copies of the tables",
         "cpu_s": round(import_cpu, 2), "baseline_cpu_s": round(baseline_cpu, 2),
         "writer_longest_s": round(writer.longest, 3), "writer_writes": writer.writes, "writer_error": writer.error,
         "loadavg_before": load_before, "loadavg_after": load_after,
         "ok": import_s < limit},
    ]  # fmt: skip


class Writer:
    """Another process writing one audited row every 20 ms (``writer`` below) while the import runs."""

    def __init__(self, tmp: str) -> None:
        self.stop_file = Path(tmp) / "writer.stop"
        self.out_file = Path(tmp) / "writer.json"
        self.longest, self.writes, self.error = 0.0, 0, None
        self.proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "writer", tmp], cwd=ROOT)
        deadline = time.perf_counter() + 120
        while not self.out_file.exists():  # the writer has written its first row
            if self.proc.poll() is not None or time.perf_counter() > deadline:
                raise RuntimeError("the writer process did not start")
            time.sleep(0.05)

    def finish(self) -> None:
        self.stop_file.touch()
        self.proc.wait(timeout=300)
        report = json.loads(self.out_file.read_text())
        self.longest, self.writes, self.error = report["longest"], report["writes"], report["error"]


def writer(tmp: str) -> None:
    import django

    django.setup()
    from django.db import transaction

    from fazhi.core.audit import audit_record

    stop_file, out_file = Path(tmp) / "writer.stop", Path(tmp) / "writer.json"
    longest, writes, error = 0.0, 0, None
    try:
        with transaction.atomic():
            audit_record(action="bench.office_work", target=("bench", 0))
        out_file.write_text(json.dumps({"ready": True}))
        while not stop_file.exists():
            started = time.perf_counter()
            with transaction.atomic():
                audit_record(action="bench.office_work", target=("bench", writes + 1))
            longest = max(longest, time.perf_counter() - started)
            writes += 1
            time.sleep(0.02)
    except BaseException as exc:  # reported in the results
        error = repr(exc)
    out_file.write_text(json.dumps({"longest": longest, "writes": writes, "error": error}))


if __name__ == "__main__":
    if sys.argv[1] == "writer":
        writer(sys.argv[2])
    else:
        print(json.dumps(worker(sys.argv[2], sys.argv[3])))
