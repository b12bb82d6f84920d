"""政府信息公开: staff screens (mounted at /disclosure/)."""

from django.urls import path

from fazhi.disclosure import views

app_name = "disclosure"

urlpatterns = [
    path("", views.home, name="home"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/letter/", views.request_letter, name="request_letter"),
    path("requests/<int:pk>/contact/", views.request_contact, name="request_contact"),
    path("requests/<int:pk>/<slug:action>/", views.request_act, name="request_act"),
    path("documents/", views.document_list, name="document_list"),
    path("documents/new/", views.document_new, name="document_new"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("documents/<int:pk>/withdraw/", views.document_withdraw, name="document_withdraw"),
    path("report/", views.report, name="report"),
    path("report/<int:year>/<slug:action>/", views.report_act, name="report_act"),
]
