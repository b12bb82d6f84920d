"""政府信息公开: staff screens (mounted at /disclosure/)."""

from django.urls import path  # noqa: F401

app_name = "disclosure"

urlpatterns: list = []
