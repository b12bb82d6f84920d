"""Benchmark: ``fazhi import entities`` of a generated CSV against a raw bulk insert of the same rows.

Target (issue 2): importing 100,000 entity rows from CSV reaches at least 40 % of the rows per second of
a raw ``sqlite3.executemany`` of the same rows into an equivalent table (the same columns and indexes,
copied from ``registry_marketentity``'s DDL, in the same database file and connection, with the same
pragmas); with scale "full" also 1,000,000 rows in under 60 s.

Our figure is the whole command as a user runs it: ``fazhi import entities FILE --json`` as a new process
(``python -m fazhi.cli``, from the interpreter's start to its JSON on stdout: Django's start-up, reading and
decoding the CSV, parsing and validating every cell — USCC check characters, dates, status words, office
look-up —, the existing-row look-ups, the writes and one audit event per record, one transaction per chunk), with
the CPU time of that process (``import_cpu_s``, user + system). The baseline only inserts rows that are already in
memory. A second baseline (``audit_baseline_s``, 100k only) writes the entity rows AND one audit row per record in
bare SQL, so the audit's share of the database's work can be read off; the issue's ratio stays entity rows only.

Each measurement runs in a child process with its own temporary SQLite database, so the benchmark never
touches the caller's database: ``run(scale)`` returns the dict of ``benchmarks/run.py``. When ``DATABASE_URL``
names a PostgreSQL server (``make bench-pg``) each measurement gets a database created on that server for it and
dropped afterwards; the baseline there is one ``COPY … FROM STDIN`` of the same rows (streamed from the CSV
reader) into ``CREATE TABLE … (LIKE registry_marketentity INCLUDING ALL)`` plus the entity's foreign keys — the
same columns, unique constraints, B-tree indexes, the pg_trgm GIN name index and the office's foreign key (as the
SQLite copy of the DDL has it) — in one transaction.

Scale ``full`` adds the city scale of issue 19: 1,000,000 rows (< 60 s) and 1,500,000 rows (< 90 s), each
with its own same-run baseline, so the growth per row from 100k to 1M to 1.5M can be read off the results.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 0.40
FULL_ROWS = 1_000_000
FULL_LIMIT_S = 60.0
CITY_ROWS = 1_500_000
CITY_LIMIT_S = 90.0
OFFICES = [
    "张贵庄市场监管所",
    "丰年村市场监管所",
    "万新市场监管所",
    "无瑕市场监管所",
    "新立市场监管所",
    "华明市场监管所",
]
STREETS = [
    "张贵庄街",
    "丰年村街",
    "万新街",
    "无瑕街",
    "新立街",
    "华明街",
    "金钟街",
    "军粮城街",
    "金桥街",
    "东丽湖街",
    "华新街",
]
HEADER = [
    "统一社会信用代码", "企业名称", "主体类型", "成立日期", "登记状态", "住所", "法定代表人", "行业门类",
    "管辖单位", "登记机关", "经营范围", "所在街道", "信用风险分类",
]  # fmt: skip


def generate_csv(path: Path, rows: int, seed: int = 20230101) -> None:
    """``rows`` valid, distinct entities (USCCs built with ``make_uscc``), realistic lengths."""
    sys.path.insert(0, str(ROOT))
    from fazhi.rulebook.identifiers import USCC_ALPHABET, make_uscc

    rng = random.Random(seed)
    surnames = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
    words = "鑫盛达华宏兴隆泰丰源恒通宝利祥和顺发瑞康佳美新诚信安"
    kinds = ["有限责任公司", "个体工商户", "农民专业合作社", "分支机构", "企业"]
    statuses = ["存续"] * 8 + ["注销", "吊销"]
    alphabet = USCC_ALPHABET[:31]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for i in range(rows):
            body, k = [], i
            for _ in range(8):
                k, r = divmod(k, 31)
                body.append(alphabet[r])
            kind = kinds[i % 5]
            prefix = {"个体工商户": "92", "农民专业合作社": "93"}.get(kind, "91")
            name = (
                "天津市东丽区"
                + "".join(rng.choice(words) for _ in range(4))
                + ("商贸有限公司" if prefix == "91" else "经营部")
            )
            writer.writerow(
                [
                    make_uscc("120110", prefix, "".join(reversed(body))),
                    name,
                    kind,
                    f"{rng.randint(1995, 2023)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    rng.choice(statuses),
                    f"天津市东丽区{rng.choice(STREETS)}{rng.randint(1, 300)}号{rng.randint(1, 30)}-{rng.randint(101, 2505)}",
                    rng.choice(surnames) + rng.choice(words) + rng.choice(words),
                    rng.choice("ACEFGHIKLMO"),
                    rng.choice(OFFICES),
                    "天津市东丽区市场监督管理局",
                    "一般项目：日用百货销售；五金产品零售；技术服务、技术开发、技术咨询（除依法须经批准的项目外）",
                    rng.choice(STREETS),
                    rng.choice("ABCD"),
                ]
            )


BASELINE_COLUMNS = [
    "uscc", "name", "kind", "established_on", "status", "domicile", "legal_representative", "industry",
    "office_id", "registration_authority", "business_scope", "street", "risk_class",
    "registration_number", "status_changed_on", "updated_at",
]  # fmt: skip


def _postgres_baseline(csv_path: str) -> dict:
    """PostgreSQL: one COPY of the CSV's rows into a copy of the entity table with all its indexes, one transaction.

    The rows are streamed from ``csv.reader`` (what the importer reads too); kind and status go in as the stored
    codes, the office as its id: the baseline does no parsing or validation, only the database's work.
    """
    from django.db import connection

    from fazhi.registry.importers import parse_kind, parse_status
    from fazhi.registry.models import Department

    offices = dict(Department.objects.values_list("name", "pk"))
    kinds: dict[str, str] = {}
    statuses: dict[str, str] = {}
    out: dict = {}
    with connection.cursor() as cur:
        _pg_copy_entity(cur, "bench_entity")
        cur.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'bench_entity' ORDER BY indexname")
        out["baseline_objects"] = [r[0] for r in cur.fetchall()]
        cur.execute("SELECT conname FROM pg_constraint WHERE conrelid = 'bench_entity'::regclass AND contype = 'f'")
        out["baseline_objects"] += [r[0] for r in cur.fetchall()]
    raw = connection.connection
    with open(csv_path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        started, cpu = time.perf_counter(), time.process_time()
        with raw.transaction(), raw.cursor() as cur:
            with cur.copy(f"COPY bench_entity ({', '.join(BASELINE_COLUMNS)}) FROM STDIN") as copy:
                for r in reader:
                    kind = kinds.get(r[2]) or kinds.setdefault(r[2], parse_kind(r[2]))
                    status = statuses.get(r[4]) or statuses.setdefault(r[4], parse_status(r[4]))
                    copy.write_row(
                        (r[0], r[1], kind, r[3], status, r[5], r[6], r[7], offices[r[8]], *r[9:], None, None,
                         "2024-01-01 00:00:00+00")
                    )  # fmt: skip
        out["baseline_s"] = time.perf_counter() - started
        out["baseline_cpu_s"] = time.process_time() - cpu
    with raw.cursor() as cur:
        out["baseline_rows"] = cur.execute("SELECT count(*) FROM bench_entity").fetchone()[0]
        cur.execute("DROP TABLE bench_entity")
    raw.commit()
    out["baseline_streamed"] = True
    return out


def _audit_rows(csv_path: str, offices: dict[str, int]) -> tuple[list[tuple], list[tuple]]:
    """The entity rows (as ``_postgres_baseline`` writes them) and one audit row per record, as the import stores
    them (the created entity's facts as canonical JSON, a sequence, a 64-character hash and link), built in memory
    before the clock starts: the audit baseline times only the database's work."""
    import hashlib

    from fazhi.registry.importers import parse_kind, parse_status

    entities: list[tuple] = []
    events: list[tuple] = []
    prev = "0" * 64
    with open(csv_path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        for n, r in enumerate(reader, start=1):
            entities.append(
                (n, r[0], r[1], parse_kind(r[2]), r[3], parse_status(r[4]), r[5], r[6], r[7], offices[r[8]], *r[9:],
                 None, None, "2024-01-01 00:00:00+00:00")
            )  # fmt: skip
            changes = json.dumps(
                {"import": 1, "name": r[1], "office": offices[r[8]], "op": "create", "row": n, "uscc": r[0]},
                ensure_ascii=False, sort_keys=True, separators=(",", ":"),
            )  # fmt: skip
            digest = hashlib.sha256(changes.encode()).hexdigest()
            events.append(
                (n + 1, "2024-01-01 00:00:00+00:00", None, "命令行导入 entities.csv", "registry.import_entities.record",
                 "registry.marketentity", str(n), changes, "", prev, digest)
            )  # fmt: skip
            prev = digest
    return entities, events


AUDIT_COLUMNS = [
    "sequence", "occurred_at", "actor_id", "actor_label", "action", "object_type", "object_id", "changes",
    "request_id", "prev_hash", "hash",
]  # fmt: skip


def _audit_baseline(csv_path: str) -> dict:
    """The entity rows AND one audit event per record in bare SQL, in one transaction as the entity-only baseline:
    into copies of the entity and audit tables with all their indexes (PostgreSQL: ``COPY``; SQLite:
    ``executemany``, the FTS5 name index filled by one ``INSERT … SELECT``), 5,000 rows of each at a time. What the
    audit events cost the database is the difference to the entity-only baseline; the issue's ratio stays the
    entity-only one."""
    from django.db import connection

    from benchmarks.bench_complaints import _copy_table
    from fazhi.core import bulk
    from fazhi.registry.models import Department

    vendor = connection.vendor
    offices = dict(Department.objects.values_list("name", "pk"))
    entities, events = _audit_rows(csv_path, offices)
    if vendor == "sqlite":
        entities = [(*r[:-1], "2024-01-01 00:00:00") for r in entities]
        events = [(e[0], "2024-01-01 00:00:00", *e[2:]) for e in events]
    with connection.cursor() as cur:
        if vendor == "postgresql":
            _pg_copy_entity(cur, "bench_entity_a")
        _copy_table(cur, vendor, "core_auditevent", "bench_audit_a")
    connection.ensure_connection()
    has_fts = False
    if vendor == "sqlite":
        has_fts = _sqlite_copy_entity(connection.connection, "bench_entity_a")[1]
    raw = connection.connection
    cols = ["id", *BASELINE_COLUMNS]
    started, cpu = time.perf_counter(), time.process_time()
    if vendor == "postgresql":
        with raw.transaction():
            for start in range(0, len(entities), 5000):
                bulk.insert("bench_entity_a", cols, entities[start : start + 5000])
                bulk.insert("bench_audit_a", AUDIT_COLUMNS, events[start : start + 5000])
    else:
        raw.execute("BEGIN IMMEDIATE")
        for start in range(0, len(entities), 5000):
            bulk.insert("bench_entity_a", cols, entities[start : start + 5000])
            bulk.insert("bench_audit_a", AUDIT_COLUMNS, events[start : start + 5000])
        if has_fts:
            raw.execute("INSERT INTO bench_entity_a_fts(rowid, name) SELECT id, name FROM bench_entity_a")
        raw.execute("COMMIT")
    out = {"audit_baseline_s": time.perf_counter() - started, "audit_baseline_cpu_s": time.process_time() - cpu}
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM bench_audit_a")
        out["audit_baseline_events"] = cur.fetchone()[0]
        cur.execute("DROP TABLE bench_entity_a")
        cur.execute("DROP TABLE bench_audit_a")
        cur.execute("DROP TABLE IF EXISTS bench_entity_a_fts")
    return out


def _pg_copy_entity(cur: Any, name: str) -> None:
    """PostgreSQL: the entity table under ``name`` with the same columns, constraints and indexes (the pg_trgm GIN
    name index included) and the same foreign keys — ``LIKE … INCLUDING ALL`` copies no foreign key, and the
    import pays for the office's (checked at each chunk's commit), as the SQLite baseline's copied DDL does."""
    cur.execute(f"CREATE TABLE {name} (LIKE registry_marketentity INCLUDING ALL)")
    cur.execute(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = 'registry_marketentity'::regclass AND contype = 'f' ORDER BY conname"
    )
    for (definition,) in cur.fetchall():
        cur.execute(f"ALTER TABLE {name} ADD {definition}")


def _sqlite_copy_entity(raw: Any, name: str) -> tuple[list[str], bool]:
    """SQLite: the entity table, its indexes, and whatever else registry migrations hang on it (the FTS5 trigram
    name index, not its triggers) copied under ``name``: both sides pay the same. Returns the copied objects' names
    and whether the FTS index exists (the baseline fills it set-based, faster than its per-row trigger)."""
    objects = list(
        raw.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND type != 'trigger' AND "
            "(tbl_name = 'registry_marketentity' OR name = 'registry_entity_fts') "
            "ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, name"
        )
    )
    for _type, _name, sql in objects:
        sql = sql.replace("registry_marketentity", name).replace("registry_entity_fts", f"{name}_fts")
        sql = sql.replace('INDEX "', f'INDEX "{name}_').replace('CONSTRAINT "', f'CONSTRAINT "{name}_')
        raw.execute(sql)
    return [n for _type, n, _sql in objects], any(n == "registry_entity_fts" for _type, n, _sql in objects)


class _PgCounters:
    """PostgreSQL: the load-independent counters of one phase (issue 19: why the import grows faster than its rows).

    Read through a separate connection to the measured database (and, for the statements, a superuser connection
    to the server's own database: ``with-postgres`` trusts local connections) after the writing
    backend has flushed its statistics (a backend flushes at most once a second when it goes idle): WAL records,
    full-page images and bytes (``pg_stat_wal``, the whole server), checkpoints and who wrote the buffers
    (``pg_stat_bgwriter``), blocks read/hit per index and per table of this database (``pg_statio_user_*``),
    autovacuum runs, and — when ``pg_stat_statements`` is preloaded (``with-postgres --set
    shared_preload_libraries=pg_stat_statements``) — the statements of the phase by server time with their WAL.
    """

    TABLES = ("registry_marketentity", "core_auditevent", "bench_entity", "registry_marketentitychange")

    def __init__(self, database_url: str) -> None:
        import psycopg

        self.conn = psycopg.connect(database_url, autocommit=True)
        # the module's settings exist only when the server preloaded it
        found = self.conn.execute("SELECT count(*) FROM pg_settings WHERE name = 'pg_stat_statements.max'")
        self.statements = found.fetchone() == (1,)
        self.admin = None
        if self.statements:
            # Not connected to the measured database, so that dropping it never has to end a superuser's session.
            from benchmarks.common import superuser_url

            self.admin = psycopg.connect(superuser_url(_postgres_url() or database_url), autocommit=True)
            self.admin.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
            self.admin.execute("SELECT pg_stat_statements_reset()")
            self.dbid = self.conn.execute("SELECT oid FROM pg_database WHERE datname = current_database()").fetchone()
        self.last = self._snapshot()

    def _snapshot(self) -> dict:
        time.sleep(1.2)  # let the writing backend, the checkpointer and autovacuum flush their counters
        c = self.conn
        snap: dict = {}
        row = c.execute("SELECT wal_records, wal_fpi, wal_bytes::bigint FROM pg_stat_wal").fetchone()
        assert row is not None
        snap["wal_records"], snap["wal_fpi"], snap["wal_bytes"] = row
        row = c.execute(
            "SELECT checkpoints_timed, checkpoints_req, buffers_checkpoint, buffers_clean, buffers_backend, "
            "buffers_backend_fsync, checkpoint_write_time::bigint, checkpoint_sync_time::bigint FROM pg_stat_bgwriter"
        ).fetchone()
        assert row is not None
        for key, value in zip(
            ("checkpoints_timed", "checkpoints_req", "buffers_checkpoint", "buffers_clean", "buffers_backend",
             "buffers_backend_fsync", "checkpoint_write_ms", "checkpoint_sync_ms"),
            row,
            strict=True,
        ):  # fmt: skip
            snap[key] = value
        for rel, idx, read, hit in c.execute(
            "SELECT relname, indexrelname, idx_blks_read, idx_blks_hit FROM pg_statio_user_indexes "
            "WHERE relname = ANY(%s)",
            [list(self.TABLES)],
        ):
            snap[f"idx:{rel}:{idx}"] = (read or 0, hit or 0)
        for rel, read, hit in c.execute(
            "SELECT relname, heap_blks_read, heap_blks_hit FROM pg_statio_user_tables WHERE relname = ANY(%s)",
            [list(self.TABLES)],
        ):
            snap[f"heap:{rel}"] = (read or 0, hit or 0)
        for rel, vac, ana in c.execute(
            "SELECT relname, autovacuum_count, autoanalyze_count FROM pg_stat_user_tables WHERE relname = ANY(%s)",
            [list(self.TABLES)],
        ):
            snap[f"autovacuum:{rel}"] = (vac, ana)
        return snap

    def phase(self) -> dict:
        """The counters since the previous call (and the top statements, which are then reset)."""
        now = self._snapshot()
        out: dict = {}
        blocks: dict = {}
        for key, value in now.items():
            before = self.last.get(key)
            if isinstance(value, tuple):
                base = before if isinstance(before, tuple) else (0,) * len(value)
                delta = tuple(v - b for v, b in zip(value, base, strict=True))
                if any(delta):
                    blocks[key] = delta
            else:
                out[key] = value - (before or 0)
        out["blocks_read_hit"] = blocks
        if self.admin is not None:
            columns = (
                "calls", "rows", "shared_blks_hit", "shared_blks_read", "shared_blks_dirtied", "shared_blks_written",
                "wal_fpi", "jit_functions",
            )  # fmt: skip
            query = (
                "SELECT query, total_exec_time, wal_bytes, jit_generation_time + jit_inlining_time + "  # noqa: S608
                f"jit_optimization_time + jit_emission_time, {', '.join(columns)} FROM pg_stat_statements "
                "WHERE dbid = %s ORDER BY total_exec_time DESC LIMIT 12"
            )
            out["statements"] = [
                {
                    "query": row[0][:160],
                    "ms": round(row[1]),
                    "wal_bytes": int(row[2]),
                    "jit_ms": round(row[3]),
                    **dict(zip(columns, row[4:], strict=True)),
                }
                for row in self.admin.execute(query, self.dbid)
            ]
            self.admin.execute("SELECT pg_stat_statements_reset()")
        self.last = now
        return out

    def sizes(self) -> dict:
        return {
            name: size
            for name, size in self.conn.execute(
                "SELECT c.relname, pg_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i') AND pg_relation_size(c.oid) > 8 * 1024 * 1024 "
                "ORDER BY 2 DESC"
            )
        }

    def close(self) -> None:
        self.conn.close()
        if self.admin is not None:
            self.admin.close()


def _child(csv_path: str, measure_baseline: bool, audit_baseline: bool) -> dict:
    """A fresh database for the command: migrated, the offices created; then the same-run baselines."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from fazhi.registry.models import Department

    started = time.perf_counter()
    _migrate()  # nothing left to do on a copy of the migrated template (PostgreSQL)
    out: dict = {"migrate_s": time.perf_counter() - started}
    if measure_baseline and connection.vendor == "postgresql":
        out.update(_postgres_baseline(csv_path))
    elif measure_baseline:
        # The same rows (as text, as the CSV holds them) into a copy of the entity table and its indexes.
        connection.ensure_connection()
        raw = connection.connection
        objects, has_fts = _sqlite_copy_entity(raw, "bench_entity")
        out["baseline_objects"] = objects
        columns = BASELINE_COLUMNS
        offices = dict(Department.objects.values_list("name", "pk"))
        size = os.path.getsize(csv_path)
        fh = open(csv_path, encoding="utf-8", newline="")
        reader = csv.reader(fh)
        next(reader)
        rows_iter = ((*r[:8], offices[r[8]], *r[9:], None, None, "2024-01-01 00:00:00") for r in reader)
        # Up to ~100 MB of CSV the rows are read into memory first (the strict baseline: insert only);
        # a million rows would need gigabytes, so there the baseline streams them from the CSV reader.
        streamed = size > 100_000_000
        rows = rows_iter if streamed else list(rows_iter)
        out["baseline_streamed"] = streamed
        sql = f"INSERT INTO bench_entity ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"  # noqa: S608
        started, cpu = time.perf_counter(), time.process_time()
        raw.execute("BEGIN IMMEDIATE")
        raw.executemany(sql, rows)
        if has_fts:
            raw.execute("INSERT INTO bench_entity_fts(rowid, name) SELECT id, name FROM bench_entity")
        raw.execute("COMMIT")
        out["baseline_s"] = time.perf_counter() - started
        out["baseline_cpu_s"] = time.process_time() - cpu
        out["baseline_rows"] = raw.execute("SELECT count(*) FROM bench_entity").fetchone()[0]
        del rows
        fh.close()
        raw.execute("DROP TABLE bench_entity")
        raw.execute("DROP TABLE IF EXISTS bench_entity_fts")
    if audit_baseline:
        out.update(_audit_baseline(csv_path))
    return out


def _command(csv_path: Path, env: dict[str, str]) -> dict:
    """``fazhi import entities FILE --json`` as a user runs it: a new process, from the interpreter's start to its
    JSON on stdout. Wall time and the CPU time of the process (user + system, ``RUSAGE_CHILDREN``)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "fazhi.cli", "import", "entities", str(csv_path), "--json"],
        env=env, cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(
            f"fazhi import entities exited {proc.returncode}: {proc.stdout[-2000:]} {proc.stderr[-2000:]}"
        )
    outcome = json.loads(proc.stdout.strip().splitlines()[-1])
    outcome["wall_s"] = wall
    outcome["cpu_s"] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return outcome


