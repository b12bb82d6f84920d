"""Read-only admin: writes go through the services (audit, state table, the fair-competition gate)."""

from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin
from fazhi.normative_docs.models import (
    CleanupEntry,
    CleanupRound,
    FairCompetitionReview,
    MechanismRecord,
    NormativeDocument,
)


@admin.register(NormativeDocument)
class NormativeDocumentAdmin(ReadOnlyAdmin):
    list_display = ("number", "document_number", "title", "status", "issued_on", "valid_until")
    list_filter = ("status",)


for _model in (FairCompetitionReview, CleanupRound, CleanupEntry, MechanismRecord):
    admin.site.register(_model, ReadOnlyAdmin)
