"""On PostgreSQL the exact-name index ``entity_name`` becomes a hash index (issue 19 §5: every imported row pays
for every index of the entity table).

The only query that reads ``entity_name`` is an equality: the complaint's respondent matched by its exact, unique
name (``complaints.services.common.find_respondent``). Nothing orders or ranges entities by name, and name
fragments go through the trigram index of migration 0002. A B-tree places each new name among the others by
comparing texts under the database's collation, which for Chinese names costs ≈ 5 µs a row of a bulk import on
this project's benchmark machine (of ≈ 25 µs for all the table's indexes); a hash index places it by a hash of the
text, ≈ 1 µs, and answers the same equality. SQLite has no hash index: it keeps the B-tree.

The model state keeps ``models.Index(fields=["name"], name="entity_name")`` (Django has no index type that means
"hash on PostgreSQL, B-tree elsewhere"); only the PostgreSQL index's method differs, under the same name, so any
later ``RemoveIndex`` still finds it. ``registry/tests/test_entity_indexes.py`` checks the method and the plan.
"""

from django.db import migrations

INDEX = "entity_name"
TABLE = '"registry_marketentity"'


def to_hash(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')
    schema_editor.execute(f'CREATE INDEX "{INDEX}" ON {TABLE} USING hash ("name")')


def to_btree(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')
    schema_editor.execute(f'CREATE INDEX "{INDEX}" ON {TABLE} ("name")')


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0005_entity_revision"),
    ]

    operations = [migrations.RunPython(to_hash, to_btree, elidable=False)]
