"""Entity search under load: p95 of the real page with 1,000,000 entities, 16 concurrent clients.

``run(scale)`` builds an SQLite database in a temporary directory (migrated by Django, entities
inserted with a raw ``executemany`` so the FTS triggers index them as the importer's inserts would),
starts granian (``--interface wsgi --workers 2 --blocking-threads 4``) on a free local port, logs in
once and lets 16 client threads (``http.client``, keep-alive) request a mix of searches for ~10 s.

Baseline: the same searches' SQL executed directly on the same file by one thread (the database's
own share of the request), reported as its p95.

Scales: ``full`` = 1,000,000 entities (the issue's target), ``small`` = 200,000, ``tiny`` = 20,000
(a smoke run for tests).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCALES = {"full": 1_000_000, "small": 200_000, "tiny": 20_000}
DURATION_S = {"full": 10.0, "small": 8.0, "tiny": 3.0}
CLIENTS = 16
TARGET_MS = 100.0

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
BRAND_CHARS = "华盛鑫源泰恒通达宏信安康永福瑞祥和嘉兴隆昌丰德润佳美亿博天海金银宝利民众志诚明阳光辉新乐旺顺发"
TRADES = [
    "商贸",
    "科技",
    "餐饮",
    "建材",
    "物流",
    "机械",
    "食品",
    "电子",
    "汽车服务",
    "医药",
    "农业",
    "装饰工程",
    "文化传媒",
]
SHOPS = ["便利店", "小吃店", "五金店", "理发店", "水果店", "烟酒店", "快餐店", "服装店", "修理部", "超市"]
KINDS = [("enterprise", 0.45), ("individual", 0.50), ("cooperative", 0.01), ("branch", 0.04)]
STATUSES = [("active", 0.80), ("cancelled", 0.14), ("revoked", 0.05), ("moved_out", 0.01)]
INDUSTRIES = "ACEFFFFFGHHHIKLLLMOOR"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(db_path: Path, var_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fazhi.settings",
        "DATABASE_URL": f"sqlite:///{db_path}",
        "FAZHI_VAR_DIR": str(var_dir),
        "DEBUG": "0",
        "LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT),
    }


def _pick(rng: random.Random, weighted: list[tuple[str, float]]) -> str:
    x = rng.random()
    for value, weight in weighted:
        x -= weight
        if x < 0:
            return value
    return weighted[-1][0]


def build_database(db_path: Path, n: int, *, seed: int = 20231231) -> dict[str, float]:
    """Migrate an empty SQLite file and insert ``n`` entities; returns timings in seconds."""
    from fazhi.rulebook.identifiers import make_uscc

    var_dir = db_path.parent
    env = _env(db_path, var_dir)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "django", "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT)
    t_migrate = time.perf_counter() - t0
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "shell",
            "-c",
            "from fazhi.core.models import User\n"
            "User.objects.create_user(username='bench', password='bench-secret-123', role='leader')",
        ],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    rng = random.Random(seed)
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    offices = [
        (f"S{i:02d}", street.replace("街", "") + "市场监管所", "office", None, 1) for i, street in enumerate(STREETS)
    ]
    con.executemany("INSERT INTO registry_department(code, name, kind, parent_id, active) VALUES (?,?,?,?,?)", offices)
    office_ids = [r[0] for r in con.execute("SELECT id FROM registry_department WHERE kind='office' ORDER BY id")]
    t1 = time.perf_counter()

    def rows():
        for i in range(n):
            kind = _pick(rng, KINDS)
            brand = "".join(rng.choice(BRAND_CHARS) for _ in range(2))
            street_i = rng.randrange(len(STREETS))
            if kind == "individual":
                name = f"天津市东丽区{brand}{rng.choice(SHOPS)}"
                prefix = "92"
            else:
                name = f"天津{brand}{rng.choice(TRADES)}有限公司"
                prefix = "93" if kind == "cooperative" else "91"
                if kind == "branch":
                    name += f"{STREETS[street_i]}分公司"
            body = f"{i:08d}"
            uscc = make_uscc("120110", prefix, body)
            status = _pick(rng, STATUSES)
            yield (
                uscc,
                None,
                name,
                kind,
                status,
                None,
                f"{rng.randint(1995, 2023)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "天津市东丽区市场监督管理局",
                f"天津市东丽区{STREETS[street_i]}{rng.randint(1, 300)}号",
                STREETS[street_i],
                "",
                rng.choice(INDUSTRIES),
                "",
                office_ids[street_i],
                rng.choice("AAABBBBBCD"),
                "2024-01-01 00:00:00",
            )

    con.executemany(
        "INSERT INTO registry_marketentity(uscc, registration_number, name, kind, status, status_changed_on,"
        " established_on, registration_authority, domicile, street, legal_representative, industry, business_scope,"
        " office_id, risk_class, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows(),
    )
    con.commit()
    t_insert = time.perf_counter() - t1
    t2 = time.perf_counter()
    con.execute("ANALYZE")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return {"migrate_s": t_migrate, "insert_s": t_insert, "analyze_s": time.perf_counter() - t2}


def query_mix(seed: int = 7) -> list[dict[str, str]]:
    """A mix of what staff type: name fragments (2–4 characters), USCC prefixes and exact codes, filters."""
    from fazhi.rulebook.identifiers import make_uscc

    rng = random.Random(seed)
    mix: list[dict[str, str]] = []
    for _ in range(40):
        mix.append({"q": "".join(rng.choice(BRAND_CHARS) for _ in range(2)) + rng.choice(TRADES)[:1]})
    for trade in TRADES[:6]:
        mix.append({"q": trade})  # 2-character fragments: the bounded fallback
    for shop in SHOPS[:5]:
        mix.append({"q": shop, "status": "active"})
    for _ in range(10):
        mix.append({"uscc": make_uscc("120110", "91", f"{rng.randrange(10**6):08d}")})
        mix.append({"uscc": "91120110" + f"{rng.randrange(10**4):04d}"})
    for _ in range(10):
        mix.append(
            {"status": rng.choice(["active", "cancelled", "revoked"]), "kind": rng.choice(["enterprise", "individual"])}
        )
    mix.append({})
    mix.append({"risk_class": "D", "status": "active"})
    mix.append({"industry": "H", "q": "餐饮"})
    mix.append({"q": "有限公司", "page": "3"})
    return mix


def _start_server(db_path: Path, port: int) -> subprocess.Popen:
    env = _env(db_path, db_path.parent)
    cmd = [
        str(Path(sys.executable).with_name("granian")),
        "--interface",
        "wsgi",
        "--workers",
        "2",
        "--blocking-threads",
        "4",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "error",
        "--no-ws",
        "fazhi.wsgi:application",
    ]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/login/")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("granian did not start: " + (proc.stderr.read().decode(errors="replace") if proc.stderr else ""))


def _login(port: int) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/login/")
    resp = conn.getresponse()
    body = resp.read().decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", resp.getheader("Set-Cookie") or "")[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)[1]
    form = urllib.parse.urlencode({"username": "bench", "password": "bench-secret-123", "csrfmiddlewaretoken": token})
    conn.request(
        "POST",
        "/login/",
        body=form,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf_cookie}"},
    )
    resp = conn.getresponse()
    resp.read()
    cookies = resp.getheader("Set-Cookie") or ""
    session = re.search(r"sessionid=([^;]+)", cookies)
    if resp.status != 302 or not session:
        raise RuntimeError(f"login failed: {resp.status}")
    return f"sessionid={session[1]}; csrftoken={csrf_cookie}"


def _load(port: int, cookie: str, paths: list[str], duration: float) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.perf_counter() + duration

    def client(k: int) -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        local: list[float] = []
        bad = 0
        i = k * 7
        while time.perf_counter() < stop_at:
            path = paths[i % len(paths)]
            i += 1
            t = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": cookie, "HX-Request": "true"})
                resp = conn.getresponse()
                resp.read()
                if resp.status != 200:
                    bad += 1
            except OSError:
                bad += 1
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            local.append((time.perf_counter() - t) * 1000)
        with lock:
            latencies.extend(local)
            errors += bad

    threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return latencies, errors


def _p(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def _baseline(db_path: Path, mix: list[dict[str, str]]) -> list[float]:
    """The SQL the page runs, executed directly (one connection, no HTTP/Django)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "fazhi.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    import django

    django.setup()
    from django.db import connection

    from fazhi.registry.selectors import SCAN_BUDGET_S, EntityFilters, entity_search_sql

    statements = [entity_search_sql(EntityFilters.from_params(m), page=int(m.get("page", 1))) for m in mix]
    connection.close()
    con = sqlite3.connect(db_path)
    timings = []
    deadline = [0.0]
    # The page bounds each scan by the same budget, so the baseline does too.
    con.set_progress_handler(lambda: 1 if time.perf_counter() > deadline[0] else 0, 10_000)
    for _ in range(3):
        for sql, params in statements:
            t = time.perf_counter()
            deadline[0] = t + SCAN_BUDGET_S
            try:
                con.execute(sql.replace("%s", "?"), params).fetchall()
            except sqlite3.OperationalError:
                pass  # interrupted at the budget, as the page would be
            timings.append((time.perf_counter() - t) * 1000)
    con.close()
    return timings


