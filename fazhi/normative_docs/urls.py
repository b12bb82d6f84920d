"""规范性文件与公平竞争审查: staff screens (mounted at /normative-docs/)."""

from django.urls import path  # noqa: F401

app_name = "normative_docs"

urlpatterns: list = []
