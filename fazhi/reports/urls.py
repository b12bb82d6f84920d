from django.urls import path

from fazhi.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("metrics.json", views.metrics_json, name="metrics_json"),
    path("annual/<int:year>.<str:fmt>", views.annual, name="annual"),
]
