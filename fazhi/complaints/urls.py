from django.urls import path

from fazhi.complaints import views

app_name = "complaints"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("all/", views.search, name="search"),
    path("new/", views.intake, name="intake"),
    path("import/", views.import_upload, name="import"),
    path("import/errors/", views.import_error_file, name="import_error_file"),
    path("stats/", views.stats, name="stats"),
    path("stats/<str:what>.svg", views.chart, name="chart"),
    path("number/<str:number>/", views.by_number, name="by_number"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/reveal/", views.reveal, name="reveal"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
    path("<int:pk>/respondent-notice/", views.respondent_notice, name="respondent_notice"),
    path("<int:pk>/act/<str:action>/", views.act, name="act"),
]
