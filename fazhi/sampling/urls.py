"""抽检与专项整治: staff screens (mounted at /sampling/)."""

from django.urls import path

from fazhi.sampling import views

app_name = "sampling"

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("labs/new/", views.lab_new, name="lab_new"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("samples/", views.sample_list, name="sample_list"),
    path("samples/<int:pk>/", views.sample_detail, name="sample_detail"),
    path("samples/<int:pk>/correct/", views.sample_correct, name="sample_correct"),
    path("samples/<int:pk>/late-reviews/<int:review>/", views.late_review, name="late_review"),
    path("samples/<int:pk>/<slug:action>/", views.sample_act, name="sample_act"),
    path("reviews/", views.review_list, name="review_list"),
    path("samples/<int:pk>/documents/<slug:kind>.<slug:fmt>", views.sample_document, name="sample_document"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/<slug:action>/", views.campaign_act, name="campaign_act"),
    path("permits/", views.permit_list, name="permit_list"),
]
