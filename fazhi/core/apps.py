from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate
        from django.utils.module_loading import autodiscover_modules

        from fazhi.core import (
            checks,  # noqa: F401  (registers system checks)
            security,
        )
        from fazhi.core.audit_guard import install_after_migrate

        # After every migrate (a migration may rebuild the audit table and drop its triggers on SQLite).
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="fazhi.core.audit_guard")
        security.connect_auth_signals()

        # Each app registers its bundle record types (bundle.py). The metrics it owns (metrics.py) and its importers
        # (importers.py) are imported when their registries are first read (fazhi.core.discovery): a command that
        # imports entities does not load every app's metrics with their selectors and services.
        autodiscover_modules("bundle")
