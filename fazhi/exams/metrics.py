"""training.exam_* of the annual report: the year's 年度学法用法考试 and its make-ups (seed-figures.md)."""

from __future__ import annotations

from fazhi.core.metrics import register_metric
from fazhi.exams import selectors

register_metric(
    "training.exam_takers", "参加学法用法考试人数", module="exams", compute=selectors.exam_takers,
    definition="当年年度学法用法考试（按开考时间定年度）及其补考中交卷的不同人员数",
    records=selectors.annual_taker_records,
)  # fmt: skip
register_metric(
    "training.exam_participation_rate", "学法用法考试参考率", module="exams",
    compute=selectors.exam_participation_rate, unit="percent",
    definition="应考人员（年度考试名单中未免考的人员）中在年度考试或补考交卷的人数 ÷ 应考人数（列出应考人员）",
    records=selectors.annual_required_records,
)  # fmt: skip
register_metric(
    "training.exam_pass_rate", "学法用法考试合格率", module="exams", compute=selectors.exam_pass_rate,
    unit="percent",
    definition="参考人员中在年度考试或补考任一次成绩达到合格分的人数 ÷ 参考人数（列出参考人员）",
    records=selectors.annual_taker_records,
)  # fmt: skip
