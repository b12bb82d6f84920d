"""Reads for the dashboard: every registered metric for a year, grouped by module, with the year before."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from fazhi.core.metrics import METRICS, Metric, Value, format_value

MODULE_LABELS = {
    "registry": "登记注册",
    "powers": "权责清单",
    "inspections": "双随机、一公开",
    "cases": "行政处罚",
    "complaints": "投诉举报",
    "credit": "信用监管",
    "oversight": "执法监督",
    "activities": "学法普法",
}


@dataclass(frozen=True)
class MetricRow:
    metric: Metric
    value: Value
    previous: Value

    @property
    def display(self) -> str:
        return format_value(self.metric, self.value)

    @property
    def previous_display(self) -> str:
        return format_value(self.metric, self.previous)

    @property
    def bar(self) -> int:
        """Width (0–100) of this year's bar relative to the larger of the two years."""
        if self.value is None:
            return 0
        top = max(Decimal(self.value), Decimal(self.previous or 0))
        return int(Decimal(self.value) * 100 / top) if top else 0

    @property
    def previous_bar(self) -> int:
        if self.previous is None:
            return 0
        top = max(Decimal(self.value or 0), Decimal(self.previous))
        return int(Decimal(self.previous) * 100 / top) if top else 0


def dashboard(year: int) -> list[dict]:
    groups: dict[str, list[MetricRow]] = {}
    for metric_id in sorted(METRICS):
        metric = METRICS[metric_id]
        value = metric.compute(year)
        previous = metric.compute(year - 1) if metric.unit != "percent" else None
        groups.setdefault(metric.module, []).append(MetricRow(metric, value, previous))
    order = list(MODULE_LABELS)
    return [
        {"module": m, "label": MODULE_LABELS.get(m, m), "rows": rows}
        for m, rows in sorted(groups.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
    ]
