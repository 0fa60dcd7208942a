"""Database protection for two rules Django cannot express as constraints.

A row's stakeholder, message, channel and milestone must belong to the row's plan, and its owner
must be a member of that plan. PostgreSQL gets composite foreign keys onto the (plan, id) unique
constraints; SQLite, which cannot add constraints to an existing table, gets triggers. Removing a
member unassigns their rows, on both databases: by a trigger, because the foreign key's own
a column list after ON DELETE SET NULL, to keep plan_id, needs PostgreSQL 15; 14 is supported.

The statements live in commplan.row_integrity, shared with the app, which re-creates the SQLite
triggers after every migrate (a later migration that rebuilds the table drops them).
"""

from django.db import migrations

from commplan.row_integrity import PG_BACKWARD, PG_FORWARD, SQLITE_BACKWARD, SQLITE_FORWARD


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("commplan", "0002_initial"),
        ("stakeholders", "0001_initial"),
        ("milestones", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
