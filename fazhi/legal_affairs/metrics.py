"""The legal-affairs and proposal figures of the annual report; definitions in ``selectors``."""

from __future__ import annotations

from fazhi.core.metrics import any_record, register_metric
from fazhi.legal_affairs import selectors

register_metric(
    "legal_affairs.handled", "公职律师、法律顾问办理法律事务（件）", module="legal_affairs",
    compute=selectors.handled, records=selectors.handled_records, source=any_record(selectors.handled_records),
    definition="办结日期在当年的法律事务件数（合同审查、诉讼代理、决策法律意见、规范性文件审核意见及其他）",
)  # fmt: skip
register_metric(
    "proposals.closed", "办结政协提案（满意或基本满意）（件）", module="legal_affairs",
    compute=selectors.proposals_closed, records=selectors.proposals_closed_records,
    definition="当年答复、提案人反馈满意或基本满意的政协提案件数",
)  # fmt: skip
register_metric(
    "proposals.suggestions_replied", "答复人大代表建议（件）", module="legal_affairs",
    compute=selectors.suggestions_closed, records=selectors.suggestions_closed_records,
    definition="答复日期在当年的人大代表建议件数",
)  # fmt: skip
