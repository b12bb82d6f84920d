"""``fazhi migrate``: Django's ``migrate`` with the stale-only re-rendering of ADR 0008.

Everything else — options, output, exit status — is Django's own command.
"""

from typing import Any

from django.core.management.commands.migrate import Command as DjangoMigrate

from fazhi.core.migration_state import stale_only_reload


class Command(DjangoMigrate):
    def handle(self, *args: Any, **options: Any) -> Any:
        with stale_only_reload():
            return super().handle(*args, **options)
