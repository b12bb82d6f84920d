"""案卷评查: staff screens (mounted at /file-reviews/)."""

from django.urls import path  # noqa: F401

app_name = "file_reviews"

urlpatterns: list = []
