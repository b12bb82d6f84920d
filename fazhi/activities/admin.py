"""Read-only admin for the activities records: every change goes through the services (and leaves an audit event)."""

from django.contrib import admin

from fazhi.activities.models import EducationEvent, PublicityItem, ResponsibilityList, Session, TypicalCase
from fazhi.core.admin import ReadOnlyAdmin


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ("held_on", "kind", "title", "department", "rule_of_law", "chair_is_principal")
    list_filter = ("kind", "rule_of_law")
    list_select_related = ("department",)


@admin.register(ResponsibilityList)
class ResponsibilityListAdmin(ReadOnlyAdmin):
    list_display = ("title", "year", "status", "adopted_on")


@admin.register(EducationEvent)
class EducationEventAdmin(ReadOnlyAdmin):
    list_display = ("held_on", "theme", "title", "department", "audience_count")
    list_filter = ("theme",)


@admin.register(PublicityItem)
class PublicityItemAdmin(ReadOnlyAdmin):
    list_display = ("published_on", "channel", "title", "article_count", "outlet_level")
    list_filter = ("channel", "outlet_level")


@admin.register(TypicalCase)
class TypicalCaseAdmin(ReadOnlyAdmin):
    list_display = ("title", "status", "published_on", "department")
    list_filter = ("status",)
