"""The audit trail at scale (issue 14 §6): the audit screen's searches over 1,000,000 events (p95 < 100 ms, end to end
through the page, against the same query in bare SQL measured in the same run, and against all the page's queries
replayed in bare SQL) and the full verification (``fazhi audit verify``: chain, anchors and guard; < 10 s) against a
bare read of the same rows in the same keyset chunks. Scale ``small`` = 100,000.

``run(scale)`` runs a worker subprocess on a fresh SQLite file (``make bench-pg``: a fresh PostgreSQL database). The events form a valid chain spread over 2023, by
200 people, over 40 actions and 100,000 objects.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the worker runs this file as a script

from benchmarks.common import loadavg, run_isolated  # noqa: E402
from benchmarks.common import p95 as _p95  # noqa: E402

SIZES = {"full": 1_000_000, "small": 100_000}
PEOPLE = 200
BATCH = 20_000


def run(scale: str) -> list[dict]:
    return run_isolated(__file__, scale, timeout=3600)


def _timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def _fill(n: int, users: list, actions: list[str]) -> None:
    """A valid chain of ``n`` events written in batches with the kernel's own hash (``_hash_fields``)."""
    from django.db import connection, transaction

    from fazhi.core import bulk
    from fazhi.core.audit import GENESIS, _hash_fields, _instant
    from fazhi.core.models import AuditEvent

    rng = random.Random(2023)
    fields = {f.name: f for f in AuditEvent._meta.concrete_fields}
    names = [
        "sequence", "occurred_at", "actor", "actor_label", "action", "object_type", "object_id", "changes",
        "request_id", "prev_hash", "hash",
    ]  # fmt: skip
    start = dt.datetime(2023, 1, 1, tzinfo=dt.UTC)
    step = dt.timedelta(seconds=365 * 86400 / n)
    prev = GENESIS
    for first in range(1, n + 1, BATCH):
        rows = []
        for sequence in range(first, min(first + BATCH, n + 1)):
            user = users[rng.randrange(len(users))]
            action = actions[rng.randrange(len(actions))]
            at = start + step * sequence
            oid = str(rng.randrange(100_000))
            changes = {"state": ["a", "b"], "n": sequence % 97}
            digest = _hash_fields(
                sequence=sequence, occurred_at=_instant(at), actor_id=user.pk, actor_label=user.username,
                action=action, object_type="cases.case", object_id=oid, changes=changes, request_id="", prev_hash=prev,
            )  # fmt: skip
            rows.append(
                (
                    sequence, fields["occurred_at"].get_db_prep_save(at, connection), user.pk, user.username,
                    action, "cases.case", oid, json.dumps(changes), "", prev, digest,
                )
            )  # fmt: skip
            prev = digest
        with transaction.atomic():
            bulk.insert(AuditEvent, [fields[x].column for x in names], rows)


