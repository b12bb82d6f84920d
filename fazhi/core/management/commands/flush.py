"""``flush`` that can empty the append-only audit table (tests, development) — refused in production.

Django's own ``flush`` deletes every row of every table; the audit table refuses that (``fazhi.core.audit_guard``).
This override lifts the guard inside the same transaction and puts it back, so test isolation and ``fazhi flush``
keep working outside production, while in production the audit trail is never emptied by the application.
"""

from django.core.management.base import CommandError
from django.core.management.commands.flush import Command as DjangoFlush

from fazhi.core import audit_guard
from fazhi.core.errors import DomainError


class Command(DjangoFlush):
    def handle(self, **options):
        try:
            with audit_guard.suspended(options["database"], reason="flush"):
                super().handle(**options)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
