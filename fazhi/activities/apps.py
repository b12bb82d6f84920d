from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "fazhi.activities"
    label = "activities"
    verbose_name = "学法普法"
