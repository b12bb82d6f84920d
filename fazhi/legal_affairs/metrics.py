"""The legal-affairs and proposal figures of the annual report; definitions in ``selectors``."""

from __future__ import annotations

from functools import partial

from fazhi.core.metrics import any_record, register_metric
from fazhi.legal_affairs import selectors
from fazhi.legal_affairs.models import Proposal

# Proposals closed pick among the CPPCC proposals replied in the year (the proposer satisfied): where fazhi holds no
# reply at all for the year, their 0 is a gap in the records, not a fact. NPC suggestions replied count every reply of
# their own kind, which a year may well lack: 0 stays.
PROPOSALS_REPLIED = any_record(partial(selectors.proposals_replied, Proposal.CPPCC))

register_metric(
    "legal_affairs.handled", "公职律师、法律顾问办理法律事务（件）", module="legal_affairs",
    compute=selectors.handled, records=selectors.handled_records, source=any_record(selectors.handled_records),
    definition="办结日期在当年的法律事务件数（合同审查、诉讼代理、决策法律意见、规范性文件审核意见及其他）",
)  # fmt: skip
register_metric(
    "proposals.closed", "办结政协提案（满意或基本满意）（件）", module="legal_affairs",
    compute=selectors.proposals_closed, records=selectors.proposals_closed_records, source=PROPOSALS_REPLIED,
    definition="当年答复、提案人反馈满意或基本满意的政协提案件数",
)  # fmt: skip
register_metric(
    "proposals.suggestions_replied", "答复人大代表建议（件）", module="legal_affairs",
    compute=selectors.suggestions_closed, records=selectors.suggestions_closed_records,
    definition="答复日期在当年的人大代表建议件数",
)  # fmt: skip
