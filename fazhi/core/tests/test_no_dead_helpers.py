"""No dead selectors and helpers (issue 19 §2: "Remove dead code (the unused selectors and helpers …)").

A public top-level function of an app's ``selectors``, ``access`` or ``services`` module (or services package) or of a
kernel module in ``fazhi/core`` is used somewhere: its name appears in another file of the project — code, a
template, a benchmark or a test. A function that nothing calls is removed, not kept "for later".
Functions registered by a decorator (a receiver, a check, a template tag) are used by their registration.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FAZHI = ROOT / "fazhi"


def _is_checked(relative: str) -> bool:
    parts = relative.split("/")
    if "tests" in parts or "migrations" in parts or relative == "core/testing.py":
        return False
    name = parts[-1]
    return name in ("selectors.py", "access.py", "services.py") or "services" in parts[:-1] or parts[:-1] == ["core"]


def test_every_public_selector_and_helper_is_used_elsewhere():
    files = [
        p for d in (FAZHI, ROOT / "benchmarks", ROOT / "tests") for p in d.rglob("*") if p.suffix in (".py", ".html")
    ]
    words_by_file = {p: Counter(re.findall(r"[A-Za-z_]\w*", p.read_text(encoding="utf-8"))) for p in files}
    total = Counter()
    for words in words_by_file.values():
        total.update(words.keys())  # in how many files a name appears
    unused = []
    for path in sorted(FAZHI.rglob("*.py")):
        relative = path.relative_to(FAZHI).as_posix()
        if not _is_checked(relative):
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_") and not node.decorator_list:
                if total[node.name] - 1 == 0 and words_by_file[path][node.name] == 1:
                    unused.append(f"{relative}:{node.lineno} {node.name}")
    assert unused == [], "没有调用者的函数应删除：" + ", ".join(unused)
