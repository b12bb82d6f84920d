"""重大行政决策: staff screens (mounted at /major-decisions/)."""

from django.urls import path

from fazhi.major_decisions import views

app_name = "major_decisions"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.decision_new, name="decision_new"),
    path("<int:pk>/", views.decision_detail, name="decision_detail"),
    path("<int:pk>/hearings/<int:hearing>/report.docx", views.hearing_document, name="hearing_document"),
    path("<int:pk>/hearings/<int:hearing>/report.pdf", views.hearing_pdf, name="hearing_pdf"),
    path("<int:pk>/evaluation/report.docx", views.evaluation_document, name="evaluation_document"),
    path("<int:pk>/evaluation/report.pdf", views.evaluation_pdf, name="evaluation_pdf"),
    path("<int:pk>/<slug:action>/", views.decision_act, name="decision_act"),
]
