"""规范性文件、公平竞争审查: staff screens (mounted at /normative-docs/)."""

from django.urls import path

from fazhi.normative_docs import views

app_name = "normative_docs"

urlpatterns = [
    path("", views.home, name="home"),
    path("documents/", views.document_list, name="document_list"),
    path("documents/new/", views.document_new, name="document_new"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("documents/<int:pk>/<slug:action>/", views.document_act, name="document_act"),
    path("cleanups/", views.cleanup_list, name="cleanup_list"),
    path("cleanups/<int:pk>/", views.cleanup_detail, name="cleanup_detail"),
    path("mechanisms/", views.mechanism_list, name="mechanism_list"),
]
