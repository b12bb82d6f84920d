"""法律事务与建议提案: staff screens (mounted at /legal-affairs/)."""

from django.urls import path  # noqa: F401

app_name = "legal_affairs"

urlpatterns: list = []
