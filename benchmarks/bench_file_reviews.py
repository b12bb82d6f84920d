"""The live case-file review at scale: the nightly recompute of every case < 60 s and the case page's live score
p95 < 50 ms, with 200,000 cases and their officers, evidence, reviews, documents, publications and deadlines
(scale ``small`` = 20,000).

The nightly figure is the whole timer command (``fazhi file-reviews recompute --json``: rubric and calendar lookup,
fact loading, evaluation, the bulk write and its audit event). Baselines measured in the same run, doing the same
database work in bare SQL: for the recompute, the fact queries over every case (fetched) plus DELETE and one
``executemany`` of as many score rows; for the case page, the same fact queries for one case. Each stage's time goes
to stderr (``python benchmarks/bench_file_reviews.py full DIR`` shows it).
"""

from __future__ import annotations

import datetime as dt
import io
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
TODAY = dt.date(2024, 1, 15)


def run(scale: str) -> list[dict]:
    return run_isolated(__file__, scale, timeout=3600)


def _timed(fn, repeat: int = 40) -> float:
    fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return _p95(samples)


def _populate(n: int) -> list[int]:
    """Cases in every state with the records the live checks read (set-based inserts)."""
    from fazhi.cases.models import Case, CaseDocument, CollectiveDiscussion, Evidence, LegalReview, Publication
    from fazhi.core.models import User
    from fazhi.deadlines.models import TrackedDeadline
    from fazhi.registry.models import Department, Officer

    rng = random.Random(15)
    departments = [Department.objects.create(code=f"D{i}", name=f"第{i}市场监管所", kind="office") for i in range(12)]
    user = User.objects.create(username="bench", role="legal_reviewer", department=departments[0])
    officers = Officer.objects.bulk_create(
        [
            Officer(
                name=f"执法{i}", certificate_number=f"C{i:06d}", certificate_expires_on=dt.date(2019 + i % 8, 6, 30),
                department=departments[i % 12],
            )
            for i in range(240)
        ]
    )  # fmt: skip
    cases = []
    for i in range(n):
        filed = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(6 * 365))
        roll = rng.random()
        state = "investigating" if roll < 0.05 else "archived" if roll < 0.5 else "closed"
        decided = None if state == "investigating" else filed + dt.timedelta(days=rng.randrange(10, 95))
        fine = Decimal(rng.randrange(1, 400) * 500)
        cases.append(
            Case(
                number=f"B{i:09d}", department=departments[i % 12], domain="food", title="销售超过保质期的食品",
                party_kind="organisation", party_name=f"示例商户{i}", filed_on=filed,
                handling_due_on=filed + dt.timedelta(days=90), state=state, decided_on=decided,
                decision_kind="" if decided is None else "penalty", fine=fine if decided else Decimal(0),
                proposed_fine=fine, notified_on=None if decided is None else decided - dt.timedelta(days=10),
                served_on=None if decided is None else decided + dt.timedelta(days=rng.choice([1, 2, 3, 12])),
                violation_id="food.expired_food_sale" if rng.random() < 0.97 else "",
                discretion={"tier": "general"} if rng.random() < 0.9 else None,
                major_public_interest=rng.random() < 0.02, discussion_required=fine >= 100_000,
            )
        )  # fmt: skip
    Case.objects.bulk_create(cases, batch_size=5000)
    ids = [c.pk for c in cases]
    through = Case.officers.through
    through.objects.bulk_create(
        [through(case_id=c.pk, officer_id=officers[(i * 2 + k) % 240].pk) for i, c in enumerate(cases) for k in (0, 1)],
        batch_size=10000,
    )
    now = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    Evidence.objects.bulk_create(
        [
            Evidence(case=c, title="现场笔录", file=f"cases/evidence/{c.pk}.pdf", sha256="0" * 64, size=1000,
                     audit_sequence=None if rng.random() < 0.02 else c.pk, uploaded_by=user, uploaded_at=now)
            for c in cases if rng.random() < 0.8
        ],
        batch_size=10000,
    )  # fmt: skip
    decided = [c for c in cases if c.decided_on]
    LegalReview.objects.bulk_create(
        [
            LegalReview(case=c, stage="before_decision", requested_on=c.decided_on, requested_by=user, reviewer=user,
                        reviewed_on=c.decided_on - dt.timedelta(days=1), opinion="agree")
            for c in decided if c.fine >= 100_000 or c.major_public_interest
        ],
        batch_size=10000,
    )  # fmt: skip
    CollectiveDiscussion.objects.bulk_create(
        [
            CollectiveDiscussion(case=c, held_on=c.decided_on, attendees="局领导", opinions="同意", conclusion="处罚",
                                 recorded_by=user)
            for c in decided if c.discussion_required
        ],
        batch_size=10000,
    )  # fmt: skip
    docs, sequence = [], 0
    for c in decided:
        sequence += 1
        docs.append(CaseDocument(case=c, kind="penalty_decision", year=c.decided_on.year, sequence=sequence,
                                 number=f"处罚{sequence}", issued_on=c.decided_on))  # fmt: skip
        if c.state in ("closed", "archived") and rng.random() < 0.95:
            docs.append(CaseDocument(case=c, kind="closing_approval", year=c.decided_on.year, issued_on=c.decided_on))
    CaseDocument.objects.bulk_create(docs, batch_size=10000)
    Publication.objects.bulk_create(
        [
            Publication(case=c, status="published", due_on=c.decided_on + dt.timedelta(days=9),
                        published_on=c.decided_on + dt.timedelta(days=rng.choice([3, 5, 7, 15])))
            for c in decided
        ],
        batch_size=10000,
    )  # fmt: skip
    TrackedDeadline.objects.bulk_create(
        [
            TrackedDeadline(owner_type="cases.case", owner_id=str(c.pk), rule_id="case.handling", version="2021-07-15",
                            start_on=c.filed_on, due_on=c.handling_due_on, status="met" if c.decided_on else "open",
                            met_on=c.decided_on, citation="行政处罚法第六十条", rule_status="TEXT",
                            rulebook_version="bench", unit="natural_days", length=90)
            for c in cases
        ],
        batch_size=10000,
    )  # fmt: skip
    return ids


