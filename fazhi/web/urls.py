from django.urls import path

from fazhi.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("notifications/", views.notifications, name="notifications"),
    path("help/", views.help_index, name="help"),
    path("help/<str:role>/", views.help_role, name="help_role"),
]
