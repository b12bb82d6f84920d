from django.apps import AppConfig


class MajorDecisionsConfig(AppConfig):
    name = "fazhi.major_decisions"
    label = "major_decisions"
    verbose_name = "重大行政决策"
