"""The entity's revision (fazhi.core.revision), added in place.

A plain AddField makes Django rebuild the table on SQLite (copy, drop, rename), which drops the FTS5 triggers of
migration 0002 and would silently stop the name index from following the table. Both databases can add a NOT NULL
column with a constant default in place (PostgreSQL without rewriting the table), so the column is added by hand
and the model state by AddField.
"""

from django.db import migrations, models

ADD = {
    "sqlite": 'ALTER TABLE "registry_marketentity" ADD COLUMN "revision" integer unsigned DEFAULT 0 NOT NULL'
    ' CHECK ("revision" >= 0)',
    "postgresql": 'ALTER TABLE "registry_marketentity" ADD COLUMN "revision" integer DEFAULT 0 NOT NULL'
    ' CHECK ("revision" >= 0)',
}


def add_column(apps, schema_editor):
    schema_editor.execute(ADD[schema_editor.connection.vendor])


def drop_column(apps, schema_editor):
    schema_editor.execute('ALTER TABLE "registry_marketentity" DROP COLUMN "revision"')


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0004_entity_fewer_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_column, drop_column)],
            state_operations=[
                migrations.AddField(
                    model_name="marketentity",
                    name="revision",
                    field=models.PositiveIntegerField(db_default=0, default=0, editable=False, verbose_name="修订号"),
                ),
            ],
        ),
    ]
