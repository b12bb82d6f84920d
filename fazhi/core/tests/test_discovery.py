"""Apps' registries filled on first read (``fazhi.core.discovery``): a command loads only what it reads, every
reader still sees every app's registrations (issue 19 §5: the start-up of ``fazhi import entities``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = """
import sys
import django
django.setup()
loaded = lambda name: name in sys.modules
# Start-up imports no app's importers, metrics or stored due-date declarations.
assert not any(m.endswith((".importers", ".metrics", ".deadline_copies")) for m in sys.modules), sorted(
    m for m in sys.modules if m.endswith((".importers", ".metrics", ".deadline_copies")))
from fazhi.core.importing import IMPORTERS
factory = IMPORTERS["entities"]
assert factory().kind == "entities"
assert loaded("fazhi.registry.importers") and not loaded("fazhi.complaints.importers")
assert IMPORTERS.get("samples") is not None and loaded("fazhi.sampling.importers")
assert IMPORTERS.get("nothing") is None
assert {"complaints", "departments", "entities", "officers", "permits", "powers", "samples"} <= set(IMPORTERS)
from fazhi.core.metrics import METRICS
assert not loaded("fazhi.complaints.metrics")
assert METRICS["complaints.received"].label == "受理投诉举报"
assert "registry.entities_new" in METRICS and len(METRICS) > 50
from fazhi.deadlines import copies
assert not loaded("fazhi.cases.deadline_copies")
assert any(c.model == "cases.Case" and c.field == "handling_due_on" for c in copies.TRACKED)
print("ok")
"""


def test_启动时不导入各模块的导入器与指标_首次读取时补齐(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fazhi.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip().endswith("ok")
