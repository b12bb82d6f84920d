"""Two redundant entity indexes go (issue 19 §5: every index is paid for by every imported row).

- ``office_id`` alone: ``entity_office_status_kind`` starts with it and serves the same look-ups.
- ``name`` as ``db_index``: on PostgreSQL Django adds a ``varchar_pattern_ops`` twin that no query uses (name
  fragments go through the trigram index of migration 0002); a plain B-tree ``entity_name`` stays for the
  exact-name look-ups.

The database side is written out by hand: Django's SQLite ``AlterField`` would rebuild the whole table (and drop
the FTS5 triggers of migration 0002 with it); dropping and creating the indexes is all that changes.
"""

import django.db.models.deletion
from django.db import migrations, models

DROPPED = ("registry_marketentity_office_id_74cf7379", "registry_marketentity_name_cd23ec25")
DROPPED_POSTGRESQL = ("registry_marketentity_name_cd23ec25_like",)


def forwards(apps, schema_editor):
    names = DROPPED + (DROPPED_POSTGRESQL if schema_editor.connection.vendor == "postgresql" else ())
    for name in names:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
    schema_editor.execute('CREATE INDEX IF NOT EXISTS "entity_name" ON "registry_marketentity" ("name")')


def backwards(apps, schema_editor):
    schema_editor.execute('DROP INDEX IF EXISTS "entity_name"')
    table = '"registry_marketentity"'
    schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{DROPPED[0]}" ON {table} ("office_id")')
    schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{DROPPED[1]}" ON {table} ("name")')
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{DROPPED_POSTGRESQL[0]}" ON {table} ("name" varchar_pattern_ops)'
        )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_permit_matter"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="marketentity",
                    name="name",
                    field=models.CharField(max_length=200, verbose_name="名称"),
                ),
                migrations.AlterField(
                    model_name="marketentity",
                    name="office",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="entities",
                        to="registry.department",
                        verbose_name="管辖单位",
                    ),
                ),
                migrations.AddIndex(
                    model_name="marketentity",
                    index=models.Index(fields=["name"], name="entity_name"),
                ),
            ],
            database_operations=[migrations.RunPython(forwards, backwards)],
        ),
    ]
