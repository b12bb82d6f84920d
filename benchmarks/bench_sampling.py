"""Lab results at scale (issue 17): ``fazhi import samples FILE --json`` of 100,000 rows in under 20 s, end to end:
the command run as a user runs it (interpreter and Django start-up, read the file, check every cell and row, look up
tasks, stored numbers and entities, write the samples, one hash-chained audit event per record, the JSON printed).
Scale ``small`` = 10,000 rows (target scaled).

``run(scale)`` runs a worker subprocess on a fresh database: a SQLite file in a temporary directory, or — when
``DATABASE_URL`` names a PostgreSQL server (``make bench-pg``) — a database created for the run and dropped
afterwards. Same-run baseline: the import's database work in bare SQL, chunk by chunk as the import does it — the
look-ups of the chunk's sample numbers and entities, the very rows the import stored and its audit events written
with the one bulk writer (COPY on PostgreSQL, executemany on SQLite) into copies of the two tables with the same
indexes, the new ids read back, one commit per chunk — without reading, checking or hashing. Both are also given as
CPU time (the command's process; the benchmark's own for the baseline — on SQLite the database engine runs in the
process): on a loaded machine wall time is mostly waiting for a core.

With ``FAZHI_BENCH_WRITER=1``, another process (as a web worker of the office would) writes one audited row every
20 ms on its own connection while the import runs; the longest of those writes is how long the import kept the office
waiting (``writer_longest_s``). It is off by default: on SQLite the import then also waits for that writer's
transactions, which the baseline does not, so the two would not measure the same work. The machine's load
(``/proc/loadavg``) before and after is part of the result.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the worker runs this file as a script

from benchmarks.bench_complaints import _copy_table  # noqa: E402
from benchmarks.common import drop_database  # noqa: E402

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
        [sys.executable, str(Path(__file__).resolve()), "worker", scale, tmp],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=3600, check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-3000:])
    sys.stderr.write(proc.stderr[-2000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def build(scale: str, tmp: str) -> tuple[Path, int]:
    """A fresh database (migrated; 10 departments, 20,000 entities, 10 tasks) and the lab results' CSV in ``tmp``."""
    import random

    from django.core.management import call_command

    from fazhi.core.models import User
    from fazhi.registry.models import Department, MarketEntity
    from fazhi.rulebook.identifiers import make_uscc
    from fazhi.sampling import services

    n = SIZES[scale]
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
    return path, n


