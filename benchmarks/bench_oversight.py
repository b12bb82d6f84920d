"""The oversight registers of issue 15 in one demo district on SQLite: each register's list page as a bureau leader
sees it (every department's records) and each of their annual-report metrics.

The district is built by ``fazhi demo --scale small`` (seed 2023; ``full`` builds the full-scale district) on a fresh
database. Baselines measured in the same run, doing the same database work in bare SQL: for a page, the SELECT
statements the page ran, replayed raw (so the difference is Django, the templates and the access checks); for a
metric, the statements its ``compute`` ran, replayed raw. Figures are p95 over 30 requests (pages) and 10 calls
(metrics).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the worker runs this file as a script

from benchmarks.common import p95 as _p95  # noqa: E402
from benchmarks.common import run_isolated  # noqa: E402

MODULES = ("file_reviews", "remedies", "disclosure", "normative_docs", "major_decisions", "legal_affairs")
PAGES = (
    "file_reviews:home", "file_reviews:live_queue", "file_reviews:rectification_list", "file_reviews:higher_list",
    "remedies:reconsideration_list", "remedies:lawsuit_list", "disclosure:home", "disclosure:request_list",
    "disclosure:document_list", "normative_docs:document_list", "normative_docs:cleanup_list",
    "normative_docs:mechanism_list", "major_decisions:home", "legal_affairs:matter_list", "legal_affairs:proposal_list",
)  # fmt: skip
PAGE_TARGET_MS, METRIC_TARGET_S = 100.0, 2.0


def run(scale: str) -> list[dict]:
    return run_isolated(__file__, scale, timeout=3600)


def _replay(connection, statements: list[str], repeat: int) -> float:
    samples = []
    with connection.cursor() as cur:
        for _ in range(repeat):
            started = time.perf_counter()
            for sql in statements:
                cur.execute(sql)
                cur.fetchall()
            samples.append((time.perf_counter() - started) * 1000)
    return _p95(samples)


def _selects(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]


def worker(scale: str, tmp: str) -> list[dict]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from fazhi.core.metrics import METRICS
    from fazhi.core.models import User

    started = time.perf_counter()
    call_command("demo", "--no-serve", "--scale", scale, "--seed", "2023", verbosity=0)
    print(f"demo district: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    leader = User.objects.filter(role="leader", is_active=True).order_by("pk").first()
    assert leader is not None
    client = Client()
    client.force_login(leader)
    results = []
    for name in PAGES:
        url = reverse(name)
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        samples = []
        for _ in range(30):
            started = time.perf_counter()
            client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        figure = _p95(samples)
        results.append(
            {
                "name": f"oversight.page.{name.replace(':', '.')}_p95", "figure": round(figure, 1), "unit": "ms",
                "target": PAGE_TARGET_MS, "baseline": round(_replay(connection, _selects(captured), 30), 2),
                "baseline_name": f"the page's {len(_selects(captured))} SELECT statements replayed raw",
                "ok": figure < PAGE_TARGET_MS,
            }
        )  # fmt: skip
    for metric_id, metric in sorted(METRICS.items()):
        if metric.module not in MODULES:
            continue
        metric.compute(2023)
        samples = []
        for _ in range(10):
            started = time.perf_counter()
            metric.compute(2023)
            samples.append(time.perf_counter() - started)
        with CaptureQueriesContext(connection) as captured:
            value = metric.compute(2023)
        figure = _p95(samples)
        results.append(
            {
                "name": f"oversight.metric.{metric_id}", "figure": round(figure, 4), "unit": "s",
                "target": METRIC_TARGET_S, "baseline": round(_replay(connection, _selects(captured), 10) / 1000, 4),
                "baseline_name": f"the metric's {len(_selects(captured))} statements replayed raw",
                "ok": figure < METRIC_TARGET_S, "value": str(value),
            }
        )  # fmt: skip
    return results


if __name__ == "__main__":
    print(json.dumps(worker(sys.argv[1], sys.argv[2]), ensure_ascii=False))