FACT_SQL = (
    "SELECT id, procedure, state, party_kind, decision_kind, filed_on, decided_on, notified_on, served_on, closed_on,"
    " fine, confiscation, proposed_fine, proposed_confiscation, major_public_interest, complex_case, hearing_held,"
    " outside_computed_range, discussion_required, discretion IS NOT NULL, deviation_reason <> '',"
    " violation_id <> '' FROM cases_case WHERE {where} ORDER BY id",
    "SELECT co.case_id, COUNT(DISTINCT co.officer_id) FROM cases_case_officers co JOIN registry_officer o"
    " ON o.id = co.officer_id JOIN cases_case c ON c.id = co.case_id"
    " WHERE o.certificate_expires_on >= c.filed_on AND {rel} GROUP BY co.case_id",
    "SELECT case_id, COUNT(*), SUM(CASE WHEN audit_sequence IS NULL THEN 1 ELSE 0 END) FROM cases_evidence"
    " WHERE {rel_plain} GROUP BY case_id",
    "SELECT case_id, MIN(reviewed_on) FROM cases_legalreview WHERE opinion = 'agree' AND reviewed_on IS NOT NULL"
    " AND {rel_plain} GROUP BY case_id",
    "SELECT DISTINCT case_id FROM cases_collectivediscussion WHERE {rel_plain}",
    "SELECT case_id, SUM(CASE WHEN kind IN ('penalty_decision', 'no_penalty_decision') AND number <> '' THEN 1 ELSE 0"
    " END), SUM(CASE WHEN kind = 'closing_approval' THEN 1 ELSE 0 END) FROM cases_casedocument WHERE {rel_plain}"
    " GROUP BY case_id",
    "SELECT case_id, status, due_on, published_on FROM cases_publication WHERE {rel_plain}",
    "SELECT owner_id, SUM(CASE WHEN status = 'met' AND met_on > due_on THEN 1 ELSE 0 END),"
    " MIN(CASE WHEN status = 'open' THEN due_on END) FROM deadlines_trackeddeadline WHERE owner_type = 'cases.case'"
    " AND rule_id IN ('case.handling', 'case.fast_track') AND status <> 'cancelled' AND {owner} GROUP BY owner_id",
)


def _bare_facts(connection, case_id: int | None) -> None:
    if case_id is None:
        where = rel = rel_plain = owner = "1 = 1"
    else:
        where, rel, rel_plain, owner = (
            f"id = {case_id}",
            f"co.case_id = {case_id}",
            f"case_id = {case_id}",
            f"owner_id = '{case_id}'",
        )
    with connection.cursor() as cur:
        for sql in FACT_SQL:
            cur.execute(sql.format(where=where, rel=rel, rel_plain=rel_plain, owner=owner))
            cur.fetchall()


def _stage(name: str, started: float) -> None:
    print(f"{name}: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)


def worker(scale: str, tmp: str) -> list[dict]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from fazhi.cases.models import Case
    from fazhi.core import bulk
    from fazhi.file_reviews import selectors
    from fazhi.file_reviews.models import LiveScore
    from fazhi.file_reviews.services.live import COLUMNS

    n = SIZES[scale]
    clock = time.perf_counter()
    call_command("migrate", verbosity=0)
    _stage("migrate", clock)
    clock = time.perf_counter()
    ids = _populate(n)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    _stage(f"populate {n} cases", clock)
    results = []

    out = io.StringIO()
    started = time.perf_counter()
    call_command("file-reviews", "recompute", "--date", TODAY.isoformat(), "--json", stdout=out)
    recompute = time.perf_counter() - started
    _stage("command", started)
    report = json.loads(out.getvalue())
    assert report["cases"] == n and LiveScore.objects.count() == n

    rows = [(pk, 90, 100, "[]", "[]", 0, False, "penalty-case-2021", "bench", TODAY) for pk in ids]
    started = time.perf_counter()
    with transaction.atomic():
        _bare_facts(connection, None)
        LiveScore.objects.all().delete()
        bulk.insert(LiveScore, COLUMNS, rows)
    baseline = time.perf_counter() - started
    _stage("bare baseline", started)
    results.append(
        {
            "name": "file_reviews.live_recompute_seconds",
            "figure": round(recompute, 2),
            "unit": "s",
            "target": 60,
            "baseline": round(baseline, 2),
            "baseline_name": "bare fact queries + DELETE + executemany of the score rows",
            "ok": recompute < 60,
            "cases": n,
            "blocked": report["blocked"],
        }
    )

    rng = random.Random(3)
    sample = [Case.objects.get(pk=pk) for pk in rng.sample(ids, 40)]
    cursor = iter(range(10**9))

    def page():
        selectors.case_live_review(sample[next(cursor) % len(sample)], today=TODAY)

    def bare():
        _bare_facts(connection, sample[next(cursor) % len(sample)].pk)

    figure, base = _timed(page), _timed(bare)
    results.append(
        {
            "name": "file_reviews.case_live_score_p95",
            "figure": round(figure, 2),
            "unit": "ms",
            "target": 50,
            "baseline": round(base, 2),
            "baseline_name": "the same fact queries for one case in bare SQL",
            "ok": figure < 50,
        }
    )
    return results


if __name__ == "__main__":
    print(json.dumps(worker(sys.argv[1], sys.argv[2]), ensure_ascii=False))
