from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_sqlite_triggers(using, **kwargs):
    """Re-create the SQLite triggers that keep rows inside their plan.

    A migration that rebuilds the row table on SQLite (most column or constraint changes) drops
    its triggers silently; running the idempotent CREATE statements after every migrate keeps
    the protection in place.
    """
    from django.db import connections

    from .row_integrity import SQLITE_FORWARD

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        if not {"commplan_planrow", "commplan_membership"} <= tables:
            return
        for statement in SQLITE_FORWARD:
            cursor.execute(statement)


class CommplanConfig(AppConfig):
    name = "commplan"
    verbose_name = _("Communication plans")

    def ready(self):
        from .accounts.middleware import mark_signed_in
        from .history import recording
        from .language import load_saved_language

        post_migrate.connect(ensure_sqlite_triggers, sender=self)
        user_logged_in.connect(load_saved_language, dispatch_uid="commplan_load_saved_language")
        recording.connect()
        user_logged_in.connect(mark_signed_in, dispatch_uid="commplan_mark_signed_in")
