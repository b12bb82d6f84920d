"""Read-only admin for the exam records: every change goes through the services (and leaves an audit event)."""

from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin
from fazhi.exams.models import Exam, Law, Question, Sitting


@admin.register(Law)
class LawAdmin(ReadOnlyAdmin):
    list_display = ("code", "title", "version", "in_force_from", "in_force_until", "status")


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    list_display = ("code", "version", "law", "article", "kind", "difficulty", "retired_at")
    list_filter = ("kind", "difficulty", "law")
    search_fields = ("code", "stem")
    list_select_related = ("law",)


@admin.register(Exam)
class ExamAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "year", "status", "opens_at", "closes_at", "makeup_of")
    list_filter = ("kind", "year", "status")


@admin.register(Sitting)
class SittingAdmin(ReadOnlyAdmin):
    list_display = ("exam", "officer", "department", "status", "score", "passed", "submitted_how")
    list_filter = ("status", "passed")
    list_select_related = ("exam", "officer", "department")