def worker(scale: str, tmp: str) -> list[dict]:
    import django

    django.setup()
    from django.db import connection

    from fazhi.core.models import AuditEvent
    from fazhi.sampling.models import Sample

    path, n = build(scale, tmp)
    vendor = connection.vendor
    audit_before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    load_before = Path("/proc/loadavg").read_text().split()[:3]
    connection.close()  # the writer process and the command open the database on their own
    writer = Writer(tmp) if os.environ.get("FAZHI_BENCH_WRITER") == "1" else None
    # What the user waits for: the command itself, from the interpreter's start to its JSON on stdout. As installed,
    # Python keeps the modules' bytecode; this machine's environment may forbid writing it (PYTHONDONTWRITEBYTECODE),
    # so the command runs with a bytecode cache of its own, filled by one run on a file of headers only.
    command = [sys.executable, "-m", "fazhi.cli", "import", "samples"]
    env = {**os.environ, "PYTHONPYCACHEPREFIX": str(Path(tmp) / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    headers_only = Path(tmp) / "headers-only.csv"
    with path.open(encoding="utf-8") as fh:
        headers_only.write_text(fh.readline(), "utf-8")
    subprocess.run([*command, str(headers_only), "--json"], cwd=ROOT, env=env, capture_output=True, check=True)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(
        [*command, str(path), "--json"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600, check=False
    )
    import_s = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    import_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    if writer is not None:
        writer.finish()
    load_after = Path("/proc/loadavg").read_text().split()[:3]
    if proc.returncode != 0:
        raise RuntimeError(
            f"fazhi import samples exited {proc.returncode}: {proc.stdout[-2000:]} {proc.stderr[-2000:]}"
        )
    outcome = json.loads(proc.stdout.strip().splitlines()[-1])
    assert outcome["created"] == n and outcome["rejected"] == 0, outcome
    assert Sample.objects.count() == n

    baseline_s, baseline_cpu = baseline(vendor, audit_before)
    db = "PostgreSQL" if vendor == "postgresql" else "SQLite"
    limit = 20.0 * n / 100_000
    return [
        {"name": f"sampling.import_{n}", "database": db, "figure": round(import_s, 2), "unit": "s", "target": limit,
         "baseline": round(baseline_s, 2),
         "baseline_name": "bare SQL per 5,000-row chunk: the stored-number and entity look-ups, the same rows and "
                          "audit events inserted (bulk writer) into copies of the tables, their ids read back, "
                          "one commit per chunk",
         "cpu_s": round(import_cpu, 2), "baseline_cpu_s": round(baseline_cpu, 2),
         **({"writer_longest_s": round(writer.longest, 3), "writer_writes": writer.writes,
             "writer_error": writer.error} if writer is not None else {}),
         "loadavg_before": load_before, "loadavg_after": load_after,
         "ok": import_s < limit},
    ]  # fmt: skip


def baseline(vendor: str, audit_before: int) -> tuple[float, float]:
    """The import's database work in bare SQL, chunk by chunk as the import does it: look up the chunk's sample
    numbers and entities, insert its samples, read their ids back, read the chain's head, insert its audit events,
    commit. Returns (wall seconds, CPU seconds of this process)."""
    from django.db import connection, transaction

    from fazhi.core import bulk
    from fazhi.core.models import AuditEvent
    from fazhi.sampling.models import Sample

    with connection.cursor() as cur:
        _copy_table(cur, vendor, "sampling_sample", "bench_sample")
        _copy_table(cur, vendor, "core_auditevent", "bench_auditevent")
        cols = [f.column for f in Sample._meta.concrete_fields if f.column != "id"]
        cur.execute(f"SELECT {', '.join(cols)} FROM sampling_sample ORDER BY id")  # noqa: S608 (our own columns)
        stored = cur.fetchall()
        audit_cols = [f.column for f in AuditEvent._meta.concrete_fields if f.column != "id"]
        cur.execute(
            f"SELECT {', '.join(audit_cols)} FROM core_auditevent "  # noqa: S608 (our own column list)
            "WHERE id > %s AND object_type = 'sampling.sample' ORDER BY id",
            [audit_before],
        )
        events = cur.fetchall()
        cur.execute(
            "SELECT uscc FROM registry_marketentity r JOIN sampling_sample s ON s.entity_id = r.id ORDER BY s.id"
        )
        usccs = [r[0] for r in cur.fetchall()]
    if vendor == "postgresql":  # rows come back as Python objects; COPY wants JSON as text
        json_at = [i for i, c in enumerate(cols) if c == "failed_items"]
        stored = [tuple(json.dumps(v) if i in json_at else v for i, v in enumerate(r)) for r in stored]
        changes_at = audit_cols.index("changes")
        events = [tuple(json.dumps(v) if i == changes_at else v for i, v in enumerate(r)) for r in events]
    assert len(events) == len(stored), (len(events), len(stored))
    number_at = cols.index("number")
    size = 5000

    def select_in(cur: Any, sql: str, values: list[Any]) -> list[tuple[Any, ...]]:
        out: list[tuple[Any, ...]] = []
        for start in range(0, len(values), 900):
            part = values[start : start + 900]
            cur.execute(f"{sql} ({', '.join(['%s'] * len(part))})", part)
            out.extend(cur.fetchall())
        return out

    started, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(stored), size):
        rows, chunk_events = stored[start : start + size], events[start : start + size]
        numbers = [r[number_at] for r in rows]
        with transaction.atomic(), connection.cursor() as cur:
            select_in(cur, "SELECT number, id FROM bench_sample WHERE number IN", numbers)
            select_in(cur, "SELECT uscc, id, name FROM registry_marketentity WHERE uscc IN",
                      sorted(set(usccs[start : start + size])))  # fmt: skip
            bulk.insert("bench_sample", cols, rows)
            select_in(cur, "SELECT number, id FROM bench_sample WHERE number IN", numbers)
            cur.execute("SELECT sequence, hash FROM bench_auditevent ORDER BY sequence DESC LIMIT 1")
            cur.fetchall()
            bulk.insert("bench_auditevent", audit_cols, chunk_events)
    return time.perf_counter() - started, time.process_time() - cpu


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
    elif sys.argv[1] == "prepare":  # for profiling: ``DATABASE_URL=sqlite:///DIR/db.sqlite3 … prepare small DIR``
        import django

        django.setup()
        print(build(sys.argv[2], sys.argv[3])[0])
    else:
        print(json.dumps(worker(sys.argv[2], sys.argv[3])))
