"""The database itself refuses UPDATE, DELETE and TRUNCATE on the audit table (issue 14 §5, ADR 0007).

SQLite: two ``BEFORE UPDATE`` / ``BEFORE DELETE`` triggers that abort. PostgreSQL: a row trigger for UPDATE and
DELETE, a statement trigger for TRUNCATE, and ``REVOKE UPDATE, DELETE, TRUNCATE … FROM PUBLIC``; in production the
application connects as a role without those privileges (``fazhi audit grants APP_ROLE`` prints the statements), so
it cannot even disable the triggers (only the table owner can).

The guard is installed after every ``migrate`` (``post_migrate``, idempotent), because a migration that rebuilds the
table on SQLite drops its triggers; a system check reports a missing guard. ``suspended()`` lifts it inside one
transaction for the two operations that legitimately empty the whole database outside production: ``flush`` (tests)
and the demo's reset. Someone with the table owner's rights can do the same — which is what the anchors are for
(``fazhi.core.anchors``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.conf import settings
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from fazhi.core.errors import DomainError

TABLE = "core_auditevent"
SQLITE_TRIGGERS = {
    "core_auditevent_no_update": "UPDATE",
    "core_auditevent_no_delete": "DELETE",
}
PG_FUNCTION = "fazhi_audit_append_only"
PG_ROW_TRIGGER = "core_auditevent_append_only"
PG_TRUNCATE_TRIGGER = "core_auditevent_no_truncate"
MESSAGE = "fazhi: audit events are append-only"


def _sqlite_install(cursor) -> None:
    for name, operation in SQLITE_TRIGGERS.items():
        cursor.execute(
            f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {operation} ON {TABLE} "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE} ({operation} refused)'); END"
        )


def _pg_install(cursor) -> None:
    cursor.execute(
        f"CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '{MESSAGE} (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege'; END $$"
    )
    cursor.execute(f"DROP TRIGGER IF EXISTS {PG_ROW_TRIGGER} ON {TABLE}")
    cursor.execute(
        f"CREATE TRIGGER {PG_ROW_TRIGGER} BEFORE UPDATE OR DELETE ON {TABLE} "
        f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()"
    )
    cursor.execute(f"DROP TRIGGER IF EXISTS {PG_TRUNCATE_TRIGGER} ON {TABLE}")
    cursor.execute(
        f"CREATE TRIGGER {PG_TRUNCATE_TRIGGER} BEFORE TRUNCATE ON {TABLE} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()"
    )
    cursor.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {TABLE} FROM PUBLIC")


def install(connection: BaseDatabaseWrapper) -> None:
    """Create the guard (idempotent)."""
    if TABLE not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            _sqlite_install(cursor)
        elif connection.vendor == "postgresql":
            _pg_install(cursor)


def install_after_migrate(sender, using: str = "default", **kwargs) -> None:
    """``post_migrate`` receiver (connected in ``CoreConfig.ready``)."""
    install(connections[using])


def installed(connection: BaseDatabaseWrapper) -> bool:
    """True when every trigger of the guard is present and enabled."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE])
            return set(SQLITE_TRIGGERS) <= {row[0] for row in cursor.fetchall()}
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND tgenabled <> 'D'", [TABLE])
            return {PG_ROW_TRIGGER, PG_TRUNCATE_TRIGGER} <= {row[0] for row in cursor.fetchall()}
    return False


def _drop(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        elif connection.vendor == "postgresql":
            # ALTER TABLE refuses a table with pending deferred-FK checks from earlier in the transaction: run them.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {PG_ROW_TRIGGER}")
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {PG_TRUNCATE_TRIGGER}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _restore(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {PG_ROW_TRIGGER}")
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {PG_TRUNCATE_TRIGGER}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    else:
        install(connection)


@contextlib.contextmanager
def suspended(using: str = "default", *, reason: str) -> Iterator[None]:
    """Lift the guard inside one transaction (it is back when the block ends, on error by the rollback).

    Refused in production (``audit.erase_refused``): there the audit trail is never emptied by the application.
    """
    if settings.PRODUCTION:
        raise DomainError("audit.erase_refused", f"生产环境不得清空或改动审计日志（{reason}）")
    connection = connections[using]
    if TABLE not in connection.introspection.table_names():
        yield
        return
    with transaction.atomic(using=using):  # on error the rollback restores the guard with everything else
        _drop(connection)
        yield
        _restore(connection)


def grant_statements(role: str) -> list[str]:
    """PostgreSQL statements that give the application role what it needs and no UPDATE/DELETE on the audit table."""
    quoted = '"' + role.replace('"', '""') + '"'
    return [
        f"GRANT USAGE ON SCHEMA public TO {quoted};",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted};",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {quoted};",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {TABLE} FROM {quoted};",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {TABLE} FROM PUBLIC;",
    ]
