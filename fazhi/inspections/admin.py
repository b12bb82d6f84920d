"""Read-only admin: records are changed only through the services (audited)."""

from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin
from fazhi.inspections.models import (
    Draw,
    DrawSeed,
    InspectionAssignment,
    InspectionItem,
    InspectionPlan,
    InspectionResult,
    InspectionTask,
    OfficerConflict,
    SeedReplacement,
)


@admin.register(InspectionItem)
class ItemAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "domain", "method", "level", "effective_from", "effective_to")
    search_fields = ("code", "name", "domain")


@admin.register(InspectionPlan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ("year", "name", "kind", "lead_department", "status")


@admin.register(InspectionTask)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ("name", "plan", "department", "status", "window_start", "window_end", "publicity_due_on")
    list_filter = ("status",)


@admin.register(Draw)
class DrawAdmin(ReadOnlyAdmin):
    list_display = ("task", "seed", "selected_count", "record_hash", "drawn_at", "superseded_by")
    exclude = ("head",)

    def get_queryset(self, request):  # a draw still being written is not a record yet (issue 12)
        return super().get_queryset(request).filter(staging=False)


@admin.register(DrawSeed)
class SeedAdmin(ReadOnlyAdmin):
    list_display = ("task", "kind", "source", "announced_at", "draw_at", "commitment", "fixed_at", "superseded_at")
    exclude = ("value", "first_entry")  # the secret stays hidden until the draw reveals it


@admin.register(SeedReplacement)
class ReplacementAdmin(ReadOnlyAdmin):
    list_display = ("task", "seed", "status", "requested_at", "decided_by", "decided_at")


@admin.register(InspectionAssignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("task", "rank", "entity", "stratum")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(draw__staging=False)


@admin.register(InspectionResult)
class ResultAdmin(ReadOnlyAdmin):
    list_display = ("assignment", "category", "inspected_on", "follow_up", "handover_reference", "recheck_on")
    list_filter = ("category", "follow_up")


@admin.register(OfficerConflict)
class ConflictAdmin(ReadOnlyAdmin):
    list_display = ("officer", "entity", "reason", "declared_on", "active")
