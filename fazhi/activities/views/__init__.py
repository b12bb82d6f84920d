"""Activities screens: study and meetings, legal education, typical cases (see the submodules)."""

from fazhi.activities.views.education import (
    calendar_view,
    event_create,
    event_edit,
    event_list,
    list_adopt,
    list_create,
    list_detail,
    list_docx,
    list_item_add,
    list_item_remove,
    publicity_create,
    publicity_edit,
    publicity_list,
    responsibility,
)
from fazhi.activities.views.sessions import (
    attachment_download,
    attachment_remove,
    attachment_upload,
    home,
    matter_add,
    matter_complete,
    series_create,
    series_list,
    session_attendance,
    session_create,
    session_detail,
    session_docx,
    session_edit,
    session_list,
)
from fazhi.activities.views.typical import (
    typical_approve,
    typical_create,
    typical_detail,
    typical_edit,
    typical_list,
    typical_return,
    typical_submit,
    typical_withdraw,
)

__all__ = [
    "attachment_download", "attachment_remove", "attachment_upload", "calendar_view", "event_create", "event_edit",
    "event_list", "home", "list_adopt", "list_create", "list_detail", "list_docx", "list_item_add", "list_item_remove",
    "matter_add", "matter_complete", "publicity_create", "publicity_edit", "publicity_list", "responsibility",
    "series_create", "series_list", "session_attendance", "session_create", "session_detail", "session_docx", "session_edit", "session_list",
    "typical_approve", "typical_create", "typical_detail", "typical_edit", "typical_list", "typical_return",
    "typical_submit", "typical_withdraw",
]  # fmt: skip
