"""Services of 政府信息公开 (the only write door): one per legal step of a request, and the proactive catalogue.

Periods come from the rulebook (``tables/deadlines/government_information_disclosure.yaml``) through the tracked
deadlines of ``fazhi.deadlines``; channels, reply types and applicant kinds from ``tables/oversight/disclosure.yaml``.
Modules by legal step: ``requests`` (依申请公开: register, 补正, 征求意见, extension, reply), ``proactive`` (主动公开目录),
``annual_report`` (年度报告), and ``common`` (rule ids, scope, the request's clocks and state transition).
"""

from fazhi.disclosure.services.annual_report import (
    ANNUAL_REPORT_OWNER,
    ANNUAL_REPORT_RULE,
    annual_report_clock,
    annual_report_open,
    annual_report_publish,
)
from fazhi.disclosure.services.common import (
    CORRECTION_RULE,
    EXTENSION_ID,
    OWNER_TYPE,
    PROACTIVE_RULE,
    REPLY_RULE,
    clock,
)
from fazhi.disclosure.services.proactive import document_publish, document_withdraw
from fazhi.disclosure.services.requests import (
    consultation_end,
    consultation_start,
    correction_receive,
    correction_request,
    reply_extend,
    request_register,
    request_reply,
)

__all__ = [
    "ANNUAL_REPORT_OWNER",
    "ANNUAL_REPORT_RULE",
    "CORRECTION_RULE",
    "EXTENSION_ID",
    "OWNER_TYPE",
    "PROACTIVE_RULE",
    "REPLY_RULE",
    "annual_report_clock",
    "annual_report_open",
    "annual_report_publish",
    "clock",
    "consultation_end",
    "consultation_start",
    "correction_receive",
    "correction_request",
    "document_publish",
    "document_withdraw",
    "reply_extend",
    "request_register",
    "request_reply",
]
