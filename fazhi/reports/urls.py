from django.urls import path

from fazhi.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("metrics.json", views.metrics_json, name="metrics_json"),
    path("annual/<int:year>.<str:fmt>", views.annual, name="annual"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/open/", views.draft_open, name="draft_open"),
    path("reports/<str:kind>/<int:year>/", views.draft, name="draft"),
    path("reports/<str:kind>/<int:year>.<str:fmt>", views.report_file, name="report_file"),
    path("reports/<str:kind>/<int:year>/step/<str:event>/", views.draft_step, name="draft_step"),
    path("reports/<str:kind>/<int:year>/add/<str:section>/", views.paragraph_add, name="paragraph_add"),
    path("paragraphs/<int:pk>/", views.paragraph_edit, name="paragraph_edit"),
    path("paragraphs/<int:pk>/remove/", views.paragraph_remove, name="paragraph_remove"),
    path("figures/<int:year>/<str:metric_id>/", views.figure_records, name="figure_records"),
]
