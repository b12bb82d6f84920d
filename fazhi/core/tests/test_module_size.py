"""Services split by legal step, screens by screen group (issue 19 §1: "Split the services past ~500 lines … into
packages as cases did").

A ``services`` module longer than 500 lines is several legal steps in one file: make it a package with one module
per step (see ``fazhi/cases/services/``), keeping the import paths other modules use in its ``__init__``. The same
holds for ``views``: one module per screen group, the URLs unchanged.
"""

from __future__ import annotations

from pathlib import Path

import pytest

FAZHI = Path(__file__).resolve().parents[2]
MAX_LINES = 500


def _modules(layer: str):
    for path in sorted(FAZHI.rglob("*.py")):
        parts = path.relative_to(FAZHI).parts
        if "tests" in parts or "migrations" in parts:
            continue
        if path.stem == layer or layer in parts[:-1]:
            yield path


@pytest.mark.parametrize("layer", ["services", "views"])
def test_no_layer_module_past_500_lines(layer):
    long = []
    for path in _modules(layer):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            long.append(f"{path.relative_to(FAZHI)} ({lines})")
    assert long == [], f"按法定步骤拆分为 {layer}/ 包：" + ", ".join(long)
