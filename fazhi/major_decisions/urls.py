"""重大行政决策: staff screens (mounted at /major-decisions/)."""

from django.urls import path  # noqa: F401

app_name = "major_decisions"

urlpatterns: list = []
