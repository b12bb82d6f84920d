from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "fazhi.deadlines"
    label = "deadlines"
    verbose_name = "法定期限"
    # Each app declares the due dates it stores on its own records in its deadline_copies.py, imported when
    # fazhi.deadlines.copies' lists are first read (not at start-up: fazhi.core.discovery).
