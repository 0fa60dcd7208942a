"""Benchmarks in a throwaway database: the plan page against the Django admin on the same rows,
the reminder sweep over many rows and owners (issue 3 §7), and the Reminders page of a large plan
(issue 11 §1.4).

The run happens in a fresh test database on whatever DATABASE_URL names (in-memory SQLite by
default, `test_<name>` on PostgreSQL), so a developer's data is never touched. Figures, not tests.
"""

import re
import statistics
import time
import warnings
from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import (
    CaptureQueriesContext,
    override_settings,
    setup_databases,
    teardown_databases,
)
from django.utils import timezone

from commplan import demo, reminders
from commplan.imports import benchmark as import_benchmark
from commplan.models import (
    CommunicationPlan,
    PlanRow,
    Reminder,
    ReminderItem,
    ReminderKind,
    ReminderStatus,
    Role,
)

WARM_UP_RUNS = 2
PLAN_PAGE_QUERY_TARGET = 15
DASHBOARD_ROWS = 10_000
DASHBOARD_MILESTONES = 200
DASHBOARD_QUERY_TARGET = 20
MAX_PER_PAGE = 1000  # the most rows the plan page shows on one page
SWEEP_ROWS = 100_000  # rows in the sweep benchmark: a tenth due, a hundredth as many owners
SWEEP_SECONDS_TARGET = 60
REMINDER_PAGE_ROWS = 3000  # the Reminders page benchmark: a plan this large...
REMINDER_PAGE_OWNERS = 200  # ...with this many owners...
REMINDER_PAGE_DAYS = 30  # ...and this many days of reminders (issue 11 §1.4)
REMINDER_PAGE_MS_TARGET = 300

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


class SideBySide(NamedTuple):
    status: int
    queries: int
    median_ms: float
    p90_ms: float
    cpu_ms: float


def measure_side_by_side(pages, runs):
    """Like `measure`, for several (client, url) pages whose GETs take turns, so that both see
    the same load on a shared machine; also the median CPU time of this process (the Python
    side, and SQLite's work, without waiting for anything else)."""
    results = []
    for client, url in pages:
        for _ in range(WARM_UP_RUNS):
            client.get(url)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(url).status_code
        results.append((status, len(captured), [], []))
    for _ in range(runs):
        for (client, url), (_status, _queries, wall, cpu) in zip(pages, results, strict=True):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
    return [
        SideBySide(
            status,
            queries,
            statistics.median(wall),
            statistics.quantiles(wall, n=10, method="inclusive")[-1],
            statistics.median(cpu),
        )
        for status, queries, wall, cpu in results
    ]


