"""行政复议与行政诉讼: staff screens (mounted at /remedies/)."""

from django.urls import path  # noqa: F401

app_name = "remedies"

urlpatterns: list = []
