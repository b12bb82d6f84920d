from django.urls import path

from fazhi.deadlines import views

app_name = "deadlines"
urlpatterns = [
    path("calculator/", views.calculator, name="calculator"),
    path("calendar/", views.calendar_year_list, name="calendar_years"),
    path("calendar/<int:year>/", views.calendar_year_edit, name="calendar_year_edit"),
    path("rules/", views.rule_confirmations, name="rule_confirmations"),
    path("rules/confirm/", views.rule_confirm, name="rule_confirm"),
    path("rules/confirmations/<int:pk>/revoke/", views.rule_confirmation_revoke, name="rule_confirmation_revoke"),
]
