"""One revision check (issue 19 §1: "four stale-edit mechanisms … Make each one thing: … one revision check").

After the row is locked, the write goes through ``fazhi.core.revision.save_bumped`` (or ``update_if_current``),
which bumps the revision, adds ``updated_at`` and copies the saved fields onto the caller's instance. A service
that bumps ``revision`` by hand is a second, diverging copy of that step.
"""

from __future__ import annotations

import ast
from pathlib import Path

FAZHI = Path(__file__).resolve().parents[2]


def test_no_service_bumps_the_revision_by_hand():
    by_hand = []
    for path in sorted(FAZHI.rglob("*.py")):
        relative = path.relative_to(FAZHI).as_posix()
        if relative == "core/revision.py" or "/tests/" in relative or "/migrations/" in relative:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.AugAssign)
                and isinstance(node.target, ast.Attribute)
                and node.target.attr == "revision"
            ):
                by_hand.append(f"{relative}:{node.lineno}")
    assert by_hand == [], "锁定后用 revision.save_bumped(...) 保存：" + ", ".join(by_hand)
