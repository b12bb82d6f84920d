from django.urls import path

from fazhi.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("queue/", views.queue, name="queue"),
    path("summary/new/", views.summary_new, name="summary_new"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/step/<slug:step>/", views.case_step, name="case_step"),
    path("<int:pk>/approve/<slug:step>/", views.case_approve, name="case_approve"),
    path("<int:pk>/decide/<slug:step>/", views.case_decide, name="case_decide"),
    path("<int:pk>/review/<slug:step>/", views.case_review, name="case_review"),
    path("<int:pk>/documents/<slug:kind>.<str:fmt>", views.case_document, name="case_document"),
    path("<int:pk>/attachments/<slug:kind>/<int:item>/", views.case_attachment, name="case_attachment"),
    path("<int:pk>/discretion/replay/", views.case_replay, name="case_replay"),
    path("review-queue/", views.review_queue, name="review_queue"),
    path("clues/", views.clue_list, name="clue_list"),
    path("clues/new/", views.clue_new, name="clue_new"),
    path("clues/<int:pk>/", views.clue_detail, name="clue_detail"),
    path("clues/<int:pk>/approve/<slug:action>/", views.clue_approve, name="clue_approve"),
    path("clues/<int:pk>/<slug:action>/", views.clue_act, name="clue_act"),
]