def run(scale: str = "full") -> dict:
    n = SCALES.get(scale, SCALES["full"])
    duration = DURATION_S.get(scale, 10.0)
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-search-") as tmp:
        db_path = Path(tmp) / "bench.sqlite3"
        build = build_database(db_path, n)
        mix = query_mix()
        paths = ["/registry/entities/?" + urllib.parse.urlencode(m) for m in mix]
        port = _free_port()
        server = _start_server(db_path, port)
        try:
            cookie = _login(port)
            _load(port, cookie, paths, 1.0)  # warm-up
            latencies, errors = _load(port, cookie, paths, duration)
        finally:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
        baseline = _baseline(db_path, mix)
    p95 = _p(latencies, 0.95)
    return {
        "name": "registry.entity_search_p95",
        "figure": round(p95, 1),
        "unit": "ms",
        "target": TARGET_MS,
        "baseline": round(_p(baseline, 0.95), 1),
        "baseline_name": "同一批查询的 SQL 直接在 SQLite 上执行（单连接）的 p95",
        "ok": p95 < TARGET_MS and errors == 0,
        "entities": n,
        "clients": CLIENTS,
        "p50_ms": round(_p(latencies, 0.50), 1),
        "p99_ms": round(_p(latencies, 0.99), 1),
        "requests": len(latencies),
        "requests_per_s": round(len(latencies) / duration, 1),
        "errors": errors,
        "baseline_p50_ms": round(_p(baseline, 0.50), 1),
        "build": {k: round(v, 1) for k, v in build.items()},
        "queries": len(mix),
    }


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1] if len(sys.argv) > 1 else "full"), ensure_ascii=False))
