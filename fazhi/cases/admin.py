"""Read-mostly admin: writes go through the services (audit, state table), so the admin is view-only."""

from django.contrib import admin

from fazhi.cases.models import Case, Clue, LegalReview, Publication


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnly):
    list_display = ("number", "title", "state", "department", "filed_on", "decided_on")
    list_filter = ("state", "domain", "procedure")
    search_fields = ("number", "title")


admin.site.register(Clue, ReadOnly)
admin.site.register(LegalReview, ReadOnly)
admin.site.register(Publication, ReadOnly)