def _checkpoint() -> None:
    """PostgreSQL: ``CHECKPOINT`` before a measured phase (as the server's superuser: ``with-postgres`` trusts local
    connections), so that no phase pays for the writes of the one before. Without it the 1M import met the
    baseline's 2 GB of WAL and 1 GB of its dirty buffers: two requested checkpoints ran during the import and the
    import's own backend wrote out 2 GB of the baseline's pages. The checkpoint itself is not timed."""
    server = _postgres_url()
    if server is None:
        return
    import psycopg

    from benchmarks.common import superuser_url

    with psycopg.connect(superuser_url(server), autocommit=True) as superuser:
        superuser.execute("CHECKPOINT")


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@contextlib.contextmanager
def _database(db_dir: Path, template: str | None = None) -> Iterator[str]:
    """A fresh database for one measurement: a SQLite file in ``db_dir``, or a new database on the PostgreSQL server
    (a copy of ``template``, an already migrated database, when given: migrating takes ~40 s idle, a copy ~1 s)."""
    server = _postgres_url()
    if server is None:
        yield f"sqlite:///{db_dir / 'bench.sqlite3'}"
        return
    import psycopg

    from benchmarks.common import drop_database

    name = f"bench_import_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(server, autocommit=True)
    try:
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        yield urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    finally:
        admin.close()
        drop_database(server, name)


