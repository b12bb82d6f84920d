"""法律事务、建议提案: staff screens (mounted at /legal-affairs/)."""

from django.urls import path

from fazhi.legal_affairs import views

app_name = "legal_affairs"

urlpatterns = [
    path("", views.home, name="home"),
    path("matters/", views.matter_list, name="matter_list"),
    path("matters/<int:pk>/", views.matter_detail, name="matter_detail"),
    path("matters/<int:pk>/complete/", views.matter_complete, name="matter_complete"),
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/<slug:action>/", views.proposal_act, name="proposal_act"),
]
