"""Read-only admin: writes go through the services (audit, state table, clocks)."""

from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin
from fazhi.disclosure.models import AnnualReport, DisclosureRequest, ProactiveDocument


@admin.register(DisclosureRequest)
class DisclosureRequestAdmin(ReadOnlyAdmin):
    list_display = ("number", "applicant_name", "channel_label", "received_on", "status", "reply_due_on", "replied_on")
    list_filter = ("status", "reply_group")


@admin.register(ProactiveDocument)
class ProactiveDocumentAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "category_label", "published_on", "withdrawn_on")


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyAdmin):
    list_display = ("year", "due_on", "submitted_on", "published_on", "published_late")
