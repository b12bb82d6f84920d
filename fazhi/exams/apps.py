from django.apps import AppConfig


class ExamsConfig(AppConfig):
    name = "fazhi.exams"
    label = "exams"
    verbose_name = "学法用法考试"
