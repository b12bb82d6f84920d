from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "fazhi.reports"
    label = "reports"
    verbose_name = "统计与报告"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app registers the metrics it owns in its metrics.py.
        autodiscover_modules("metrics")
