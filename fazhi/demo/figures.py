"""Does a demo district land on the reference report's figures? (``fazhi demo --check``, and the any-seed test.)

``expected(metric_id, scale)`` is the seed figure scaled as ``seed_figures.yaml`` says; ``compare(values, scale)``
lists every registered metric that has a seed figure and is missing or off by more than the tolerance:
counts and yuan within max(2, 25 %) of the expectation in a small district and max(2, 5 %) at full scale;
rates and year-on-year changes within 1.5 percentage points.

The year before (the annual report compares two years, issue #18): ``compare_previous(values, scale)`` checks the
previous year's values. A figure listed under ``previous_year`` in ``seed_figures.yaml`` (the demo's own design —
the reference report gives only the registry's 同比) is held to its value with the same tolerance; every other
seed figure must, in the previous year, be present, and a count or an amount must not be 0 and must lie within half
of its report-year expectation either way (at least 2) — plausibly different, never empty or absurd.
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
def _figures_file() -> dict[str, Any]:
    return dict(yaml.safe_load(FIGURES_FILE.read_text(encoding="utf-8")))


def seed_figures() -> dict[str, dict[str, Any]]:
    return dict(_figures_file()["figures"])


def previous_figures() -> dict[str, dict[str, Any]]:
    """The previous year's figures the demo is designed to (``previous_year``), keyed like ``seed_figures``."""
    return dict(_figures_file().get("previous_year") or {})


def expected(metric_id: str, scale: str, *, previous: bool = False) -> Decimal:
    figure = seed_figures()[metric_id]
    value = Decimal(str((previous_figures()[metric_id] if previous else figure)["value"]))
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


def compare_previous(values: dict[str, Any], scale: str) -> list[Deviation]:
    """Deviations of the previous year's values (see the module's docstring)."""
    out = []
    designed = previous_figures()
    for metric_id, figure in sorted(seed_figures().items()):
        if metric_id not in values:
            continue
        got = values[metric_id]
        if metric_id in designed:
            want = expected(metric_id, scale, previous=True)
            allowed = tolerance(metric_id, scale, want)
        elif figure["unit"] == "percent":  # a rate or a change: present (its size is the design's, if listed)
            if got is None:
                out.append(Deviation(metric_id, expected(metric_id, scale), got, Decimal("Infinity")))
            continue
        else:
            want = expected(metric_id, scale)
            allowed = max(Decimal(2), want / 2)
        empty = got is None or (figure["unit"] != "percent" and Decimal(str(got)) == 0)
        if empty or abs(Decimal(str(got)) - want) > allowed:
            out.append(Deviation(metric_id, want, got, allowed))
    return out
