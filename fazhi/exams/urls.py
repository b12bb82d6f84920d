"""学法用法考试: staff screens (mounted at /exams/)."""

from django.urls import path

from fazhi.exams import views

app_name = "exams"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.exam_create, name="exam_create"),
    path("<int:pk>/", views.exam_detail, name="exam_detail"),
    path("<int:pk>/edit/", views.exam_edit, name="exam_edit"),
    path("<int:pk>/rules/", views.rule_add, name="rule_add"),
    path("<int:pk>/rules/<int:rule_id>/remove/", views.rule_remove, name="rule_remove"),
    path("<int:pk>/roster/", views.roster, name="roster"),
    path("<int:pk>/roster/fill/", views.roster_fill, name="roster_fill"),
    path("<int:pk>/roster/<int:candidate_id>/exempt/", views.candidate_exempt, name="candidate_exempt"),
    path("<int:pk>/publish/", views.exam_publish, name="exam_publish"),
    path("<int:pk>/close/", views.exam_close, name="exam_close"),
    path("<int:pk>/makeup/", views.makeup_create, name="makeup_create"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/results/docx/", views.results_docx, name="results_docx"),
    path("<int:pk>/start/", views.sitting_start, name="sitting_start"),
    path("sittings/<int:pk>/", views.sit, name="sit"),
    path("sittings/<int:pk>/answer/", views.answer_save, name="answer_save"),
    path("sittings/<int:pk>/submit/", views.sitting_submit, name="sitting_submit"),
    path("sittings/<int:pk>/result/", views.result, name="result"),
    path("bank/", views.bank, name="bank"),
    path("bank/new/", views.question_add, name="question_add"),
    path("bank/<int:pk>/", views.question_edit, name="question_edit"),
    path("bank/<int:pk>/retire/", views.question_retire, name="question_retire"),
]
