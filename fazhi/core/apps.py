from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from fazhi.core import checks  # noqa: F401  (registers system checks)

        # Each app registers its bundle record types (bundle.py), importers (importers.py) and the metrics it
        # owns (metrics.py, see fazhi.core.metrics).
        autodiscover_modules("bundle", "importers", "metrics")
