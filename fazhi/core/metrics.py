"""The metric catalogue: every figure of the annual report is a registered metric with a selector.

An app registers the metrics it owns in its ``metrics.py``::

    register_metric("registry.entities_new", "新登记市场主体", module="registry", compute=entities_new)

``compute(year)`` returns an int, a Decimal (yuan, or a rate as a fraction 0–1) or None when the
records needed are not kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Value = int | Decimal | None
Unit = Literal["count", "yuan", "percent"]


@dataclass(frozen=True)
class Metric:
    id: str
    label: str
    module: str
    compute: Callable[[int], Value]
    unit: Unit = "count"


METRICS: dict[str, Metric] = {}


def register_metric(
    metric_id: str, label: str, *, module: str, compute: Callable[[int], Value], unit: Unit = "count"
) -> None:
    if metric_id in METRICS and METRICS[metric_id].compute is not compute:
        raise ValueError(f"metric {metric_id} registered twice")
    METRICS[metric_id] = Metric(metric_id, label, module, compute, unit)


def yoy(current: Value, previous: Value) -> Decimal | None:
    """Change against the previous year as a percentage (Decimal, 2 places), None when undefined."""
    if current is None or previous in (None, 0):
        return None
    return ((Decimal(current) - Decimal(previous)) * 100 / Decimal(previous)).quantize(Decimal("0.01"))


def compute_all(year: int, *, only: str | None = None) -> dict[str, Value]:
    out: dict[str, Value] = {}
    for metric_id in sorted(METRICS):
        if only and not metric_id.startswith(only):
            continue
        out[metric_id] = METRICS[metric_id].compute(year)
    return out


def format_value(metric: Metric, value: Value) -> str:
    if value is None:
        return "—"
    if metric.unit == "percent":
        return f"{Decimal(value):.2f} %"
    if metric.unit == "yuan":
        return f"{Decimal(value):,.2f} 元"
    return f"{value:,}"
