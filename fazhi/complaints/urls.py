from django.urls import path

from fazhi.complaints import views

app_name = "complaints"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("all/", views.search, name="search"),
    path("new/", views.intake, name="intake"),
    path("stats/", views.stats, name="stats"),
    path("stats/<str:what>.svg", views.chart, name="chart"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/mediation/", views.mediation, name="mediation"),
    path("<int:pk>/respondent-notice/", views.respondent_notice, name="respondent_notice"),
    path("<int:pk>/act/<str:action>/", views.act, name="act"),
]
