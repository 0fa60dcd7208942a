"""A backup restores into an empty database with the plan whole: people, plans, rows and their
links, reviews, reminders and the history. The commands are the README's ("Backup and restore").

dumpdata → loaddata into a fresh SQLite database always runs; pg_dump → pg_restore into a fresh
PostgreSQL database runs when the suite runs on PostgreSQL with the client tools installed.
"""

import json
import os
import shutil
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from commplan import demo
from commplan.models import Goal, Happened, PlanRow, Profile, Review, Role

from ..conftest import REQUIRE_SERVICES
from ..factories import PlanFactory, StakeholderFactory

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_APPS = ("commplan", "stakeholders", "milestones")
# The README's commands: natural keys for users, content types and permissions, which the target
# database recreates itself when it is migrated; sessions and sign-in attempts are not kept. The
# plan rows go in a second file, loaded after the first in the same loaddata: SQLite's triggers
# (commplan migration 0003) refuse a row whose stakeholder, message, channel, milestone or
# owner's membership is not there yet, and dumpdata does not order our models by their links.
NATURAL_KEYS = ["--natural-foreign", "--natural-primary"]
DUMP_ALL_BUT_ROWS = [
    *NATURAL_KEYS,
    "--exclude=contenttypes",
    "--exclude=auth.permission",
    "--exclude=sessions",
    "--exclude=axes",
    "--exclude=commplan.PlanRow",
]
DUMP_ROWS = [*NATURAL_KEYS, "commplan.PlanRow"]
POSTGRES = ("postgres", "postgresql", "pgsql")

pytestmark = pytest.mark.django_db(transaction=True)  # another process reads the data


def text(value):
    """A value as text; times to the millisecond, as far as Django's JSON serialiser keeps them."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="milliseconds")
    return str(value)


def summary():
    """Every row of every domain table (historical ones included) and every person, with links
    to people by username (the only ids a restore may renumber), as text."""
    user_model = get_user_model()
    usernames = dict(user_model.objects.values_list("pk", "username"))
    tables = {
        "users": [
            {k: text(v) for k, v in values.items() if k != "id"}
            for values in user_model.objects.order_by("username").values()
        ]
    }
    for label in DOMAIN_APPS:
        for model in apps.get_app_config(label).get_models():
            people = [
                field.attname
                for field in model._meta.concrete_fields
                if field.is_relation and field.related_model is user_model
            ]
            rows = []
            for values in model._default_manager.order_by("pk").values():
                values.update({name: usernames.get(values[name]) for name in people})
                rows.append({k: text(v) for k, v in values.items()})
            tables[model._meta.label] = rows
    return tables


def links_still_protected():
    """True when the restored database still refuses a row linked to another plan's
    stakeholder (PostgreSQL's composite foreign keys, SQLite's triggers)."""
    from django.db import IntegrityError, transaction

    row = PlanRow.objects.first()
    stranger = StakeholderFactory.build(plan=PlanFactory())
    stranger.save()
    try:
        with transaction.atomic():
            PlanRow.objects.filter(pk=row.pk).update(stakeholder=stranger)
    except IntegrityError:
        return True
    return False


def restored_report():
    """Run inside the restored database (a subprocess): what it holds, and whether it still
    protects the rows' links and takes new rows."""
    return json.dumps({"summary": summary(), "protected": links_still_protected()})


@pytest.fixture
def whole_plan(transactional_db):
    """The demo plan (people, stakeholders, milestones, rows, reviews), a second plan, a
    person's settings, and history written by people through the ORM."""
    users = demo.ensure_demo_users()
    plan, _ = demo.create_demo_plan(users, today=date(2026, 5, 4))
    other = PlanFactory(name="Another company's plan")
    StakeholderFactory(plan=other, name="Their customers")
    Profile.objects.update_or_create(user=users[Role.OWNER], defaults={"language": "da"})
    row = plan.rows.order_by("pk").first()
    row._history_user = users[Role.MANAGER]
    row.planned_hours = Decimal("7.50")
    row.save()
    review = Review(
        row=row,
        reviewed_by=users[Role.OWNER],
        happened=Happened.DONE,
        goal_reached=Goal.YES,
        evidence="Minutes of the pre-S&OP meeting",
        actual_hours=Decimal("2"),
    )
    review._history_user = users[Role.OWNER]
    review.save()
    before = summary()
    # A test that restores nothing must not pass.
    assert len(before["commplan.PlanRow"]) >= 30
    assert len(before["commplan.Review"]) >= 2
    assert any(h["history_user_id"] == "manager" for h in before["commplan.HistoricalPlanRow"])
    assert len(before["commplan.Membership"]) >= 3
    return before


def manage(*args, database_url, timeout=300):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.test", DATABASE_URL=database_url)
    result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def report_of(database_url):
    code = (
        "import django; django.setup(); "
        "from tests.integration.test_backups import restored_report; print(restored_report())"
    )
    return json.loads(manage("-c", code, database_url=database_url).splitlines()[-1])


def test_dumpdata_restores_into_an_empty_sqlite_database(whole_plan, tmp_path):
    dump, rows = tmp_path / "backup.json", tmp_path / "backup-rows.json"
    call_command("dumpdata", *DUMP_ALL_BUT_ROWS, output=str(dump), verbosity=0)
    call_command("dumpdata", *DUMP_ROWS, output=str(rows), verbosity=0)
    fresh = f"sqlite:///{tmp_path / 'restored.sqlite3'}"

    manage("manage.py", "migrate", "--noinput", database_url=fresh)
    manage("manage.py", "loaddata", str(dump), str(rows), database_url=fresh)
    restored = report_of(fresh)

    assert restored["summary"] == whole_plan
    assert restored["protected"] is True


def _postgres_url(name):
    db = connection.settings_dict
    credentials = db["USER"] or ""
    if db["PASSWORD"]:
        credentials += ":" + db["PASSWORD"]
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}{port}/{name}"


def _require_pg_tools():
    missing = [
        tool for tool in ("pg_dump", "pg_restore", "createdb", "dropdb") if not shutil.which(tool)
    ]
    if missing:
        reason = (
            f"PostgreSQL client tools missing: {', '.join(missing)} "
            "(apt-get install postgresql-client)"
        )
        if REQUIRE_SERVICES:
            pytest.fail(f"{reason}, and REQUIRE_SERVICES=1 says backups must be tested.")
        pytest.skip(reason)


@pytest.fixture
def pg(service_env):
    service_env("DATABASE_URL", schemes=POSTGRES)
    _require_pg_tools()
    db = connection.settings_dict
    env = {**os.environ, "PGHOST": db["HOST"] or "127.0.0.1", "PGUSER": db["USER"] or ""}
    if db["PORT"]:
        env["PGPORT"] = str(db["PORT"])
    if db["PASSWORD"]:
        env["PGPASSWORD"] = db["PASSWORD"]

    def run(*command):
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)  # noqa: S603
        assert result.returncode == 0, result.stderr[-3000:]

    fresh = f"{db['NAME']}_restored"
    run("dropdb", "--if-exists", fresh)
    yield run, db["NAME"], fresh
    run("dropdb", "--if-exists", fresh)


@pytest.mark.integration
def test_pg_dump_restores_into_an_empty_postgresql_database(pg, whole_plan, tmp_path):
    run, name, fresh = pg
    dump = tmp_path / "commplan.dump"

    run("pg_dump", "--format=custom", f"--file={dump}", name)
    run("createdb", fresh)
    run("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={fresh}", str(dump))
    restored = report_of(_postgres_url(fresh))

    assert restored["summary"] == whole_plan
    assert restored["protected"] is True