@contextlib.contextmanager
def _migrated_template(tmpdir: Path) -> Iterator[str | None]:
    """PostgreSQL: one database migrated once (with the offices), copied for each measurement; None on SQLite."""
    if _postgres_url() is None:
        yield None
        return
    with _database(tmpdir) as url:
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "fazhi.settings"}
        cmd = [sys.executable, str(Path(__file__).resolve()), "--migrate"]
        proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"benchmark migrate failed:\n{proc.stderr[-4000:]}")
        yield urlsplit(url).path.lstrip("/")


def _migrate() -> None:
    """Child: migrate the database of ``DATABASE_URL`` and add the offices the CSV names."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from fazhi.registry.models import Department

    call_command("migrate", verbosity=0)
    for i, name in enumerate(OFFICES):
        Department.objects.get_or_create(code=f"S{i}", defaults={"name": name, "kind": "office"})


def _measure(
    csv_path: Path,
    db_dir: Path,
    measure_baseline: bool,
    *,
    reimport: bool = True,
    audit: bool = False,
    template: str | None = None,
) -> dict:
    with _database(db_dir, template) as database_url, contextlib.ExitStack() as stack:
        counters = _PgCounters(database_url) if _postgres_url() else None
        if counters is not None:
            stack.callback(counters.close)  # before the database is dropped, also after a failure
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "fazhi.settings",
            # A city's export with its business scopes is over the default 300 MB cap (1.5M rows: ~525 MB):
            # an installation that imports it raises the cap, as here.
            "FAZHI_IMPORT_MAX_FILE_MB": "1024",
        }
        env.pop("FAZHI_LEGAL_TODAY", None)
        _checkpoint()
        cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(csv_path)]
        if measure_baseline:
            cmd.append("--baseline")
        if audit:
            cmd.append("--audit-baseline")
        proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"benchmark child failed:\n{proc.stderr[-4000:]}")
        out = json.loads(proc.stdout.strip().splitlines()[-1])
        out["phases"] = {"migrate_s": round(out.pop("migrate_s"), 2)}
        if counters is not None:
            out["phases"]["baseline"] = counters.phase()
        # As installed, Python keeps the modules' bytecode; this machine's environment may forbid writing it
        # (PYTHONDONTWRITEBYTECODE), so the command runs with a bytecode cache of its own, filled by one run on a
        # file of headers only (as the samples benchmark does).
        env["PYTHONPYCACHEPREFIX"] = str(db_dir / "pycache")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        headers_only = db_dir / "headers-only.csv"
        with csv_path.open(encoding="utf-8") as fh:
            headers_only.write_text(fh.readline(), "utf-8")
        _command(headers_only, env)
        if counters is not None:
            counters.phase()  # the headers-only run: not counted
        _checkpoint()
        out["loadavg_before"] = _loadavg()
        first = _command(csv_path, env)
        out["loadavg_after"] = _loadavg()
        if counters is not None:
            out["phases"]["import"] = counters.phase()
            out["phases"]["sizes"] = counters.sizes()
        out["import_s"], out["import_cpu_s"] = first["wall_s"], first["cpu_s"]
        out["created"], out["rejected"] = first["created"], first["rejected"]
        if reimport:  # the same file again: everything unchanged (the idempotence path: look-ups and comparisons)
            _checkpoint()
            again = _command(csv_path, env)
            out["reimport_s"], out["reimport_cpu_s"] = again["wall_s"], again["cpu_s"]
            out["reimport_unchanged"] = again["unchanged"]
    return out


def _big(source: Path, tmpdir: Path, rows: int, limit_s: float, name: str, vendor: str, template: str | None) -> dict:
    path = tmpdir / f"{name}.csv"
    started = time.perf_counter()
    _prefix_csv(source, path, rows)
    csv_s = time.perf_counter() - started
    (tmpdir / name).mkdir()
    started = time.perf_counter()
    full = _measure(path, tmpdir / name, True, reimport=False, template=template)  # the re-import: at 100k
    path.unlink()
    phases = {"csv_copy_s": round(csv_s, 2), "child_s": round(time.perf_counter() - started, 2), **full["phases"]}
    what = (
        "one COPY of the same rows streamed from csv.reader into a LIKE … INCLUDING ALL copy of the table"
        if vendor == "PostgreSQL"
        else "sqlite3.executemany of the same rows streamed from csv.reader (same table copy and indexes)"
    )
    return {
        "name": name,
        "figure": round(full["import_s"], 2),
        "unit": "s",
        "target": limit_s,
        "baseline": round(full["baseline_s"], 2),
        "baseline_name": f"{vendor}: {what}, same run",
        "database": vendor,
        "rows": rows,
        "ratio": round(full["baseline_s"] / full["import_s"], 3),
        "us_per_row": round(full["import_s"] / rows * 1e6, 1),
        "baseline_us_per_row": round(full["baseline_s"] / rows * 1e6, 1),
        "import_cpu_s": round(full["import_cpu_s"], 2),
        "phases": phases,
        "loadavg_before": full["loadavg_before"],
        "loadavg_after": full["loadavg_after"],
        "loadavg": _loadavg(),
        "ok": full["created"] == rows and full["import_s"] < limit_s,
    }


def _prefix_csv(source: Path, path: Path, rows: int) -> None:
    """The header and the first ``rows`` rows of ``source`` (``generate_csv`` writes one line per row and draws
    each row after the one before, so this is the file ``generate_csv(path, rows)`` would write)."""
    if source == path:
        return
    with source.open("rb") as src, path.open("wb") as dst:
        for n, line in enumerate(src):
            if n > rows:
                break
            dst.write(line)


def _loadavg() -> str:
    """The machine's load when the figure was taken (other engineers share the cores)."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return ""


