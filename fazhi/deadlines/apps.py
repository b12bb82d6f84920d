from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "fazhi.deadlines"
    label = "deadlines"
    verbose_name = "法定期限"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app declares the due dates it stores on its own records (fazhi.deadlines.copies).
        autodiscover_modules("deadline_copies")
