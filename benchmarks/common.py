"""Shared by the benchmarks: run a benchmark's worker on a fresh SQLite file, and the p95 of samples."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def run_isolated(module_file: str, scale: str, *, timeout: int = 1800) -> Any:
    """Run ``python module_file SCALE TMPDIR`` on a fresh SQLite database in a temporary directory.

    The worker prints its JSON result as the last line; the caller's Django settings stay untouched.
    """
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "DJANGO_SETTINGS_MODULE": "fazhi.settings",
            "FAZHI_LEGAL_TODAY": "2024-01-15",
        }
        proc = subprocess.run(
            [sys.executable, str(Path(module_file).resolve()), scale, tmp],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip
        if proc.returncode != 0:
            raise RuntimeError(proc.stderr[-3000:])
        return json.loads(proc.stdout.strip().splitlines()[-1])


def p95(samples: list[float]) -> float:
    """The 95th percentile (nearest rank) of ``samples``."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
