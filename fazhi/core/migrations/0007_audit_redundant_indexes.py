"""Drop the audit table's redundant indexes (issue 14): every append paid for them, no query of the audit screen,
the case history or the chain verification reads them.

- ``actor_id`` (the foreign key's own index) and ``action`` (``db_index``): prefixes of ``audit_actor_seq`` and
  ``audit_action_seq``, which answer the same lookups and also give the order by sequence;
- ``(object_type, object_id)``: a prefix of ``audit_object_seq``;
- the unique index on ``hash`` (and, on PostgreSQL, its ``varchar_pattern_ops`` twin and the one of ``action``):
  nothing looks an event up by its hash — the chain is walked by ``sequence``, which is unique, and every hash covers
  its sequence. An attacker who can write the table can drop any constraint; the chain and the anchors are the
  defence.

On SQLite, changing a column's uniqueness rebuilds the table: it is rebuilt once (for ``hash``), the plain indexes
are then dropped by name, so a large trail is copied once, not four times. The append-only triggers go with the old
table and are reinstalled after ``migrate`` (``fazhi.core.audit_guard``).
"""

from django.db import migrations, models

# (name, columns, PostgreSQL-only pattern-ops twin)
REDUNDANT = [
    ("core_auditevent_action_b3c9b7a8", "action", True),
    ("core_auditevent_actor_id_3bd0c673", "actor_id", False),
    ("core_audite_object__bbabc4_idx", "object_type, object_id", False),
]


def drop(apps, schema_editor):
    for name, _columns, like in REDUNDANT:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
        if like and schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}_like"')


def create(apps, schema_editor):
    for name, columns, like in REDUNDANT:
        quoted = ", ".join(f'"{c.strip()}"' for c in columns.split(","))
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "core_auditevent" ({quoted})')
        if like and schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}_like" ON "core_auditevent" ({quoted} varchar_pattern_ops)'
            )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_authentication_policy"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(max_length=64),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="auditevent", name="core_audite_object__bbabc4_idx"),
                migrations.AlterField(
                    model_name="auditevent",
                    name="action",
                    field=models.CharField(max_length=80, verbose_name="操作"),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="actor",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=models.deletion.PROTECT,
                        related_name="+",
                        to="core.user",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop, create)],
        ),
    ]
