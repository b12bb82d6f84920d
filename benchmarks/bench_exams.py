"""An exam with 200 concurrent sitters submits without loss (issue 16): a load test on loopback.

The worker builds a fresh database (a SQLite file, or a database on the PostgreSQL server of ``DATABASE_URL``),
200 staff with API tokens and a published exam, starts the application server exactly as ``make serve`` does
(granian, WSGI, 2 workers) on 127.0.0.1, and runs 200 client threads through the exam API (the same services as
the pages): every sitter starts, reads the paper and saves each answer (phase 1, together, each taking 5–15 s
per question — faster than real sitters, so the server sees more load than in an exam), then all 200 hand in at
the same moment (phase 2 — the end of an exam). Bounded: 200 sitters, ``ANSWERS[scale]`` answers each,
a hard deadline of ``DEADLINE_S``.

Checked after the run: 200 submitted sittings, every saved answer equal to what its client sent, every score equal
to the re-scored paper, the audit chain intact. Figures, each with a same-run baseline doing the same database work
in bare SQL on one connection (the physical limit of the database, without HTTP, Django or locking):

- ``exams.submit_200``: wall time from the 200 simultaneous submissions to the last answer;
- ``exams.answer_save_p95``: p95 latency of an answer save while 200 sitters answer at once.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the worker runs this file as a script

from benchmarks.common import drop_database  # noqa: E402
from benchmarks.common import p95 as _p95  # noqa: E402

SITTERS = 200
ANSWERS = {"full": 25, "small": 8}
THINK_S = (5.0, 15.0)  # seconds per question before the next save (real sitters: 20–60 s; 25 questions in an hour)
DEADLINE_S = 600
TARGET_SUBMIT_S = 10.0
TARGET_SAVE_P95_MS = 1000.0


def run(scale: str) -> list[dict]:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return _run_postgres(url, scale)
    with tempfile.TemporaryDirectory() as tmp:
        return _worker_process(scale, tmp, f"sqlite:///{tmp}/bench.sqlite3")


def _run_postgres(url: str, scale: str) -> list[dict]:
    import psycopg

    name = f"bench_exams_{uuid.uuid4().hex[:8]}"
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
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "fazhi.settings",
           "FAZHI_MEDIA_ROOT": f"{tmp}/media"}  # fmt: skip
    env.pop("FAZHI_LEGAL_TODAY", None)  # a live exam: the real clock
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), scale, tmp],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=DEADLINE_S + 600, check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-3000:])
    sys.stderr.write(proc.stderr[-2000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- the worker ----------------------------------------------------------------------------------------------


def _setup(answers: int) -> tuple[int, list[str]]:
    """Staff, tokens, the bank and a published exam of ``answers`` questions; returns (exam id, tokens)."""
    import yaml
    from django.core.management import call_command

    from fazhi.core import clock
    from fazhi.core.models import ApiToken, User
    from fazhi.exams import services
    from fazhi.exams.bank import STARTER_BANK
    from fazhi.registry.models import Department, Officer

    call_command("migrate", verbosity=0)
    department = Department.objects.create(code="bench", name="压测科", kind="section")
    organiser = User.objects.create(username="organiser", role="legal_reviewer", department=department)
    officers = Officer.objects.bulk_create(
        Officer(name=f"考生{i:03d}", certificate_number=f"1201109{i:05d}", certificate_expires_on=dt.date(2030, 1, 1),
                department=department)
        for i in range(SITTERS)
    )  # fmt: skip
    users = User.objects.bulk_create(
        User(username=f"sitter{i:03d}", role="officer", department=department, officer=o, password="!")
        for i, o in enumerate(officers)
    )  # fmt: skip
    tokens = []
    for user in users:
        raw = ApiToken.new_raw_token()
        ApiToken.objects.create(user=user, name="bench", token_hash=ApiToken.hash_token(raw))
        tokens.append(raw)
    services.bank_load(document=yaml.safe_load(STARTER_BANK.read_text(encoding="utf-8")), actor=None)
    now = clock.now()
    exam = services.exam_create(
        title="并发压测考试", kind="special", year=now.astimezone(clock.SHANGHAI).year, department=department,
        opens_at=now - dt.timedelta(minutes=1), closes_at=now + dt.timedelta(hours=3), duration_minutes=120,
        pass_mark=1, actor=organiser,
    )  # fmt: skip
    plan = [("中华人民共和国行政处罚法", "single", 4), ("中华人民共和国行政处罚法", "true_false", 4),
            ("中华人民共和国行政许可法", "single", 4), ("中华人民共和国行政强制法", "true_false", 4),
            ("中华人民共和国行政处罚法", "multiple", 3), ("中华人民共和国行政强制法", "single", 3),
            ("市场监督管理行政处罚程序规定", "single", 3)]  # fmt: skip
    left = answers
    for topic, kind, count in plan:
        take = min(count, left)
        if take:
            services.rule_add(exam=exam, topic=topic, kind=kind, difficulty=None, count=take, points=4, actor=organiser)
            left -= take
    services.roster_fill(exam=exam, department_ids=None, actor=organiser)
    exam.refresh_from_db()
    services.exam_publish(exam=exam, expected_revision=exam.revision, actor=organiser)
    return exam.pk, tokens


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(port: int) -> subprocess.Popen:
    granian = Path(sys.executable).with_name("granian")
    argv = [str(granian), "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port), "--workers", "2",
            "--blocking-threads", "4", "--log-level", "warning", "fazhi.wsgi:application"]  # fmt: skip
    server = subprocess.Popen(argv, cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(900):  # up to 90 s: two workers importing Django on a loaded machine
        if server.poll() is not None:
            raise RuntimeError("granian exited: " + (server.stderr.read() if server.stderr else b"").decode()[-2000:])
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("granian did not start within 90 s")


class Client:
    def __init__(self, port: int, token: str) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def call(self, method: str, path: str, body: dict | None = None) -> tuple[int, object, float]:
        started = time.perf_counter()
        for attempt in range(3):  # a connection closed by the server between requests is reopened
            try:
                self.conn.request(
                    method, path, body=json.dumps(body) if body is not None else None, headers=self.headers
                )
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                if attempt == 2:
                    raise
        return response.status, json.loads(data or b"null"), time.perf_counter() - started


def _load(port: int, exam_id: int, tokens: list[str]) -> dict:
    barrier = threading.Barrier(len(tokens))
    saves: list[float] = []
    submits: list[float] = []
    sent: dict[int, dict[int, str]] = {}
    failures: list[str] = []
    lock = threading.Lock()
    submit_start: list[float] = []

    def sitter(token: str) -> None:
        client = Client(port, token)
        mine: dict[int, str] = {}
        sitting_id = 0
        try:
            status, sitting, _ = client.call("POST", f"/api/v1/exams/{exam_id}/start")
            assert status == 200, f"start {status} {sitting}"
            sitting_id = sitting["id"]  # type: ignore[index]
            status, paper, _ = client.call("GET", f"/api/v1/exams/sittings/{sitting_id}/paper")
            assert status == 200, f"paper {status}"
            pace = random.Random(token)
            for q in paper:  # type: ignore[union-attr]
                time.sleep(pace.uniform(*THINK_S))
                response = "T" if q["kind"] == "true_false" else ("AB" if q["kind"] == "multiple" else "A")
                status, _, took = client.call("POST", f"/api/v1/exams/sittings/{sitting_id}/answers",
                                              {"position": q["position"], "response": response})  # fmt: skip
                assert status == 200, f"answer {status}"
                mine[q["position"]] = response
                with lock:
                    saves.append(took)
        except BaseException as exc:
            with lock:
                failures.append(repr(exc))
        try:
            barrier.wait(timeout=DEADLINE_S)
        except threading.BrokenBarrierError:
            pass
        with lock:
            if not submit_start:
                submit_start.append(time.perf_counter())
        try:
            status, result, took = client.call("POST", f"/api/v1/exams/sittings/{sitting_id}/submit")
            assert status == 200 and result["status"] == "submitted", f"submit {status} {result}"  # type: ignore[index]
            with lock:
                submits.append(time.perf_counter())
                sent[sitting_id] = mine
        except BaseException as exc:
            with lock:
                failures.append(repr(exc))

    threads = [threading.Thread(target=sitter, args=(t,)) for t in tokens]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=DEADLINE_S)
    return {
        "saves": saves,
        "submit_wall": (max(submits) - submit_start[0]) if submits and submit_start else None,
        "sent": sent,
        "failures": failures,
    }


def _verify(sent: dict[int, dict[int, str]]) -> list[str]:
    from fazhi.core.audit import audit_verify
    from fazhi.exams import assembly
    from fazhi.exams.models import Answer, Sitting

    problems = []
    sittings = {s.pk: s for s in Sitting.objects.all()}
    if len(sittings) != SITTERS or any(s.status != "submitted" for s in sittings.values()):
        problems.append(f"submitted {sum(s.status == 'submitted' for s in sittings.values())}/{SITTERS}")
    rows: dict[int, list[tuple]] = {}
    for sitting_id, position, response, points, key in Answer.objects.values_list(
        "sitting_id", "position", "response", "points", "question__answer"
    ).order_by("sitting_id", "position"):
        rows.setdefault(sitting_id, []).append((position, response, points, key))
    for sitting_id, answers in sent.items():
        stored = {p: r for p, r, _pts, _k in rows.get(sitting_id, [])}
        if stored != answers:
            problems.append(f"sitting {sitting_id}: answers differ")
        total, _ = assembly.score([(r, k, pts) for _p, r, pts, k in rows.get(sitting_id, [])])
        if total != sittings[sitting_id].score:
            problems.append(f"sitting {sitting_id}: score differs")
    if len(sent) != SITTERS:
        problems.append(f"clients that saw their submission: {len(sent)}/{SITTERS}")
    if not audit_verify().ok:
        problems.append("audit chain broken")
    return problems


def _baseline(answers: int) -> tuple[float, float]:
    """Bare SQL on one connection: (the 200 submissions' writes, the p95 of one answer save's writes)."""
    from django.db import connection, transaction

    from fazhi.exams.models import Answer, Sitting

    qn = connection.ops.quote_name
    answer_t, sitting_t, audit_t = qn(Answer._meta.db_table), qn(Sitting._meta.db_table), qn("bench_audit")
    ids = list(Sitting.objects.order_by("pk").values_list("pk", flat=True))
    samples = []
    with connection.cursor() as cur:  # a copy of the (append-only) audit table with its unique indexes
        cur.execute(f"CREATE TABLE {audit_t} AS SELECT * FROM core_auditevent WHERE 1 = 0")  # noqa: S608
        cur.execute(f"CREATE UNIQUE INDEX bench_audit_seq ON {audit_t} (sequence)")
        cur.execute(f"CREATE UNIQUE INDEX bench_audit_hash ON {audit_t} (hash)")
    seq = [0]

    def audit(cur, object_id: int) -> None:
        seq[0] += 1
        cur.execute(
            f"INSERT INTO {audit_t} (id, sequence, occurred_at, actor_label, action, object_type, object_id, changes, "  # noqa: S608
            "request_id, prev_hash, hash) VALUES (%s, %s, %s, 'baseline', 'baseline', 'exams.sitting', %s, '{}', '', %s, %s)",
            [seq[0], seq[0], dt.datetime.now(dt.UTC), str(object_id), "0" * 64, uuid.uuid4().hex * 2],
        )

    for sitting_id in ids[:100]:
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(f"SELECT id, status, deadline_at FROM {sitting_t} WHERE id = %s", [sitting_id])  # noqa: S608
            cur.execute(f"UPDATE {answer_t} SET response = %s WHERE sitting_id = %s AND position = %s",  # noqa: S608
                        ["A", sitting_id, 1])  # fmt: skip
            audit(cur, sitting_id)
        samples.append(time.perf_counter() - started)
    started = time.perf_counter()
    for sitting_id in ids:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(f"SELECT id, status FROM {sitting_t} WHERE id = %s", [sitting_id])  # noqa: S608
            cur.execute(f"SELECT id, position, response, points FROM {answer_t} WHERE sitting_id = %s ORDER BY position",  # noqa: S608
                        [sitting_id])  # fmt: skip
            cur.fetchall()
            cur.execute(f"UPDATE {answer_t} SET correct = %s WHERE sitting_id = %s", [False, sitting_id])  # noqa: S608
            cur.execute(f"UPDATE {answer_t} SET correct = %s WHERE sitting_id = %s AND position <= %s",  # noqa: S608
                        [True, sitting_id, answers // 2])  # fmt: skip
            cur.execute(f"UPDATE {sitting_t} SET score = score WHERE id = %s", [sitting_id])  # noqa: S608
            audit(cur, sitting_id)
    submit_all = time.perf_counter() - started
    return submit_all, _p95(samples)


def _worker(scale: str, tmp: str) -> list[dict]:
    import django

    django.setup()
    answers = ANSWERS[scale]
    exam_id, tokens = _setup(answers)
    port = _free_port()
    server = _serve(port)
    try:
        load = _load(port, exam_id, tokens)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    problems = load["failures"][:5] + _verify(load["sent"])
    from django.db import connection

    vendor = connection.vendor
    submit_baseline, save_baseline = _baseline(answers)
    submit_wall = load["submit_wall"]
    save_p95 = _p95(load["saves"]) if load["saves"] else None
    lossless = not problems
    return [
        {
            "name": f"exams.submit_200 ({vendor})",
            "figure": round(submit_wall, 3) if submit_wall is not None else None,
            "unit": "s",
            "target": TARGET_SUBMIT_S,
            "baseline": round(submit_baseline, 3),
            "baseline_name": "bare SQL: the 200 submissions' reads and writes on one connection",
            "sitters": SITTERS,
            "answers_each": answers,
            "lossless": lossless,
            "problems": problems[:10],
            "ok": lossless and submit_wall is not None and submit_wall <= TARGET_SUBMIT_S,
        },
        {
            "name": f"exams.answer_save_p95 ({vendor}, {SITTERS} sitters at once)",
            "figure": round(save_p95 * 1000, 1) if save_p95 is not None else None,
            "unit": "ms",
            "target": TARGET_SAVE_P95_MS,
            "baseline": round(save_baseline * 1000, 2),
            "baseline_name": "bare SQL: one answer save's read, update and audit insert",
            "saves": len(load["saves"]),
            "ok": lossless and save_p95 is not None and save_p95 * 1000 <= TARGET_SAVE_P95_MS,
        },
    ]


if __name__ == "__main__":
    print(json.dumps(_worker(sys.argv[1], sys.argv[2]), ensure_ascii=False))
