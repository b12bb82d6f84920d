from django.urls import path

from fazhi.web import audit_views, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("notifications/", views.notifications, name="notifications"),
    path("help/", views.help_index, name="help"),
    path("help/<str:role>/", views.help_role, name="help_role"),
    path("audit/", audit_views.audit, name="audit"),
    path("audit/events/<int:sequence>/", audit_views.audit_event, name="audit_event"),
    path("audit/verify/", audit_views.audit_verify, name="audit_verify"),
]
