"""The disclosure figures of the annual report (seed-figures.md § Oversight) and the figures the annual disclosure
report (政府信息公开工作年度报告) needs; definitions in ``selectors``."""

from __future__ import annotations

from fazhi.core.metrics import register_metric
from fazhi.disclosure import selectors

register_metric(
    "disclosure.proactive_documents", "主动公开政府信息（件）", module="disclosure",
    compute=selectors.proactive_documents, records=selectors.proactive_records,
    definition="当年公开日期在1月1日至12月31日之间、列入主动公开目录的政府信息件数（含其后撤回的）",
)  # fmt: skip
register_metric(
    "disclosure.requests_closed", "办结政府信息公开申请（件）", module="disclosure",
    compute=selectors.requests_closed, records=selectors.closed_records,
    definition="当年作出答复（含逾期不补正不再处理）的政府信息公开申请件数，按答复日期计",
)  # fmt: skip
register_metric(
    "disclosure.requests_received", "新收政府信息公开申请（件）", module="disclosure",
    compute=selectors.requests_received, records=selectors.received_records,
    definition="收到申请之日（政府信息公开条例第三十一条）在当年的申请件数",
)  # fmt: skip
register_metric(
    "disclosure.requests_carried_in", "上年结转政府信息公开申请（件）", module="disclosure",
    compute=selectors.requests_carried_in, records=selectors.carried_in_records,
    definition="上一年度及以前收到、当年1月1日尚未答复的申请件数",
)  # fmt: skip
register_metric(
    "disclosure.requests_carried_forward", "结转下年度继续办理的申请（件）", module="disclosure",
    compute=selectors.requests_carried_forward, records=selectors.carried_forward_records,
    definition="当年12月31日及以前收到、至12月31日尚未答复的申请件数",
)  # fmt: skip
register_metric(
    "disclosure.replies_late", "逾期答复的政府信息公开申请（件）", module="disclosure",
    compute=selectors.replies_late, records=selectors.late_records,
    definition="当年答复、答复日期晚于答复期限（含延长、扣除征求意见时间）的申请件数",
)  # fmt: skip
