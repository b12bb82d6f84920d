from django.urls import path

from fazhi.deadlines import views

app_name = "deadlines"
urlpatterns = [
    path("calculator/", views.calculator, name="calculator"),
    path("calendar/", views.calendar_year_list, name="calendar_years"),
    path("calendar/<int:year>/", views.calendar_year_edit, name="calendar_year_edit"),
]
