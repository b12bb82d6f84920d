"""The reconsideration and litigation metrics of the annual report (seed-figures.md § Oversight), and the
correction rates (纠错率) of each register. Definitions in ``selectors``."""

from __future__ import annotations

from fazhi.core.metrics import register_metric
from fazhi.remedies import selectors

register_metric(
    "reconsiderations.handled", "办理行政复议案件", module="remedies", compute=selectors.reconsiderations_handled
)
register_metric("litigation.handled", "办理行政诉讼案件", module="remedies", compute=selectors.lawsuits_handled)
register_metric(
    "litigation.head_appearances", "负责人出庭应诉次数", module="remedies", compute=selectors.head_appearances
)
register_metric(
    "litigation.head_appearance_rate",
    "负责人出庭应诉率",
    module="remedies",
    compute=selectors.head_appearance_rate,
    unit="percent",
)
register_metric(
    "reconsiderations.correction_rate",
    "行政复议纠错率",
    module="remedies",
    compute=selectors.reconsideration_correction_rate,
    unit="percent",
)
register_metric(
    "litigation.correction_rate",
    "行政诉讼纠错率（败诉率）",
    module="remedies",
    compute=selectors.litigation_correction_rate,
    unit="percent",
)
