"""Cases at scale: case list and overdue queries p95 < 100 ms and the year's case metrics < 2 s with 200,000
cases (scale ``small`` = 20,000).

``run(scale)`` runs a worker subprocess on a fresh SQLite file (the caller's settings untouched). Baselines in the
same run: the bare SQL of the list page and of the overdue query, and one bare COUNT/SUM over the year.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the worker runs this file as a script

from benchmarks.common import p95 as _p95  # noqa: E402
from benchmarks.common import run_isolated  # noqa: E402

SIZES = {"full": 200_000, "small": 20_000}


def run(scale: str) -> list[dict]:
    return run_isolated(__file__, scale, timeout=1800)


def _timed(fn, repeat: int = 40) -> float:
    fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return _p95(samples)


def worker(scale: str, tmp: str) -> list[dict]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from fazhi.cases import metrics, selectors
    from fazhi.cases.models import Case
    from fazhi.core.models import User
    from fazhi.registry.models import Department

    n = SIZES[scale]
    rng = random.Random(11)
    call_command("migrate", verbosity=0)
    departments = [Department.objects.create(code=f"D{i}", name=f"第{i}市场监管所", kind="office") for i in range(12)]
    officer = User.objects.create(username="officer", role="officer", department=departments[0])
    leader = User.objects.create(username="leader", role="leader", department=departments[0])
    domains = [
        "food",
        "drugs_cosmetics_devices",
        "special_equipment",
        "product_quality",
        "intellectual_property",
        "other",
    ]
    rows = []
    for i in range(n):
        filed = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(6 * 365))
        open_ = rng.random() < 0.05
        decided = None if open_ else filed + dt.timedelta(days=rng.randrange(10, 90))
        rows.append(
            Case(
                number=f"B{i:09d}",
                department=departments[i % 12],
                domain=rng.choice(domains),
                title="销售超过保质期的食品",
                party_kind="organisation",
                party_name=f"示例商户{i}",
                filed_on=filed,
                handling_due_on=filed + dt.timedelta(days=90),
                next_due_on=filed + dt.timedelta(days=90) if open_ else None,
                queue_due=filed + dt.timedelta(days=90) if open_ else dt.date(9999, 12, 31),
                next_role="handler" if open_ else "",
                state="investigating" if open_ else "closed",
                decided_on=decided,
                decision_kind="" if open_ else "penalty",
                fine=Decimal(rng.randrange(1, 200) * 500),
            )  # fmt: skip
        )
    Case.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    today = dt.date(2024, 1, 15)
    results = []

    def page(user):
        return lambda: list(selectors.case_page(user=user, filters=selectors.CaseFilters(), page=1, today=today))

    def overdue(user):
        return lambda: (selectors.overdue_cases(user=user, today=today), selectors.clock_counts(user=user, today=today))

    def bare(sql, params):
        def go():
            with connection.cursor() as cur:
                cur.execute(sql, params)
                cur.fetchall()

        return go

    list_base = _timed(
        bare(
            "SELECT id, number FROM cases_case WHERE department_id = %s ORDER BY queue_due, filed_on DESC, id DESC LIMIT 25",
            [departments[0].pk],
        )
    )
    open_states = [
        "investigating",
        "suspended",
        "case_review",
        "legal_review",
        "reviewed",
        "notified",
        "hearing",
        "statement_closed",
        "final_legal_review",
        "awaiting_decision",
    ]
    ph = ", ".join(["%s"] * len(open_states))
    overdue_base = _timed(
        bare(
            f"SELECT id FROM cases_case WHERE state IN ({ph}) AND handling_due_on < %s ORDER BY handling_due_on LIMIT 50",  # noqa: S608
            [*open_states, today],
        )
    )
    for label, user in (("officer", officer), ("leader", leader)):
        p95 = _timed(page(user))
        results.append(
            {
                "name": f"cases.list_p95_{label}",
                "figure": round(p95, 2),
                "unit": "ms",
                "target": 100,
                "baseline": round(list_base, 2),
                "baseline_name": "bare SELECT … LIMIT 25",
                "ok": p95 < 100,
            }
        )
        p95 = _timed(overdue(user))
        results.append(
            {
                "name": f"cases.overdue_p95_{label}",
                "figure": round(p95, 2),
                "unit": "ms",
                "target": 100,
                "baseline": round(overdue_base, 2),
                "baseline_name": "bare overdue SELECT",
                "ok": p95 < 100,
            }
        )

    compute = [
        metrics.closed_with_penalty, metrics.fines_confiscations, metrics.transferred, metrics.exempted_minor,
        metrics.coercion_waived, metrics.special_equipment_fines, metrics.ip_mediations, metrics.major_decision_reviews,
        metrics.inspection_cases, metrics.inspection_fines, *[metrics.by_domain(d) for d in domains[:5]],
    ]  # fmt: skip
    started = time.perf_counter()
    for fn in compute:
        fn(2023)
    total = time.perf_counter() - started
    base = _timed(
        bare(
            "SELECT COUNT(*), SUM(fine) FROM cases_case WHERE decision_kind = 'penalty' AND decided_on BETWEEN %s AND %s",
            ["2023-01-01", "2023-12-31"],
        ),
        repeat=3,
    )
    results.append(
        {
            "name": "cases.year_metrics_seconds",
            "figure": round(total, 3),
            "unit": "s",
            "target": 2,
            "baseline": round(base / 1000, 3),
            "baseline_name": "one bare COUNT/SUM over the year",
            "ok": total < 2,
        }
    )
    return results


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    print(json.dumps(worker(sys.argv[1], sys.argv[2]), ensure_ascii=False))
