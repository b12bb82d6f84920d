"""行政复议、行政诉讼: staff screens (mounted at /remedies/)."""

from django.urls import path

from fazhi.remedies import views

app_name = "remedies"

urlpatterns = [
    path("", views.home, name="home"),
    path("reconsiderations/", views.reconsideration_list, name="reconsideration_list"),
    path("reconsiderations/new/", views.reconsideration_new, name="reconsideration_new"),
    path("reconsiderations/<int:pk>/", views.reconsideration_detail, name="reconsideration_detail"),
    path("reconsiderations/<int:pk>/<slug:action>/", views.reconsideration_act, name="reconsideration_act"),
    path("lawsuits/", views.lawsuit_list, name="lawsuit_list"),
    path("lawsuits/new/", views.lawsuit_new, name="lawsuit_new"),
    path("lawsuits/<int:pk>/", views.lawsuit_detail, name="lawsuit_detail"),
    path("lawsuits/<int:pk>/<slug:action>/", views.lawsuit_act, name="lawsuit_act"),
]
