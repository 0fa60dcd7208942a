"""The SQL behind two rules Django cannot express as constraints, in one place for the
migrations that install it and for the app, which re-creates the SQLite triggers after every
migrate (commplan.apps.ensure_sqlite_triggers).

A row's stakeholder, message, channel and milestone must belong to the row's plan, and its owner
must be a member of that plan. PostgreSQL gets composite foreign keys onto the (plan, id) unique
constraints; SQLite, which cannot add constraints to an existing table, gets triggers. Removing a
member unassigns their rows, on both databases, by a trigger. The SQLite statements are
idempotent. No migration imports another migration, so the history can be squashed.
"""

LINKS = [
    # (column on the row, referenced table, referenced column)
    ("stakeholder_id", "stakeholders_stakeholder", "id"),
    ("message_id", "commplan_message", "id"),
    ("channel_id", "commplan_channel", "id"),
    ("milestone_id", "milestones_milestone", "id"),
]

PG_FORWARD = [
    f"ALTER TABLE commplan_planrow ADD CONSTRAINT commplan_planrow_{column[:-3]}_same_plan "
    f"FOREIGN KEY (plan_id, {column}) REFERENCES {table} (plan_id, {target}) "
    "DEFERRABLE INITIALLY DEFERRED"
    for column, table, target in LINKS
] + [
    # Idempotent, so that migration 0009 can bring databases migrated before it to the same
    # state: the owner's key without the PostgreSQL 15 column list, and the unassigning trigger.
    "ALTER TABLE commplan_planrow DROP CONSTRAINT IF EXISTS commplan_planrow_owner_is_member",
    "ALTER TABLE commplan_planrow ADD CONSTRAINT commplan_planrow_owner_is_member "
    "FOREIGN KEY (plan_id, owner_id) REFERENCES commplan_membership (plan_id, user_id)",
    "CREATE OR REPLACE FUNCTION commplan_membership_unassign() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    "UPDATE commplan_planrow SET owner_id = NULL "
    "WHERE plan_id = OLD.plan_id AND owner_id = OLD.user_id; "
    "RETURN OLD; END $$",
    "DROP TRIGGER IF EXISTS commplan_membership_unassign ON commplan_membership",
    # BEFORE the delete, so the key finds no row pointing at the member any more.
    "CREATE TRIGGER commplan_membership_unassign BEFORE DELETE ON commplan_membership "
    "FOR EACH ROW EXECUTE FUNCTION commplan_membership_unassign()",
]
PG_OWNER_FORWARD = PG_FORWARD[len(LINKS) :]
PG_BACKWARD = [
    f"ALTER TABLE commplan_planrow DROP CONSTRAINT commplan_planrow_{column[:-3]}_same_plan"
    for column, _table, _target in LINKS
] + [
    "DROP TRIGGER IF EXISTS commplan_membership_unassign ON commplan_membership",
    "DROP FUNCTION IF EXISTS commplan_membership_unassign()",
    "ALTER TABLE commplan_planrow DROP CONSTRAINT commplan_planrow_owner_is_member",
]


def _mismatch(on_update: bool) -> str:
    """SQL that is true when a new or changed link leaves the row's plan.

    On UPDATE only links that change are checked, so that unrelated updates (such as unassigning
    an owner while a plan is being deleted) do not trip over links that are going away too.
    """

    def changed(column: str) -> str:
        if not on_update:
            return ""
        return f"(NEW.{column} IS NOT OLD.{column} OR NEW.plan_id IS NOT OLD.plan_id) AND "

    return " OR ".join(
        [
            # Table and column names come from LINKS above, never from input.
            f"({changed(column)}NEW.{column} IS NOT NULL AND "  # noqa: S608
            f"(SELECT plan_id FROM {table} WHERE id = NEW.{column}) IS NOT NEW.plan_id)"
            for column, table, _target in LINKS
        ]
        + [
            f"({changed('owner_id')}NEW.owner_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "  # noqa: S608
            "commplan_membership m WHERE m.plan_id = NEW.plan_id AND m.user_id = NEW.owner_id))"
        ]
    )


SQLITE_FORWARD = [
    f"CREATE TRIGGER IF NOT EXISTS commplan_planrow_same_plan_{event.lower()} "
    f"BEFORE {event} ON commplan_planrow WHEN {_mismatch(event == 'UPDATE')} "
    "BEGIN SELECT RAISE(ABORT, 'commplan_planrow_same_plan'); END"
    for event in ("INSERT", "UPDATE")
] + [
    "CREATE TRIGGER IF NOT EXISTS commplan_membership_unassign AFTER DELETE ON commplan_membership "
    "BEGIN UPDATE commplan_planrow SET owner_id = NULL "
    "WHERE plan_id = OLD.plan_id AND owner_id = OLD.user_id; END"
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS commplan_planrow_same_plan_insert",
    "DROP TRIGGER IF EXISTS commplan_planrow_same_plan_update",
    "DROP TRIGGER IF EXISTS commplan_membership_unassign",
]
