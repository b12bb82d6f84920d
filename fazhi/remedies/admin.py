"""Read-only admin: writes go through the services (audit, state table, clocks)."""

from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin
from fazhi.remedies.models import Hearing, Lawsuit, Reconsideration, Submission


@admin.register(Reconsideration)
class ReconsiderationAdmin(ReadOnlyAdmin):
    list_display = ("number", "applicant_name", "status", "copy_received_on", "answer_due_on", "outcome_label")
    list_filter = ("status", "act_kind")


@admin.register(Lawsuit)
class LawsuitAdmin(ReadOnlyAdmin):
    list_display = ("number", "plaintiff_name", "court", "status", "complaint_received_on", "outcome_label")
    list_filter = ("status", "act_kind")


admin.site.register(Hearing, ReadOnlyAdmin)
admin.site.register(Submission, ReadOnlyAdmin)
