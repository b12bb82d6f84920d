"""Shared by the benchmarks: run a benchmark's worker on a fresh database, and the p95 of samples."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def postgres_url() -> str | None:
    """The server of ``make bench-pg`` (``DATABASE_URL`` names a PostgreSQL server), else None."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@contextmanager
def fresh_database(tmp: str, prefix: str = "bench") -> Iterator[str]:
    """The URL of an empty database for one run: a SQLite file in ``tmp``, or (``make bench-pg``) a database
    created on the PostgreSQL server for the run and dropped afterwards."""
    server = postgres_url()
    if server is None:
        yield f"sqlite:///{tmp}/bench.sqlite3"
        return
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(server, autocommit=True)
    try:
        admin.execute(f'CREATE DATABASE "{name}"')
        yield urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    finally:
        admin.close()
        drop_database(server, name)


def drop_database(server: str, name: str) -> None:
    """Drop a run's database as the server's superuser (``with-postgres`` trusts local connections): after a big
    load an autovacuum worker (a superuser's process) may be working in it, and only a superuser may end it — the
    app's role got "must be a member of the role whose process is being terminated", and the run's figures, taken
    already, were lost with the exception."""
    import psycopg

    with psycopg.connect(superuser_url(server), autocommit=True) as su:
        su.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def superuser_url(server: str) -> str:
    """The server's own database as its superuser (``with-postgres`` trusts local connections)."""
    url = urlsplit(server)
    return urlunsplit(url._replace(netloc=f"postgres@{url.hostname}:{url.port}"))


def loadavg() -> str:
    """The machine's load average when a figure was taken (the cores are shared with other work)."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return ""


def run_isolated(module_file: str, scale: str, *, timeout: int = 1800) -> Any:
    """Run ``python module_file SCALE TMPDIR`` on a fresh database (see ``fresh_database``).

    The worker prints its JSON result as the last line; the caller's Django settings stay untouched. Each result
    gets the database's name and the machine's load average.
    """
    with tempfile.TemporaryDirectory() as tmp, fresh_database(tmp, Path(module_file).stem) as url:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "fazhi.settings",
            "FAZHI_LEGAL_TODAY": "2024-01-15",
        }
        proc = subprocess.run(
            [sys.executable, str(Path(module_file).resolve()), scale, tmp],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip
        if proc.returncode != 0:
            raise RuntimeError(proc.stderr[-3000:])
        result = json.loads(proc.stdout.strip().splitlines()[-1])
    database = "PostgreSQL" if postgres_url() else "SQLite"
    for row in result if isinstance(result, list) else [result]:
        if isinstance(row, dict):
            row.setdefault("database", database)
            row.setdefault("loadavg", loadavg())
    return result


def p95(samples: list[float]) -> float:
    """The 95th percentile (nearest rank) of ``samples``."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
