"""Admin: read-only views for administrators; every change goes through the services and screens."""

from django.contrib import admin

from fazhi.complaints.models import Attachment, Complaint


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = ("number", "kind", "channel", "status", "received_on", "due_on", "department")
    list_filter = ("kind", "status", "channel", "category")
    search_fields = ("number", "respondent_name")
    exclude = ("consumer_phone", "consumer_id_number", "consumer_key")  # personal data stays in the app screens
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ("name", "complaint", "size", "sha256")

    def has_change_permission(self, request, obj=None):
        return False