SIZES = {"100k": 100_000, "1m": FULL_ROWS, "1.5m": CITY_ROWS}


def run(scale: str = "small", variants: list[str] | None = None) -> dict | list[dict]:
    """``variants`` (``--only registry_import:1m``; names in ``SIZES``) runs only those sizes; by default scale
    small runs 100k and full runs 100k, 1M and 1.5M. The CSV is generated once at the largest size (≈ 45 µs a
    row) and the smaller files are its first rows; on PostgreSQL the schema is migrated once into a template
    database and each measurement gets a fresh copy of it."""
    sizes = variants or (["100k", "1m", "1.5m"] if scale == "full" else ["100k"])
    unknown = [v for v in sizes if v not in SIZES]
    if unknown:
        raise ValueError(f"unknown size {unknown}: one of {', '.join(SIZES)}")
    vendor = "PostgreSQL" if _postgres_url() else "SQLite"
    results: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-import-") as tmp:
        tmpdir = Path(tmp)
        source = tmpdir / "entities.csv"
        started = time.perf_counter()
        generate_csv(source, max(SIZES[v] for v in sizes))
        csv_s = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        with _migrated_template(tmpdir) as template:
            migrate_s = round(time.perf_counter() - started, 2)
            for size in sizes:
                if size == "100k":
                    results.append(_small(source, tmpdir, vendor, template))
                elif size == "1m":
                    results.append(
                        _big(source, tmpdir, FULL_ROWS, FULL_LIMIT_S, "registry.import_entities_1m", vendor, template)
                    )
                else:
                    results.append(
                        _big(source, tmpdir, CITY_ROWS, CITY_LIMIT_S, "registry.import_entities_1_5m", vendor, template)
                    )
    for r in results:
        r.setdefault("phases", {}).update(
            {"csv_generate_s": csv_s, "csv_rows": max(SIZES[v] for v in sizes), "template_migrate_s": migrate_s}
        )
    return results[0] if len(results) == 1 and not variants else results


