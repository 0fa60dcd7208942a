"""The reminder benchmarks of `manage.py bench`: the sweep over many rows and owners (issue 3 §7)
and the Reminders page of a large plan after a month of reminders (issue 11 §1.4)."""

import time
from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.utils import timezone

from .. import demo
from ..models import (
    CommunicationPlan,
    Reminder,
    ReminderItem,
    ReminderKind,
    ReminderStatus,
    Role,
)
from ..reminders import sweep as reminders
from .report import analyze
from .timing import time_request

SWEEP_ROWS = 100_000  # rows in the sweep benchmark: a tenth due, a hundredth as many owners
SWEEP_SECONDS_TARGET = 60
REMINDER_PAGE_ROWS = 3000  # the Reminders page benchmark: a plan this large...
REMINDER_PAGE_OWNERS = 200  # ...with this many owners...
REMINDER_PAGE_DAYS = 30  # ...and this many days of reminders (issue 11 §1.4)
REMINDER_PAGE_MS_TARGET = 300


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


def reminder_page(report, runs):
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
    report.write(
        f"Reminders page on {connection.vendor}: a plan of {REMINDER_PAGE_ROWS:,} rows and "
        f"{REMINDER_PAGE_OWNERS} owners, built in {time.perf_counter() - started:.1f} s."
    )
    report.write(
        f"{'days':>4} {'reminders':>9} {'named rows':>10} {'status':>6} {'queries':>7} "
        f"{'median ms':>9} {'p90 ms':>8}"
    )
    days_so_far, result = 0, None
    for days in (1, REMINDER_PAGE_DAYS):
        demo.add_reminder_history(
            plan, days - days_so_far, today=today - timedelta(days=days_so_far)
        )
        days_so_far = days
        analyze()
        result = time_request(manager, url, runs)
        items = ReminderItem.objects.filter(row__plan=plan)
        report.write(
            f"{days:>4} {Reminder.objects.count():>9,} {items.count():>10,} "
            f"{result.status:>6} {result.queries:>7} {result.wall_ms:>9.1f} "
            f"{result.p90_ms:>8.1f}"
        )
    label = f"Reminders page at {REMINDER_PAGE_DAYS} days, median ms"
    if connection.vendor == "postgresql":  # the target is PostgreSQL's
        report.target(label, result.wall_ms, REMINDER_PAGE_MS_TARGET)
    else:
        report.write(f"  {label}: {result.wall_ms:.0f} (target is for PostgreSQL)")


def sweep(report, rows):
    """One reminder sweep over `rows` rows (a tenth due, a hundredth as many owners), its
    re-run, and the same with twice the due rows and with half the owners."""
    due, owners = rows // 10, rows // 100
    report.write(
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
        dataset = _sweep_dataset(report, scenario_owners, rows, scenario_due, now)
        emails, queries, seconds = timed_sweep(now)
        runs.append(SweepRun(label, scenario_owners, rows, scenario_due, emails, queries, seconds))
        _check_sweep(report, dataset, emails)
        if label == "sweep":
            emails, queries, seconds = timed_sweep(now)
            runs.append(
                SweepRun("re-run", scenario_owners, rows, scenario_due, emails, queries, seconds)
            )
            if emails:
                report.write(report.style.WARNING(f"The re-run sent {emails} emails."))

    report.write("")
    _sweep_table(report, runs)
    report.write("")
    first, _rerun, double_due, half_owners = runs
    extra_queries = double_due.queries.total - first.queries.total
    report.write(
        f"queries with {first.owners:,} owners: {first.due:,} due rows "
        f"{first.queries.total:,}, {double_due.due:,} due rows {double_due.queries.total:,} "
        f"({extra_queries:+,} for {double_due.due - first.due:,} more rows)"
    )
    per_owner = (first.queries.total - half_owners.queries.total) / (
        first.owners - half_owners.owners
    )
    report.write(
        f"queries with {first.due:,} due rows: {half_owners.owners:,} owners "
        f"{half_owners.queries.total:,}, {first.owners:,} owners {first.queries.total:,} "
        f"({per_owner:.2f} per owner)"
    )
    slowest = max(run.seconds for run in runs)
    verdict = "yes" if slowest < SWEEP_SECONDS_TARGET else "NO"
    report.write(f"slowest sweep: {slowest:.1f} s (target < {SWEEP_SECONDS_TARGET} s: {verdict})")


def _sweep_dataset(report, owners, rows, due, now):
    """An empty database, then the rows for one sweep scenario (timed)."""
    call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    dataset = demo.create_reminder_dataset(owners, rows, due, today=timezone.localdate(now))
    analyze()
    report.write(
        f"  {owners:,} owners in {dataset.plans} plans, {rows:,} rows, {due:,} due "
        f"({dataset.overdue:,} overdue): built in {time.perf_counter() - started:.1f} s"
    )
    return dataset


def _check_sweep(report, dataset, emails):
    """Every owner got one digest naming all their due rows; no other row was named."""
    digests = Reminder.objects.filter(kind=ReminderKind.DIGEST, status=ReminderStatus.SENT)
    named = ReminderItem.objects.filter(reminder__kind=ReminderKind.DIGEST).count()
    escalations = emails - digests.count()
    if (digests.count(), named) != (dataset.owners, dataset.due) or not (
        0 <= escalations <= dataset.managers
    ):
        report.write(
            report.style.WARNING(
                f"Expected {dataset.owners:,} digests naming {dataset.due:,} rows; got "
                f"{digests.count():,} naming {named:,} rows, and {escalations:,} "
                "escalations."
            )
        )


def _sweep_table(report, runs):
    report.write(
        f"{'run':<12} {'owners':>6} {'rows':>7} {'due':>6} {'emails':>6} {'queries':>7} "
        f"{'select':>6} {'insert':>6} {'update':>6} {'other':>5} {'seconds':>7}"
    )
    for run in runs:
        by_verb = run.queries.by_verb
        counted = [by_verb.get(verb, 0) for verb in ("SELECT", "INSERT", "UPDATE")]
        other = run.queries.total - sum(counted)
        report.write(
            f"{run.label:<12} {run.owners:>6,} {run.rows:>7,} {run.due:>6,} {run.emails:>6,} "
            f"{run.queries.total:>7,} {counted[0]:>6,} {counted[1]:>6,} {counted[2]:>6,} "
            f"{other:>5,} {run.seconds:>7.1f}"
        )
