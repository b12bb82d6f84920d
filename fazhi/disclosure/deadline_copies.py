"""Due dates the disclosure module stores on its records, moved by a calendar change (``fazhi.deadlines.copies``)."""

from django.db.models import Q

from fazhi.deadlines.copies import register_stored_clock, register_tracked_copy
from fazhi.disclosure.services import (
    ANNUAL_REPORT_OWNER,
    ANNUAL_REPORT_RULE,
    OWNER_TYPE,
    PROACTIVE_RULE,
    REPLY_RULE,
)

# DisclosureRequest.reply_due_on copies the request's open reply clock (政府信息公开条例 Art. 33).
register_tracked_copy(
    label="政府信息公开申请答复期限",
    model="disclosure.DisclosureRequest",
    field="reply_due_on",
    owner_type=OWNER_TYPE,
    rule_ids=(REPLY_RULE,),
)
# ProactiveDocument.due_on is counted from the day the information was formed (Art. 26, 20 working days) when the
# document is registered, and ``published_late`` compares the publication day with it: both follow the schedule.
register_stored_clock(
    label="主动公开期限",
    model="disclosure.ProactiveDocument",
    field="due_on",
    rule_id=PROACTIVE_RULE,
    start="formed_on",
    selecting="formed_on",
    open=Q(),
    late="published_late",
    done="published_on",
)
# AnnualReport.due_on copies the report year's open deadline (条例 Art. 49: 每年1月31日前).
register_tracked_copy(
    label="政府信息公开工作年度报告期限",
    model="disclosure.AnnualReport",
    field="due_on",
    owner_type=ANNUAL_REPORT_OWNER,
    rule_ids=(ANNUAL_REPORT_RULE,),
)
