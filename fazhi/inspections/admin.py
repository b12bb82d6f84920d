"""Read-only admin: records are changed only through the services (audited)."""

from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin
from fazhi.inspections.models import (
    Draw,
    InspectionAssignment,
    InspectionItem,
    InspectionPlan,
    InspectionResult,
    InspectionTask,
    OfficerConflict,
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
    list_display = ("task", "seed_kind", "seed_source", "selected_count", "record_hash", "drawn_at", "superseded_by")
    exclude = ("record_json",)


@admin.register(InspectionAssignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("task", "rank", "entity", "stratum")


@admin.register(InspectionResult)
class ResultAdmin(ReadOnlyAdmin):
    list_display = ("assignment", "category", "inspected_on", "follow_up", "handover_status")
    list_filter = ("category", "handover_status")


@admin.register(OfficerConflict)
class ConflictAdmin(ReadOnlyAdmin):
    list_display = ("officer", "entity", "reason", "declared_on", "active")
