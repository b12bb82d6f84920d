from __future__ import annotations

from typing import Any

from fazhi.complaints.models import Attachment, Complaint
from fazhi.core.access import access_object


def access_complaint(*, user: Any, complaint_id: int, permission: str = "complaints.view") -> Complaint:
    """Fetch a complaint or tip the user may see (NotFound for missing and forbidden alike)."""
    return access_object(
        user,
        Complaint.objects.select_related("department", "assignee", "respondent", "linked", "repeat_of", "merged_into"),
        permission=permission,
        department_field="department",
        what="投诉举报",
        pk=complaint_id,
    )


def access_attachment(*, user: Any, complaint_id: int, attachment_id: int) -> Attachment:
    """An attachment of a record the user may see (NotFound otherwise)."""
    return access_object(
        user,
        Attachment.objects.select_related("complaint"),
        permission="complaints.view",
        department_field="complaint__department",
        what="附件",
        pk=attachment_id,
        complaint_id=complaint_id,
    )
