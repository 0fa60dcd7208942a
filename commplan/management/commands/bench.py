"""Benchmark: the plan page against the Django admin on the same rows, in a throwaway database.

The run happens in a fresh test database on whatever DATABASE_URL names (in-memory SQLite by
default, `test_<name>` on PostgreSQL), so a developer's data is never touched. Figures, not tests.
"""

import re
import statistics
import time
import warnings
from typing import NamedTuple

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import (
    CaptureQueriesContext,
    override_settings,
    setup_databases,
    teardown_databases,
)

from commplan import demo
from commplan.models import PlanRow, Role

WARM_UP_RUNS = 2
PLAN_PAGE_QUERY_TARGET = 15
MAX_PER_PAGE = 1000  # the most rows the plan page shows on one page

# Like setup_test_environment(), minus its template instrumentation: that copies the context of
# every rendered template, which would bill a page that includes a template per row for the
# benchmark's own overhead. DEBUG off so the figures match production (no query log).
BENCH_SETTINGS = {
    "DEBUG": False,
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    # The manifest storage needs collectstatic; plain storage renders the same pages.
    "STORAGES": {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
}


class Measurement(NamedTuple):
    status: int
    queries: int
    median_ms: float
    p90_ms: float


def measure(client, url, runs):
    """Warm up, count the queries of one GET of `url`, then time `runs` further GETs."""
    for _ in range(WARM_UP_RUNS):
        client.get(url)
    with CaptureQueriesContext(connection) as captured:
        status = client.get(url).status_code
    # Count now: the next request's request_started signal empties the query log.
    queries = len(captured)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    p90 = statistics.quantiles(timings, n=10, method="inclusive")[-1]
    return Measurement(status, queries, statistics.median(timings), p90)


def count_queries(client, url):
    """The number of queries one warm GET of `url` makes."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def rows_shown(client, url, link_pattern):
    """How many different rows the page at `url` links to (by the id in `link_pattern`)."""
    content = client.get(url).content.decode()
    return len(set(re.findall(link_pattern, content)))


class Command(BaseCommand):
    help = (
        "Time the plan page against the Django admin changelist on the same generated rows, "
        "in a fresh test database on the configured database server."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rows", type=int, default=1000, help="rows in the plan (default 1000)"
        )
        parser.add_argument("--runs", type=int, default=15, help="timed requests per page")

    def handle(self, *args, rows, runs, **options):
        if not 2 <= rows <= MAX_PER_PAGE:
            raise CommandError(f"--rows must be between 2 and {MAX_PER_PAGE} (one page of rows).")
        if runs < 2:
            raise CommandError("--runs must be at least 2.")
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        with override_settings(ALLOWED_HOSTS=hosts, **BENCH_SETTINGS), warnings.catch_warnings():
            # WhiteNoise warns when collectstatic has not run; the pages render the same.
            warnings.filterwarnings("ignore", message="No directory at")
            old_config = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
            try:
                self.bench_plan_page(rows, runs)
            finally:
                teardown_databases(old_config, verbosity=0)

    def bench_plan_page(self, rows, runs):
        """The plan page and the admin changelist showing the same `rows` rows on one page."""
        users = demo.ensure_demo_users()
        started = time.perf_counter()
        plan, _created = demo.create_generated_plan(rows, users=users)
        half_plan, _created = demo.create_generated_plan(rows // 2, users=users)
        self.stdout.write(
            f"Database: {connection.vendor} ({connection.settings_dict['NAME']}); generated plans "
            f"of {rows} and {rows // 2} rows in {time.perf_counter() - started:.1f} s."
        )

        manager = Client()
        manager.force_login(users[Role.MANAGER])
        plan_url = f"/plans/{plan.pk}/?per_page={rows}"
        plan_result = measure(manager, plan_url, runs)
        plan_rows = rows_shown(manager, plan_url, rf"/plans/{plan.pk}/rows/(\d+)/")

        superuser = get_user_model().objects.create_superuser(
            "bench-admin", "bench-admin@example.com", password=None
        )
        site_admin = Client()
        site_admin.force_login(superuser)
        admin_url = f"/admin/commplan/planrow/?plan__id__exact={plan.pk}&all="
        row_admin = admin.site.get_model_admin(PlanRow)
        saved_max = row_admin.list_max_show_all
        row_admin.list_max_show_all = rows
        try:
            admin_result = measure(site_admin, admin_url, runs)
            admin_rows = rows_shown(site_admin, admin_url, r"/admin/commplan/planrow/(\d+)/change/")
        finally:
            row_admin.list_max_show_all = saved_max

        self.stdout.write("")
        self._table([("plan page", plan_rows, plan_result), ("admin", admin_rows, admin_result)])
        self.stdout.write("")
        if plan_result.status != 200 or admin_result.status != 200:
            self.stdout.write(
                self.style.WARNING(
                    f"ratio plan/admin = n/a (plan page answered {plan_result.status}, "
                    f"admin answered {admin_result.status})"
                )
            )
            return
        ratio = plan_result.median_ms / admin_result.median_ms
        self.stdout.write(f"ratio plan/admin = {ratio:.2f} (target ≤ 1.0)")
        self.stdout.write(
            f"queries plan page: {plan_result.queries} "
            f"(target ≤ {PLAN_PAGE_QUERY_TARGET}, constant)"
        )
        half_queries = count_queries(manager, f"/plans/{half_plan.pk}/?per_page={rows}")
        constant = "yes" if half_queries == plan_result.queries else "no"
        self.stdout.write(
            f"queries plan page with {rows} rows: {plan_result.queries}, "
            f"with {rows // 2} rows: {half_queries} (constant: {constant})"
        )

    def _table(self, lines):
        self.stdout.write(
            f"{'page':<12} {'status':>6} {'rows shown':>10} {'queries':>7} "
            f"{'median ms':>9} {'p90 ms':>8}"
        )
        for label, shown, result in lines:
            self.stdout.write(
                f"{label:<12} {result.status:>6} {shown:>10} {result.queries:>7} "
                f"{result.median_ms:>9.1f} {result.p90_ms:>8.1f}"
            )
