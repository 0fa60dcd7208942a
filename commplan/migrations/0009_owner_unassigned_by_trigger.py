"""Databases migrated before PostgreSQL 14 was supported carry the owner's foreign key with
ON DELETE SET NULL with a column list (PostgreSQL 15 only): bring them to 0003's current form (a plain
key and a trigger that unassigns a removed member's rows), so that a dump restores on 14 too."""

from django.db import migrations

from commplan.row_integrity import PG_OWNER_FORWARD


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in PG_OWNER_FORWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("commplan", "0008_sweep_status")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
