"""Admin: read-only views; every change goes through the services and screens."""

from django.contrib import admin

from fazhi.complaints.models import Attachment, Complaint, LegalReview
from fazhi.core.admin import ReadOnlyAdmin


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ("number", "kind", "channel", "status", "received_on", "due_on", "department")
    list_filter = ("kind", "status", "channel", "category")
    search_fields = ("number", "respondent_name")
    exclude = ("consumer_name", "consumer_phone", "consumer_id_number", "consumer_key")  # personal data
    show_full_result_count = False


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ("name", "complaint", "size", "sha256")


@admin.register(LegalReview)
class LegalReviewAdmin(ReadOnlyAdmin):
    list_display = ("complaint", "action", "requested_on", "outcome", "reviewed_on")
