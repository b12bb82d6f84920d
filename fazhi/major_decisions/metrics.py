"""The major-decision figures of the annual report; definitions in ``selectors``."""

from __future__ import annotations

from fazhi.core.metrics import register_metric
from fazhi.major_decisions import selectors

# Decisions made and the year's catalogue count records of their own kind that a year may well lack: 0 stays.

register_metric(
    "major_decisions.made", "作出重大行政决策（项）", module="major_decisions",
    compute=selectors.made, records=selectors.made_records,
    definition="决策日期在当年、履行全部法定程序（或依法记录不适用理由）后经集体讨论作出的重大行政决策事项数",
)  # fmt: skip
register_metric(
    "major_decisions.catalogued", "列入年度目录的重大行政决策事项（项）", module="major_decisions",
    compute=selectors.catalogued, records=selectors.catalogued_records,
    definition="列入当年重大行政决策事项目录的事项数",
)  # fmt: skip
