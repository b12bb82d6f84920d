"""Does a demo district land on the reference report's figures? (``fazhi demo --check``, and the any-seed test.)

``expected(metric_id, scale)`` is the seed figure scaled as ``seed_figures.yaml`` says; ``compare(values, scale)``
lists every registered metric that has a seed figure and is missing or off by more than the tolerance:
counts and yuan within max(2, 25 %) of the expectation in a small district and max(2, 5 %) at full scale;
rates and year-on-year changes within 1.5 percentage points.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from fazhi.demo.context import SCALES

FIGURES_FILE = Path(__file__).with_name("seed_figures.yaml")


@cache
def seed_figures() -> dict[str, dict[str, Any]]:
    return dict(yaml.safe_load(FIGURES_FILE.read_text(encoding="utf-8"))["figures"])


def expected(metric_id: str, scale: str) -> Decimal:
    figure = seed_figures()[metric_id]
    value = Decimal(str(figure["value"]))
    if figure["scale"] == "bureau" or scale == "full":
        return value
    return max(Decimal(figure.get("small_min", 1)), value * Decimal(str(SCALES[scale])))


@dataclass(frozen=True)
class Deviation:
    metric_id: str
    expected: Decimal
    actual: Any
    allowed: Decimal

    def __str__(self) -> str:
        got = "无数据" if self.actual is None else f"{self.actual}"
        return f"{self.metric_id}: 应约为 {self.expected:.2f}（允许偏差 {self.allowed:.2f}），实为 {got}"


def tolerance(metric_id: str, scale: str, want: Decimal) -> Decimal:
    if seed_figures()[metric_id]["unit"] == "percent":
        return Decimal("1.5")
    share = Decimal("0.05") if scale == "full" else Decimal("0.25")
    return max(Decimal(2), want * share)


def compare(values: dict[str, Any], scale: str) -> list[Deviation]:
    """Deviations of the registered metrics that have a seed figure (unregistered ones are listed by ``unbuilt``)."""
    out = []
    for metric_id in sorted(seed_figures()):
        if metric_id not in values:
            continue
        want = expected(metric_id, scale)
        allowed = tolerance(metric_id, scale, want)
        got = values[metric_id]
        if got is None or abs(Decimal(str(got)) - want) > allowed:
            out.append(Deviation(metric_id, want, got, allowed))
    return out


def unbuilt(values: dict[str, Any]) -> list[str]:
    """Seed figures no module computes yet."""
    return sorted(set(seed_figures()) - set(values))
