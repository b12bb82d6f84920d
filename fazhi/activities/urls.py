"""学法普法: staff screens (mounted at /activities/)."""

from django.urls import path

from fazhi.activities import views

app_name = "activities"

urlpatterns = [
    path("", views.home, name="home"),
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/docx/", views.session_docx, name="session_docx"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/attendance/", views.session_attendance, name="session_attendance"),
    path("sessions/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("sessions/<int:pk>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment_download"),
    path(
        "sessions/<int:pk>/attachments/<int:attachment_id>/remove/", views.attachment_remove, name="attachment_remove"
    ),
    path("sessions/<int:pk>/matters/", views.matter_add, name="matter_add"),
    path("sessions/<int:pk>/matters/<int:matter_id>/done/", views.matter_complete, name="matter_complete"),
    path("series/", views.series_list, name="series_list"),
    path("series/new/", views.series_create, name="series_create"),
    path("responsibility/", views.responsibility, name="responsibility"),
    path("responsibility/new/", views.list_create, name="list_create"),
    path("responsibility/<int:pk>/", views.list_detail, name="list_detail"),
    path("responsibility/<int:pk>/docx/", views.list_docx, name="list_docx"),
    path("responsibility/<int:pk>/items/", views.list_item_add, name="list_item_add"),
    path("responsibility/<int:pk>/items/<int:item_id>/remove/", views.list_item_remove, name="list_item_remove"),
    path("responsibility/<int:pk>/adopt/", views.list_adopt, name="list_adopt"),
    path("calendar/", views.calendar_view, name="calendar"),
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_edit, name="event_edit"),
    path("publicity/", views.publicity_list, name="publicity_list"),
    path("publicity/new/", views.publicity_create, name="publicity_create"),
    path("publicity/<int:pk>/", views.publicity_edit, name="publicity_edit"),
    path("cases/", views.typical_list, name="typical_list"),
    path("cases/new/", views.typical_create, name="typical_create"),
    path("cases/<int:pk>/", views.typical_detail, name="typical_detail"),
    path("cases/<int:pk>/edit/", views.typical_edit, name="typical_edit"),
    path("cases/<int:pk>/submit/", views.typical_submit, name="typical_submit"),
    path("cases/<int:pk>/approve/", views.typical_approve, name="typical_approve"),
    path("cases/<int:pk>/return/", views.typical_return, name="typical_return"),
    path("cases/<int:pk>/withdraw/", views.typical_withdraw, name="typical_withdraw"),
]
