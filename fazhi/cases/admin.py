"""Read-mostly admin: writes go through the services (audit, state table), so the admin is view-only."""

from django.contrib import admin

from fazhi.cases.models import Case, Clue, LegalReview, Publication
from fazhi.core.admin import ReadOnlyAdmin


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "state", "department", "filed_on", "decided_on")
    list_filter = ("state", "domain", "procedure")
    search_fields = ("number", "title")


admin.site.register(Clue, ReadOnlyAdmin)
admin.site.register(LegalReview, ReadOnlyAdmin)
admin.site.register(Publication, ReadOnlyAdmin)
