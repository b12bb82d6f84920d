"""The complaints metrics of the annual report (seed-figures.md § Complaints and reports)."""

from __future__ import annotations

from fazhi.complaints import selectors
from fazhi.core.metrics import register_metric, register_series

register_metric("complaints.received", "受理投诉举报", module="complaints", compute=selectors.received_count)
register_metric(
    "complaints.on_time_rate", "按时办结率", module="complaints", compute=selectors.on_time_rate, unit="percent"
)
register_metric(
    "complaints.recovered_yuan", "挽回经济损失", module="complaints", compute=selectors.recovered_yuan, unit="yuan"
)
register_metric("complaints.grid_work_orders", "网格平台工单", module="complaints", compute=selectors.grid_work_orders)


def _by_month(year: int) -> list[tuple[str, int]]:
    return [(row["label"], row["n"]) for row in selectors.by_month(year)]


register_series("complaints.by_month", "投诉举报按月受理", module="complaints", compute=_by_month, chart="column")
