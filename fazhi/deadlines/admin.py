"""Read-only admin views: writes go through the services (the staff calendar page, the modules' services)."""

from __future__ import annotations

from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin
from fazhi.deadlines.models import CalendarDay, CalendarYear, DeadlineExclusion, TrackedDeadline


class ExclusionInline(admin.TabularInline):
    model = DeadlineExclusion
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "start_on", "end_on", "reason")


@admin.register(TrackedDeadline)
class TrackedDeadlineAdmin(ReadOnlyAdmin):
    list_display = ("id", "owner_type", "owner_id", "label", "rule_id", "start_on", "due_on", "status", "provisional")
    list_filter = ("status", "rule_id", "provisional", "owner_type")
    search_fields = ("owner_id", "label", "rule_id")
    inlines = [ExclusionInline]


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 0
    can_delete = False
    readonly_fields = ("date", "kind", "name")


@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnlyAdmin):
    list_display = ("year", "instrument", "notice_number", "complete", "entered_by", "updated_at")
    inlines = [CalendarDayInline]