def count_queries(client, url):
    """The number of queries one warm GET of `url` makes."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


class QueryCounter:
    """An execute wrapper that counts every query, by its first word (exact, unlike the query
    log, which keeps only the last 9,000)."""

    def __init__(self):
        self.by_verb = {}

    def __call__(self, execute, sql, params, many, context):
        verb = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else "?"
        self.by_verb[verb] = self.by_verb.get(verb, 0) + 1
        return execute(sql, params, many, context)

    @property
    def total(self):
        return sum(self.by_verb.values())


class SweepRun(NamedTuple):
    label: str
    owners: int
    rows: int
    due: int
    emails: int
    queries: QueryCounter
    seconds: float


def timed_sweep(now):
    """One reminder sweep: (emails sent, queries, seconds), the emails caught by locmem."""
    mail.outbox = []
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        result = reminders.sweep(now=now)
        seconds = time.perf_counter() - started
    emails = len(mail.outbox)
    if result.sent != emails or result.failed:
        raise CommandError(f"The sweep reported {result} but {emails} emails were caught.")
    mail.outbox = []
    return emails, counter, seconds


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
        parser.add_argument(
            "--only",
            choices=["plan", "dashboard", "sweep", "reminders", "import"],
            help="run only one benchmark: the plan page, the dashboard, the reminder sweep, "
            "the Reminders page or the import of a 5,000-row workbook",
        )
        parser.add_argument(
            "--sweep-rows",
            type=int,
            default=SWEEP_ROWS,
            help=f"rows in the sweep benchmark (default {SWEEP_ROWS:,}); a tenth of them are due, "
            "across a hundredth as many owners",
        )

    def handle(self, *args, rows, runs, only, sweep_rows, **options):
        if not 2 <= rows <= MAX_PER_PAGE:
            raise CommandError(f"--rows must be between 2 and {MAX_PER_PAGE} (one page of rows).")
        if runs < 2:
            raise CommandError("--runs must be at least 2.")
        if sweep_rows < 2000:
            raise CommandError("--sweep-rows must be at least 2000.")
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        with override_settings(ALLOWED_HOSTS=hosts, **BENCH_SETTINGS), warnings.catch_warnings():
            # WhiteNoise warns when collectstatic has not run; the pages render the same.
            warnings.filterwarnings("ignore", message="No directory at")
            old_config = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
            try:
                if only in (None, "plan"):
                    self.bench_plan_page(rows, runs)
                    self.stdout.write("")
                if only in (None, "dashboard"):
                    self.bench_dashboard(runs)
                    self.stdout.write("")
                if only in (None, "reminders"):
                    self.bench_reminder_page(runs)
                    self.stdout.write("")
                if only in (None, "sweep"):
                    self.bench_sweep(sweep_rows)
                    self.stdout.write("")
                if only in (None, "import"):
                    self.bench_import()
            finally:
                teardown_databases(old_config, verbosity=0)

    def bench_import(self):
        """Preview and commit of a 5,000-row .xlsx (issue 12): seconds and peak memory."""
        users = demo.ensure_demo_users()
        owners = [users[Role.OWNER]]
        owners[0].first_name, owners[0].last_name = "Mette", "Hansen"
        owners[0].save()
        figures = import_benchmark.run(users[Role.MANAGER], owners)
        targets = import_benchmark.TARGETS
        memory = max(figures["preview_mb"], figures["commit_mb"])
        self.stdout.write(
            f"Import on {connection.vendor}: {figures['rows']} rows "
            f"({figures['file_kb']:.0f} KB .xlsx, {figures['errors']} errors, "
            f"{figures['stored']} stored)"
        )
        # Wall time on a shared machine includes waiting for the CPU; process time does not.
        for label, value, target, unit, cpu in (
            ("preview", figures["preview"], targets["preview"], "s", figures["preview_cpu"]),
            ("commit", figures["commit"], targets["commit"], "s", figures["commit_cpu"]),
            ("peak memory", memory, targets["memory_mb"], "MB", None),
        ):
            verdict = self.style.SUCCESS("ok") if value <= target else self.style.ERROR("over")
            cpu_text = f", {cpu:.2f} s CPU" if cpu is not None else ""
            self.stdout.write(
                f"  {label:12} {value:8.2f} {unit}{cpu_text}  (target ≤ {target} {unit}) {verdict}"
            )

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

    def bench_dashboard(self, runs):
        """A plan's dashboard beside its plan page, for 200 milestones and 10,000 rows."""
        users = demo.ensure_demo_users()
        started = time.perf_counter()
        plan, _created = demo.create_generated_plan(
            DASHBOARD_ROWS, milestones=DASHBOARD_MILESTONES, users=users
        )
        reviews = demo.add_generated_reviews(plan)
        self.stdout.write(
            f"Database: {connection.vendor}; a plan of {DASHBOARD_ROWS:,} rows, "
            f"{DASHBOARD_MILESTONES} milestones and {reviews:,} reviews in "
            f"{time.perf_counter() - started:.1f} s."
        )
        if connection.vendor == "postgresql":
            # Fresh tables have no planner statistics yet; autovacuum would gather them soon.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        executive, manager = Client(), Client()
        executive.force_login(users[Role.EXECUTIVE])
        manager.force_login(users[Role.MANAGER])
        dashboard, plan_page = measure_side_by_side(
            [(executive, f"/plans/{plan.pk}/dashboard/"), (manager, f"/plans/{plan.pk}/")], runs
        )
        self.stdout.write("")
        self.stdout.write(
            f"{'page':<12} {'status':>6} {'queries':>7} {'median ms':>9} {'p90 ms':>8} "
            f"{'cpu ms':>8}   (the same plan, requests taking turns)"
        )
        for label, result in (("dashboard", dashboard), ("plan page", plan_page)):
            self.stdout.write(
                f"{label:<12} {result.status:>6} {result.queries:>7} {result.median_ms:>9.1f} "
                f"{result.p90_ms:>8.1f} {result.cpu_ms:>8.1f}"
            )
        self.stdout.write("")
        ratio = dashboard.median_ms / plan_page.median_ms
        cpu_ratio = dashboard.cpu_ms / plan_page.cpu_ms
        verdict = "yes" if ratio <= 1 else "NO"
        self.stdout.write(
            f"ratio dashboard/plan page = {ratio:.2f} median, {cpu_ratio:.2f} cpu "
            f"(target ≤ 1.0: {verdict})"
        )
        self.stdout.write(
            f"queries dashboard: {dashboard.queries} (target ≤ {DASHBOARD_QUERY_TARGET})"
        )

    def bench_reminder_page(self, runs):
        """The Reminders page of a plan of 3,000 rows and 200 owners, after one day and after
        30 days of reminders (a digest per owner and an escalation naming every open row)."""
        today = timezone.localdate()
        started = time.perf_counter()
        demo.create_reminder_dataset(
            REMINDER_PAGE_OWNERS,
            REMINDER_PAGE_ROWS,
            REMINDER_PAGE_ROWS // 3,
            plans=1,
            today=today,
            prefix="page",
        )
        plan = CommunicationPlan.objects.get(name__endswith="page 1")
        manager = Client()
        manager.force_login(plan.memberships.get(role=Role.MANAGER).user)
        url = f"/plans/{plan.pk}/reminders/"
        self.stdout.write(
            f"Reminders page on {connection.vendor}: a plan of {REMINDER_PAGE_ROWS:,} rows and "
            f"{REMINDER_PAGE_OWNERS} owners, built in {time.perf_counter() - started:.1f} s."
        )
        self.stdout.write(
            f"{'days':>4} {'reminders':>9} {'named rows':>10} {'status':>6} {'queries':>7} "
            f"{'median ms':>9} {'p90 ms':>8}"
        )
        days_so_far, result = 0, None
        for days in (1, REMINDER_PAGE_DAYS):
            demo.add_reminder_history(
                plan, days - days_so_far, today=today - timedelta(days=days_so_far)
            )
            days_so_far = days
            if connection.vendor == "postgresql":
                # Fresh tables have no planner statistics yet; autovacuum would gather them soon.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            result = measure(manager, url, runs)
            items = ReminderItem.objects.filter(row__plan=plan)
            self.stdout.write(
                f"{days:>4} {Reminder.objects.count():>9,} {items.count():>10,} "
                f"{result.status:>6} {result.queries:>7} {result.median_ms:>9.1f} "
                f"{result.p90_ms:>8.1f}"
            )
        verdict = "yes" if result.median_ms <= REMINDER_PAGE_MS_TARGET else "NO"
        self.stdout.write(
            f"Reminders page at {REMINDER_PAGE_DAYS} days: {result.median_ms:.0f} ms median "
            f"(target ≤ {REMINDER_PAGE_MS_TARGET} ms on PostgreSQL: {verdict})"
        )

    def bench_sweep(self, rows):
        """One reminder sweep over `rows` rows (a tenth due, a hundredth as many owners), its
        re-run, and the same with twice the due rows and with half the owners."""
        due, owners = rows // 10, rows // 100
        self.stdout.write(
            f"Reminder sweep on {connection.vendor} ({connection.settings_dict['NAME']}), "
            f"locmem email backend, REMINDER_BATCH_SIZE={settings.REMINDER_BATCH_SIZE}:"
        )
        runs = []
        for label, scenario_owners, scenario_due in [
            ("sweep", owners, due),
            ("2x due rows", owners, 2 * due),
            ("1/2 owners", owners // 2, due),
        ]:
            now = timezone.now()
            dataset = self._sweep_dataset(scenario_owners, rows, scenario_due, now)
            emails, queries, seconds = timed_sweep(now)
            runs.append(
                SweepRun(label, scenario_owners, rows, scenario_due, emails, queries, seconds)
            )
            self._check_sweep(dataset, emails)
            if label == "sweep":
                emails, queries, seconds = timed_sweep(now)
                runs.append(
                    SweepRun(
                        "re-run", scenario_owners, rows, scenario_due, emails, queries, seconds
                    )
                )
                if emails:
                    self.stdout.write(self.style.WARNING(f"The re-run sent {emails} emails."))

        self.stdout.write("")
        self._sweep_table(runs)
        self.stdout.write("")
        first, _rerun, double_due, half_owners = runs
        extra_queries = double_due.queries.total - first.queries.total
        self.stdout.write(
            f"queries with {first.owners:,} owners: {first.due:,} due rows "
            f"{first.queries.total:,}, {double_due.due:,} due rows {double_due.queries.total:,} "
            f"({extra_queries:+,} for {double_due.due - first.due:,} more rows)"
        )
        per_owner = (first.queries.total - half_owners.queries.total) / (
            first.owners - half_owners.owners
        )
        self.stdout.write(
            f"queries with {first.due:,} due rows: {half_owners.owners:,} owners "
            f"{half_owners.queries.total:,}, {first.owners:,} owners {first.queries.total:,} "
            f"({per_owner:.2f} per owner)"
        )
        slowest = max(run.seconds for run in runs)
        verdict = "yes" if slowest < SWEEP_SECONDS_TARGET else "NO"
        self.stdout.write(
            f"slowest sweep: {slowest:.1f} s (target < {SWEEP_SECONDS_TARGET} s: {verdict})"
        )

    def _sweep_dataset(self, owners, rows, due, now):
        """An empty database, then the rows for one sweep scenario (timed)."""
        call_command("flush", interactive=False, verbosity=0)
        started = time.perf_counter()
        dataset = demo.create_reminder_dataset(owners, rows, due, today=timezone.localdate(now))
        if connection.vendor == "postgresql":
            # Fresh tables have no planner statistics yet; autovacuum would gather them soon.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"  {owners:,} owners in {dataset.plans} plans, {rows:,} rows, {due:,} due "
            f"({dataset.overdue:,} overdue): built in {time.perf_counter() - started:.1f} s"
        )
        return dataset

    def _check_sweep(self, dataset, emails):
        """Every owner got one digest naming all their due rows; no other row was named."""
        digests = Reminder.objects.filter(kind=ReminderKind.DIGEST, status=ReminderStatus.SENT)
        named = ReminderItem.objects.filter(reminder__kind=ReminderKind.DIGEST).count()
        escalations = emails - digests.count()
        if (digests.count(), named) != (dataset.owners, dataset.due) or not (
            0 <= escalations <= dataset.managers
        ):
            self.stdout.write(
                self.style.WARNING(
                    f"Expected {dataset.owners:,} digests naming {dataset.due:,} rows; got "
                    f"{digests.count():,} naming {named:,} rows, and {escalations:,} "
                    "escalations."
                )
            )

    def _sweep_table(self, runs):
        self.stdout.write(
            f"{'run':<12} {'owners':>6} {'rows':>7} {'due':>6} {'emails':>6} {'queries':>7} "
            f"{'select':>6} {'insert':>6} {'update':>6} {'other':>5} {'seconds':>7}"
        )
        for run in runs:
            by_verb = run.queries.by_verb
            counted = [by_verb.get(verb, 0) for verb in ("SELECT", "INSERT", "UPDATE")]
            other = run.queries.total - sum(counted)
            self.stdout.write(
                f"{run.label:<12} {run.owners:>6,} {run.rows:>7,} {run.due:>6,} {run.emails:>6,} "
                f"{run.queries.total:>7,} {counted[0]:>6,} {counted[1]:>6,} {counted[2]:>6,} "
                f"{other:>5,} {run.seconds:>7.1f}"
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
