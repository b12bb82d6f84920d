"""学法用法考试: staff screens (mounted at /exams/)."""

from django.urls import path  # noqa: F401

app_name = "exams"

urlpatterns: list = []
