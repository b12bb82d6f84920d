"""案卷评查: staff screens (mounted at /file-reviews/)."""

from django.urls import path

from fazhi.file_reviews import views

app_name = "file_reviews"

urlpatterns = [
    path("", views.home, name="home"),
    path("rounds/new/", views.round_new, name="round_new"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/draw/", views.round_draw, name="round_draw"),
    path("rounds/<int:pk>/<slug:action>/", views.round_action, name="round_action"),
    path("files/<int:pk>/", views.file_detail, name="file_detail"),
    path("files/<int:pk>/score/", views.file_score, name="file_score"),
    path("files/<int:pk>/distinguish/", views.file_distinguish, name="file_distinguish"),
    path("files/<int:pk>/reassign/", views.file_reassign, name="file_reassign"),
    path("rectifications/", views.rectification_list, name="rectification_list"),
    path("rectifications/<int:pk>/", views.rectification_detail, name="rectification_detail"),
    path("rectifications/<int:pk>/report/", views.rectification_report, name="rectification_report"),
    path("rectifications/<int:pk>/verify/", views.rectification_verify, name="rectification_verify"),
    path("sent-up/", views.higher_list, name="higher_list"),
    path("sent-up/<int:pk>/", views.higher_detail, name="higher_detail"),
    path("live/", views.live_queue, name="live_queue"),
]
