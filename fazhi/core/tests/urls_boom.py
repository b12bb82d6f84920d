"""Test URLconf: the project's URLs plus a view that fails (for the server-error page test)."""

from django.urls import path

from fazhi.urls import handler500
from fazhi.urls import urlpatterns as project_urlpatterns


def boom(request):
    raise RuntimeError("secret detail that must not reach the page")


urlpatterns = [path("boom/", boom), *project_urlpatterns]

__all__ = ["handler500", "urlpatterns"]
