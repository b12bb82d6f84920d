"""training.exam_* of the annual report: the year's 年度学法用法考试 and its make-ups (seed-figures.md)."""

from __future__ import annotations

from fazhi.core.metrics import register_metric
from fazhi.exams import selectors

register_metric("training.exam_takers", "参加学法用法考试人数", module="exams", compute=selectors.exam_takers)
register_metric(
    "training.exam_participation_rate",
    "学法用法考试参考率",
    module="exams",
    compute=selectors.exam_participation_rate,
    unit="percent",
)
register_metric(
    "training.exam_pass_rate", "学法用法考试合格率", module="exams", compute=selectors.exam_pass_rate, unit="percent"
)