def worker(scale: str, tmp: str) -> list[dict]:
    import os

    # the run's own anchor file: never the checkout's var/audit-anchors.jsonl, whose anchors belong to another
    # database (verify would rightly report them as a truncated chain)
    os.environ["FAZHI_AUDIT_ANCHOR_FILE"] = str(Path(tmp) / "audit-anchors.jsonl")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from fazhi.core import audit_check
    from fazhi.core.audit import audit_verify
    from fazhi.core.audit_labels import catalogue
    from fazhi.core.models import User

    n = SIZES[scale]
    call_command("migrate", verbosity=0)
    users = [
        User.objects.create_user(username=f"user{i:03d}", password="x", role="officer", display_name=f"人员{i:03d}")
        for i in range(PEOPLE)
    ]
    actions = sorted(catalogue())[:40]
    fill_s, _ = _timed(lambda: _fill(n, users, actions))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    auditor = User.objects.create_user(username="auditor", password="x", role="auditor")
    client = Client()
    client.force_login(auditor)

    middle = dt.date(2023, 7, 1)
    target_user = users[17]
    searches = {
        "newest": ({}, "SELECT * FROM core_auditevent ORDER BY sequence DESC LIMIT 51", []),
        "person": (
            {"person": target_user.username},
            "SELECT * FROM core_auditevent WHERE actor_id = %s ORDER BY sequence DESC LIMIT 51",
            [target_user.pk],
        ),
        "action": (
            {"action": actions[3]},
            "SELECT * FROM core_auditevent WHERE action = %s ORDER BY sequence DESC LIMIT 51",
            [actions[3]],
        ),
        "object": (
            {"object_type": "cases.case", "object_id": "4242"},
            "SELECT * FROM core_auditevent WHERE object_type = %s AND object_id = %s ORDER BY sequence DESC LIMIT 51",
            ["cases.case", "4242"],
        ),
        "person_and_day": (
            {"person": target_user.username, "date_from": middle.isoformat(), "date_to": middle.isoformat()},
            "SELECT * FROM core_auditevent WHERE actor_id = %s AND occurred_at >= %s AND occurred_at < %s "
            "ORDER BY sequence DESC LIMIT 51",
            [target_user.pk, "2023-06-30 16:00:00", "2023-07-01 16:00:00"],
        ),
        "deep_page": (
            {"before": n // 2},
            "SELECT * FROM core_auditevent WHERE sequence < %s ORDER BY sequence DESC LIMIT 51",
            [n // 2],
        ),
    }
    results = []
    for name, (params, sql, args) in searches.items():
        client.get("/audit/", params)
        work = _page_queries(client, params)  # every query the page runs, to replay in bare SQL
        page_samples, sql_samples, work_samples = [], [], []
        for _ in range(30):
            t, response = _timed(lambda params=params: client.get("/audit/", params))
            assert response.status_code == 200, (name, response.status_code)
            page_samples.append(t)
            t, _ = _timed(lambda sql=sql, args=args: _fetch(connection, sql, args))
            sql_samples.append(t)
            t, _ = _timed(lambda work=work: [_fetch(connection, q, a) for q, a in work])
            work_samples.append(t)
        page, base, all_work = _p95(page_samples), _p95(sql_samples), _p95(work_samples)
        results.append(
            {
                "name": f"audit.screen_{name}_p95_{n}",
                "figure": round(page * 1000, 1),
                "unit": "ms",
                "target": 100,
                "baseline": round(base * 1000, 2),
                "baseline_name": "the same search in bare SQL (ms)",
                "page_queries": len(work),
                "all_queries_p95_ms": round(all_work * 1000, 2),
                "ok": page < 0.1,
                "loadavg": loadavg(),
            }
        )
    audit_check.anchor()
    verify_s, verification = _timed(lambda: audit_check.verify(record=True))
    assert verification.exit_code == 0, verification.message
    chain_s, chain = _timed(audit_verify)
    assert chain.ok and chain.checked >= n, chain.reason  # n and the auditor's own login events
    read_s, rows = _timed(lambda: _read_chunks(connection))
    assert rows == chain.checked
    results.append(
        {
            "name": f"audit.verify_{n}",
            "figure": round(verify_s, 2),
            "unit": "s",
            "target": 10,
            "baseline": round(read_s, 2),
            "baseline_name": "bare read of every event, the same keyset chunks (s)",
            "chain_only_s": round(chain_s, 2),
            "ok": verify_s < 10,
            "fill_s": round(fill_s, 1),
            "loadavg": loadavg(),
        }
    )
    return results


def _fetch(connection, sql: str, args) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return cursor.fetchall()


def _page_queries(client, params: dict) -> list[tuple[str, tuple]]:
    """The (sql, params) of every query one request of the page runs (session, user, second factor, people, the
    search, the last verification): the page's whole database work, replayed in bare SQL as its baseline."""
    from django.db import connection

    seen: list[tuple[str, tuple]] = []

    def record(execute, sql, args, many, context):
        seen.append((sql, tuple(args or ())))
        return execute(sql, args, many, context)

    with connection.execute_wrapper(record):
        client.get("/audit/", params)
    return [(sql, args) for sql, args in seen if sql.lstrip().upper().startswith("SELECT")]


def _read_chunks(connection) -> int:
    """The verification's database work alone: the same keyset-chunked query, every row fetched, nothing computed."""
    from fazhi.core.audit import _verify_query

    sql, last, total = _verify_query(), 0, 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(sql, [last, 10_000])
            rows = cursor.fetchall()
            if not rows:
                return total
            total += len(rows)
            last = rows[-1][0]


if __name__ == "__main__":
    scale = sys.argv[1]
    out = worker(scale, sys.argv[2])
    for row in out:
        print(
            f"{row['name']}: {row['figure']} {row['unit']} (target {row['target']}, baseline {row['baseline']})",
            file=sys.stderr,
        )
    print(json.dumps(out, ensure_ascii=False))
