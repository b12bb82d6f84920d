"""Name-fragment search at 1M entities: an FTS5 trigram index on SQLite, pg_trgm on PostgreSQL.

SQLite: ``registry_entity_fts`` is an external-content FTS5 table (``content=registry_marketentity``)
with the trigram tokenizer (SQLite ≥ 3.34), kept in sync by triggers — so the importer's raw
``executemany`` inserts/updates are indexed too. PostgreSQL: a GIN ``gin_trgm_ops`` index on name
that ``ILIKE '%…%'`` uses; when the pg_trgm extension cannot be created the migration skips the
index (search still works, only slower). Other vendors: nothing. See docs/domain/registry.md.
"""

from django.db import migrations

FTS_CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS registry_entity_fts USING fts5("
    "name, content='registry_marketentity', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS registry_entity_fts_ai AFTER INSERT ON registry_marketentity BEGIN "
    "INSERT INTO registry_entity_fts(rowid, name) VALUES (new.id, new.name); END",
    "CREATE TRIGGER IF NOT EXISTS registry_entity_fts_ad AFTER DELETE ON registry_marketentity BEGIN "
    "INSERT INTO registry_entity_fts(registry_entity_fts, rowid, name) VALUES ('delete', old.id, old.name); END",
    "CREATE TRIGGER IF NOT EXISTS registry_entity_fts_au AFTER UPDATE OF name ON registry_marketentity "
    "WHEN old.name IS NOT new.name BEGIN "
    "INSERT INTO registry_entity_fts(registry_entity_fts, rowid, name) VALUES ('delete', old.id, old.name); "
    "INSERT INTO registry_entity_fts(rowid, name) VALUES (new.id, new.name); END",
    # Index rows that existed before this migration.
    "INSERT INTO registry_entity_fts(registry_entity_fts) VALUES ('rebuild')",
]
FTS_DROP = [
    "DROP TRIGGER IF EXISTS registry_entity_fts_ai",
    "DROP TRIGGER IF EXISTS registry_entity_fts_ad",
    "DROP TRIGGER IF EXISTS registry_entity_fts_au",
    "DROP TABLE IF EXISTS registry_entity_fts",
]


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        for sql in FTS_CREATE:
            schema_editor.execute(sql)
    elif connection.vendor == "postgresql":
        from django.db import DatabaseError, transaction

        try:
            with transaction.atomic(using=connection.alias):
                schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError:
            return  # no pg_trgm on this server: search falls back to a sequential ILIKE scan
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS registry_entity_name_trgm ON registry_marketentity "
            "USING gin (name gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        for sql in FTS_DROP:
            schema_editor.execute(sql)
    elif connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS registry_entity_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