def _small(source: Path, tmpdir: Path, vendor: str, template: str | None) -> dict:
    rows = SIZES["100k"]
    path = tmpdir / "entities_100k.csv"
    _prefix_csv(source, path, rows)
    (tmpdir / "a").mkdir()
    small = _measure(path, tmpdir / "a", True, audit=True, template=template)
    ours = small["created"] / small["import_s"]
    baseline = small["baseline_rows"] / small["baseline_s"]
    what = (
        "one COPY of the same 100,000 rows into a LIKE … INCLUDING ALL copy of the entity table "
        "(unique constraints, B-tree indexes, pg_trgm GIN name index, the office foreign key)"
        if vendor == "PostgreSQL"
        else "sqlite3.executemany of the same 100,000 rows into a copy of the entity table and its indexes "
        "(incl. the FTS5 name index, filled by one INSERT … SELECT)"
    )
    return {
        "name": "registry.import_entities",
        "figure": round(ours),
        "unit": "rows/s",
        "target": round(baseline * TARGET_RATIO),
        "baseline": round(baseline),
        "baseline_name": f"{vendor}: {what}",
        "database": vendor,
        "ratio": round(ours / baseline, 3),
        "rows": rows,
        "import_s": round(small["import_s"], 3),
        "baseline_s": round(small["baseline_s"], 3),
        "us_per_row": round(small["import_s"] / rows * 1e6, 1),
        "baseline_us_per_row": round(small["baseline_s"] / rows * 1e6, 1),
        "import_cpu_s": round(small["import_cpu_s"], 3),
        "baseline_cpu_s": round(small["baseline_cpu_s"], 3),
        "reimport_s": round(small["reimport_s"], 3),
        "reimport_cpu_s": round(small["reimport_cpu_s"], 3),
        "reimport_unchanged": small["reimport_unchanged"],
        # The second honest figure: the entity rows AND one audit event per record in bare SQL, per chunk.
        "audit_baseline_s": round(small["audit_baseline_s"], 3),
        "audit_baseline_cpu_s": round(small["audit_baseline_cpu_s"], 3),
        "ratio_with_audit": round(small["audit_baseline_s"] / small["import_s"], 3),
        "loadavg_before": small["loadavg_before"],
        "loadavg_after": small["loadavg_after"],
        "baseline_objects": small["baseline_objects"],
        "phases": small["phases"],
        "loadavg": _loadavg(),
        "ok": small["created"] == rows and ours >= TARGET_RATIO * baseline,
    }


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--child":
        print(json.dumps(_child(sys.argv[2], "--baseline" in sys.argv, "--audit-baseline" in sys.argv)))
    elif len(sys.argv) >= 2 and sys.argv[1] == "--migrate":
        _migrate()
    else:
        print(json.dumps(run(sys.argv[1] if len(sys.argv) > 1 else "small"), ensure_ascii=False, indent=2))
