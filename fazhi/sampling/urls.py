"""抽检与专项整治: staff screens (mounted at /sampling/)."""

from django.urls import path  # noqa: F401

app_name = "sampling"

urlpatterns: list = []
