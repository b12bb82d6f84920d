"""Activities writes (the only write door): study sessions and meetings, legal education, typical cases.

``sessions`` (record, correct, attendance, files, rule-of-law matters, lecture series), ``education``
(responsibility list, events, publicity items), ``typical`` (以案释法). Every service takes ``actor=``, runs in one
transaction and writes an audit event per changed record.
"""

from fazhi.activities.services.education import (
    event_record,
    event_update,
    publicity_record,
    publicity_update,
    responsibility_item_add,
    responsibility_item_remove,
    responsibility_list_adopt,
    responsibility_list_copy,
    responsibility_list_create,
)
from fazhi.activities.services.sessions import (
    attachment_add,
    attachment_remove,
    attendance_set,
    matter_add,
    matter_complete,
    series_create,
    session_record,
    session_update,
)
from fazhi.activities.services.typical import (
    typical_approve,
    typical_draft,
    typical_return,
    typical_submit,
    typical_update,
    typical_withdraw,
)

__all__ = [
    "attachment_add",
    "attachment_remove",
    "attendance_set",
    "event_record",
    "event_update",
    "matter_add",
    "matter_complete",
    "publicity_record",
    "publicity_update",
    "responsibility_item_add",
    "responsibility_item_remove",
    "responsibility_list_adopt",
    "responsibility_list_copy",
    "responsibility_list_create",
    "series_create",
    "session_record",
    "session_update",
    "typical_approve",
    "typical_draft",
    "typical_return",
    "typical_submit",
    "typical_update",
    "typical_withdraw",
]
