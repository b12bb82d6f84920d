"""Admin for registry reference data. Entities themselves change through imports and services."""

from __future__ import annotations

from django.contrib import admin

from fazhi.core.admin import AuditedAdmin, ReadOnlyAdmin
from fazhi.registry.models import AnnualReportFiling, Department, Officer


@admin.register(Department)
class DepartmentAdmin(AuditedAdmin):
    list_display = ("code", "name", "kind", "parent", "active")
    list_filter = ("kind", "active")
    search_fields = ("code", "name")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)


@admin.register(Officer)
class OfficerAdmin(AuditedAdmin):
    list_display = ("name", "certificate_number", "certificate_expires_on", "department", "active")
    list_filter = ("active", "department__kind", "department")
    search_fields = ("name", "certificate_number")
    list_select_related = ("department",)
    autocomplete_fields = ("department",)


@admin.register(AnnualReportFiling)
class AnnualReportFilingAdmin(ReadOnlyAdmin):
    list_display = ("entity", "year", "filed_on", "channel")
    list_filter = ("year", "channel")
    search_fields = ("entity__uscc",)
    list_select_related = ("entity",)
    raw_id_fields = ("entity",)
    show_full_result_count = False
