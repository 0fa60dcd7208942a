"""Benchmarks in a throwaway database: the plan page against the Django admin on the same rows,
the reminder sweep over many rows and owners (issue 3 §7), and the Reminders page of a large plan
(issue 11 §1.4).

The run happens in a fresh test database on whatever DATABASE_URL names (in-memory SQLite by
default, `test_<name>` on PostgreSQL), so a developer's data is never touched. Figures, not tests.
"""

import gzip
import itertools
import re
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

from commplan import demo, reminders, table
from commplan.benchmarks import time_floor, time_request, time_side_by_side
from commplan.feedback import benchmark as feedback_benchmark
from commplan.forms import PlanRowInlineForm
from commplan.imports import benchmark as import_benchmark
from commplan.models import (
    CommunicationPlan,
    Membership,
    PlanRow,
    Reminder,
    ReminderItem,
    ReminderKind,
    ReminderStatus,
    Role,
)

PLAN_PAGE_QUERY_TARGET = 12
FLOOR_RATIO_TARGET = 10  # the plan page's CPU time, at most this many times the floor's
ADMIN_RATIO_TARGET = 0.5  # the plan page's CPU time, at most this share of the admin's
PAGE_MS_TARGET = 50  # every page at the demo's size and at 200 rows
EDIT_MS_TARGET = 20  # the in-place edit, opening and saving
PAGE_SIZES = (36, 200)
MY_WORK_PLANS, MY_WORK_ROWS = 5, 300
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
FEEDBACK_ANSWERS = 1_000_000  # pulse answers in one plan (issue 19 §4)

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
            choices=["plan", "pages", "dashboard", "sweep", "reminders", "import", "feedback"],
            help="run only one benchmark: the plan page, the other pages, the dashboard, the "
            "reminder sweep, the Reminders page, the import of a 5,000-row workbook or pulse "
            "feedback (posting an answer; the activity page among 1,000,000 answers)",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="exit non-zero when a target is missed (figures depend on the machine: not in CI)",
        )
        parser.add_argument(
            "--feedback-answers",
            type=int,
            default=FEEDBACK_ANSWERS,
            help=f"pulse answers in the feedback benchmark (default {FEEDBACK_ANSWERS:,})",
        )
        parser.add_argument(
            "--sweep-rows",
            type=int,
            default=SWEEP_ROWS,
            help=f"rows in the sweep benchmark (default {SWEEP_ROWS:,}); a tenth of them are due, "
            "across a hundredth as many owners",
        )

    def handle(self, *args, rows, runs, only, sweep_rows, feedback_answers, check, **options):
        if not 2 <= rows <= MAX_PER_PAGE:
            raise CommandError(f"--rows must be between 2 and {MAX_PER_PAGE} (one page of rows).")
        if runs < 2:
            raise CommandError("--runs must be at least 2.")
        if sweep_rows < 2000:
            raise CommandError("--sweep-rows must be at least 2000.")
        self.missed = []
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        with override_settings(ALLOWED_HOSTS=hosts, **BENCH_SETTINGS), warnings.catch_warnings():
            # WhiteNoise warns when collectstatic has not run; the pages render the same.
            warnings.filterwarnings("ignore", message="No directory at")
            old_config = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
            try:
                if only in (None, "plan"):
                    self.bench_plan_page(rows, runs)
                    self.stdout.write("")
                if only in (None, "pages"):
                    self.bench_pages(runs)
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
                    self.stdout.write("")
                if only in (None, "feedback"):
                    self.bench_feedback(feedback_answers, runs)
            finally:
                teardown_databases(old_config, verbosity=0)
        if self.missed:
            self.stdout.write(self.style.WARNING(f"Targets missed: {'; '.join(self.missed)}"))
            if check:
                raise CommandError(f"{len(self.missed)} benchmark target(s) missed.")
        elif check:
            self.stdout.write(self.style.SUCCESS("Every target measured was met."))

    def target(self, label, value, limit, unit=""):
        """Print `label`: `value` against its upper `limit`, and remember a miss for --check."""
        met = value <= limit
        if not met:
            self.missed.append(label)
        self.stdout.write(
            f"  {label}: {value:.2f}{unit} (target ≤ {limit}{unit}: {'yes' if met else 'NO'})"
        )

    def timings(self, lines):
        self.stdout.write(
            f"  {'':<34} {'status':>6} {'queries':>7} {'cpu ms':>8} {'median ms':>9} "
            f"{'p90 ms':>8} {'KB':>7}"
        )
        for label, timing in lines:
            self.stdout.write(
                f"  {label:<34} {timing.status:>6} {timing.queries:>7} {timing.cpu_ms:>8.1f} "
                f"{timing.wall_ms:>9.1f} {timing.p90_ms:>8.1f} {timing.size / 1024:>7.0f}"
            )

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
            if value > target:
                self.missed.append(f"import {label}")
            cpu_text = f", {cpu:.2f} s CPU" if cpu is not None else ""
            self.stdout.write(
                f"  {label:12} {value:8.2f} {unit}{cpu_text}  (target ≤ {target} {unit}) {verdict}"
            )

    def bench_feedback(self, answers, runs):
        """Pulse feedback (issue 19 §4): commplan/feedback/benchmark.py."""
        users = demo.ensure_demo_users()
        plan, _created = demo.create_generated_plan(36, users=users, name="bench feedback")
        feedback_benchmark.run(self, plan, users, answers, runs, time_request, self.analyze)

    def bench_plan_page(self, rows, runs):
        """The plan page, the floor and the admin changelist on the same `rows` rows, one page."""
        users = demo.ensure_demo_users()
        started = time.perf_counter()
        plan, _created = demo.create_generated_plan(rows, users=users)
        half_plan, _created = demo.create_generated_plan(rows // 2, users=users)
        self.stdout.write(
            f"Plan page on {connection.vendor} ({connection.settings_dict['NAME']}): generated "
            f"plans of {rows} and {rows // 2} rows in {time.perf_counter() - started:.1f} s. "
            "No cache holds pages or rows: every view below is cold."
        )
        self.analyze()

        manager = Client()
        manager.force_login(users[Role.MANAGER])
        plan_url = f"/plans/{plan.pk}/?per_page={rows}"
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
            # The floor selects just the values the table shows, in the table's order.
            floor = time_floor(plan.rows.for_table().values_list(*table.COLUMNS)[:rows], runs)
            # The same page as a browser gets it in production: gzipped (GZipMiddleware).
            browser = Client(HTTP_ACCEPT_ENCODING="gzip")
            browser.force_login(users[Role.MANAGER])
            page, gzipped_page, admin_page = time_side_by_side(
                [(manager, plan_url), (browser, plan_url), (site_admin, admin_url)], runs
            )
            admin_rows = rows_shown(site_admin, admin_url, r"/admin/commplan/planrow/(\d+)/change/")
        finally:
            row_admin.list_max_show_all = saved_max
        plan_rows = rows_shown(manager, plan_url, rf"/plans/{plan.pk}/rows/(\d+)/")
        half_page = manager.get(f"/plans/{half_plan.pk}/?per_page={rows}")
        half_queries = count_queries(manager, f"/plans/{half_plan.pk}/?per_page={rows}")

        self.stdout.write("")
        self.timings(
            [
                ("floor: SELECT, escape, join", floor),
                (f"plan page, {plan_rows} rows", page),
                ("plan page, gzipped", gzipped_page),
                (f"admin changelist, {admin_rows} rows", admin_page),
            ]
        )
        self.stdout.write("")
        if page.status != 200 or admin_page.status != 200 or plan_rows != rows:
            self.missed.append("plan page")
            self.stdout.write(
                self.style.WARNING("The plan page or the admin did not show the rows.")
            )
            return
        self.target("plan page ÷ floor, cpu", page.cpu_ms / floor.cpu_ms, FLOOR_RATIO_TARGET, "×")
        self.stdout.write(f"  (plan page ÷ floor, wall: {page.wall_ms / floor.wall_ms:.2f}×)")
        self.target("plan page ÷ admin, cpu", page.cpu_ms / admin_page.cpu_ms, ADMIN_RATIO_TARGET)
        self.stdout.write(f"  (plan page ÷ admin, wall: {page.wall_ms / admin_page.wall_ms:.2f})")
        self.target(f"queries, {rows} rows", page.queries, PLAN_PAGE_QUERY_TARGET)
        self.target(f"queries, {rows // 2} rows", half_queries, page.queries)
        # The bytes one more row adds, plain and gzipped (the page's fixed part cancels out).
        extra_rows = rows - rows // 2
        full = manager.get(plan_url).content
        per_row = (len(full) - len(half_page.content)) / extra_rows
        gzipped = (len(gzip.compress(full)) - len(gzip.compress(half_page.content))) / extra_rows
        self.stdout.write(f"  HTML per row: {per_row:.0f} bytes, {gzipped:.0f} bytes gzipped")

    def bench_pages(self, runs):
        """Every page of a plan at the demo's size and at 200 rows; the in-place edit; /my/."""
        users = demo.ensure_demo_users()
        manager, executive = Client(), Client()
        manager.force_login(users[Role.MANAGER])
        executive.force_login(users[Role.EXECUTIVE])
        for size in PAGE_SIZES:
            plan, _created = demo.create_generated_plan(size, users=users, name=f"bench {size}")
            self.analyze()
            row = plan.rows.order_by("pk").first()
            base = f"/plans/{plan.pk}"
            pages = [
                ("plans", manager, "/plans/"),
                ("plan table, all rows", manager, f"{base}/?per_page=250"),
                ("plan table, executive", executive, f"{base}/?per_page=250"),
                ("plan dashboard", executive, f"{base}/dashboard/"),
                ("stakeholders", manager, f"{base}/stakeholders/"),
                ("milestones", manager, f"{base}/milestones/"),
                ("messages", manager, f"{base}/messages/"),
                ("channels", manager, f"{base}/channels/"),
                ("members", manager, f"{base}/members/"),
                ("activity", manager, row.get_absolute_url()),
                ("activity, edit form", manager, f"{row.get_absolute_url()}edit/"),
                ("new activity form", manager, f"{base}/rows/new/"),
            ]
            timed = [(label, time_request(client, url, runs)) for label, client, url in pages]
            self.stdout.write(f"Pages of a plan of {size} rows on {connection.vendor}:")
            self.timings(timed)
            for label, timing in timed:
                if timing.status != 200:
                    self.missed.append(f"{label} at {size} rows answered {timing.status}")
            slowest_label, slowest = max(timed, key=lambda line: line[1].cpu_ms)
            self.target(
                f"slowest page at {size} rows ({slowest_label}), cpu",
                slowest.cpu_ms,
                PAGE_MS_TARGET,
                " ms",
            )
            self.stdout.write("")
        self.bench_inline_edit(manager, plan, row, runs)
        self.bench_my_work(users, runs)

    def bench_inline_edit(self, manager, plan, row, runs):
        """Opening a row for editing in the table, and saving it (every save a real change)."""
        url = f"/plans/{plan.pk}/rows/{row.pk}/inline/"
        hours = itertools.count(1)

        def changed_row():
            row.refresh_from_db()
            form = PlanRowInlineForm(instance=row)
            data = {name: form[name].value() for name in form.fields}
            data["planned_hours"] = next(hours) % 40 + 1
            return {name: value for name, value in data.items() if value is not None}

        opened = time_request(manager, url, runs)
        saved = time_request(manager, url, runs, data=changed_row)
        self.stdout.write(
            f"In-place edit on {connection.vendor}, a plan of {plan.rows.count()} rows:"
        )
        self.timings([("open", opened), ("save", saved)])
        if (opened.status, saved.status) != (200, 200):
            self.missed.append("in-place edit")
        self.target("in-place edit, open, cpu", opened.cpu_ms, EDIT_MS_TARGET, " ms")
        self.target("in-place edit, save, cpu", saved.cpu_ms, EDIT_MS_TARGET, " ms")
        self.stdout.write("")

    def bench_my_work(self, users, runs):
        """/my/ for an owner of MY_WORK_ROWS rows across MY_WORK_PLANS plans."""
        person = get_user_model().objects.create_user("bench-owner", password=None)
        per_plan = MY_WORK_ROWS // MY_WORK_PLANS
        for number in range(MY_WORK_PLANS):
            plan, _created = demo.create_generated_plan(
                per_plan, users=users, name=f"bench my work {number}"
            )
            Membership.objects.create(plan=plan, user=person, role=Role.OWNER)
            plan.rows.update(owner=person)
        self.analyze()
        owner = Client()
        owner.force_login(person)
        timing = time_request(owner, "/my/", runs)
        self.stdout.write(
            f"/my/ on {connection.vendor}, an owner of {MY_WORK_ROWS} rows "
            f"in {MY_WORK_PLANS} plans:"
        )
        self.timings([("/my/", timing)])
        if timing.status != 200:
            self.missed.append("/my/")
        self.target("/my/, cpu", timing.cpu_ms, PAGE_MS_TARGET, " ms")

    def analyze(self):
        if connection.vendor == "postgresql":
            # Fresh tables have no planner statistics yet; autovacuum would gather them soon.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def bench_dashboard(self, runs):
        """A plan's dashboard beside its plan page, for 200 milestones and 10,000 rows."""
        users = demo.ensure_demo_users()
        started = time.perf_counter()
        plan, _created = demo.create_generated_plan(
            DASHBOARD_ROWS, milestones=DASHBOARD_MILESTONES, users=users
        )
        reviews = demo.add_generated_reviews(plan)
        self.stdout.write(
            f"Dashboard on {connection.vendor}: a plan of {DASHBOARD_ROWS:,} rows, "
            f"{DASHBOARD_MILESTONES} milestones and {reviews:,} reviews in "
            f"{time.perf_counter() - started:.1f} s."
        )
        self.analyze()
        executive, manager = Client(), Client()
        executive.force_login(users[Role.EXECUTIVE])
        manager.force_login(users[Role.MANAGER])
        dashboard, plan_page = time_side_by_side(
            [(executive, f"/plans/{plan.pk}/dashboard/"), (manager, f"/plans/{plan.pk}/")], runs
        )
        self.timings([("dashboard", dashboard), ("plan page, 100 rows", plan_page)])
        self.target("dashboard ÷ plan page, cpu", dashboard.cpu_ms / plan_page.cpu_ms, 1.0)
        self.stdout.write(
            f"  (dashboard ÷ plan page, wall: {dashboard.wall_ms / plan_page.wall_ms:.2f})"
        )
        self.target("queries dashboard", dashboard.queries, DASHBOARD_QUERY_TARGET)

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
            result = time_request(manager, url, runs)
            items = ReminderItem.objects.filter(row__plan=plan)
            self.stdout.write(
                f"{days:>4} {Reminder.objects.count():>9,} {items.count():>10,} "
                f"{result.status:>6} {result.queries:>7} {result.wall_ms:>9.1f} "
                f"{result.p90_ms:>8.1f}"
            )
        label = f"Reminders page at {REMINDER_PAGE_DAYS} days, median ms"
        if connection.vendor == "postgresql":  # the target is PostgreSQL's
            self.target(label, result.wall_ms, REMINDER_PAGE_MS_TARGET)
        else:
            self.stdout.write(f"  {label}: {result.wall_ms:.0f} (target is for PostgreSQL)")

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
