"""The normative-document figures of the annual report; definitions in ``selectors``."""

from __future__ import annotations

from fazhi.core.metrics import any_record, register_metric
from fazhi.normative_docs import selectors

# Documents cleaned up and mechanism work records count records of their own kind (a clean-up is not held every year)
# that a year may well lack: 0 stays.

register_metric(
    "normative_docs.cleaned", "清理规范性文件（件）", module="normative_docs",
    compute=selectors.cleaned, records=selectors.cleaned_records,
    definition="当年公布清理结果的清理活动中逐件作出清理结论（继续有效、修改、废止、宣布失效）的规范性文件件数",
)  # fmt: skip
register_metric(
    "normative_docs.issued", "制发规范性文件（件）", module="normative_docs",
    compute=selectors.issued, records=selectors.issued_records, source=any_record(selectors.issued_records),
    definition="公布日期在当年的行政规范性文件件数",
)  # fmt: skip
register_metric(
    "normative_docs.fair_competition_reviews", "公平竞争审查（次）", module="normative_docs",
    compute=selectors.fair_reviews, records=selectors.fair_review_records,
    source=any_record(selectors.fair_review_records),
    definition="审查日期在当年、作出书面审查结论的公平竞争审查次数",
)  # fmt: skip
register_metric(
    "normative_docs.mechanism_records", "公平竞争审查机制工作记录（次）", module="normative_docs",
    compute=selectors.mechanism_count, records=selectors.mechanism_records,
    definition="当年联席会议、会商会审、投诉举报受理回应、抽查检查、第三方评估五项机制的工作记录次数",
)  # fmt: skip
