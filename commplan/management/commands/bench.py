"""Benchmarks in a throwaway database: the plan page against the Django admin on the same rows,
the reminder sweep over many rows and owners (issue 3 §7), and the Reminders page of a large plan
(issue 11 §1.4).

The run happens in a fresh test database on whatever DATABASE_URL names (in-memory SQLite by
default, `test_<name>` on PostgreSQL), so a developer's data is never touched. Figures, not tests.
"""

import warnings

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings, setup_databases, teardown_databases

from commplan.benchmarks import features, imports, pages, reminders
from commplan.benchmarks.features import FEEDBACK_ANSWERS
from commplan.benchmarks.reminders import SWEEP_ROWS
from commplan.benchmarks.report import Report

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
            choices=[
                "plan",
                "pages",
                "dashboard",
                "sweep",
                "reminders",
                "import",
                "decisions",
                "feedback",
            ],
            help="run only one benchmark: the plan page, the other pages, the dashboard, the "
            "reminder sweep, the Reminders page, the import of a 5,000-row workbook, the "
            "drafting of a decision's activities or pulse feedback (posting an answer; the "
            "activity page among 1,000,000 answers)",
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
        report = Report(self.stdout, self.style)
        benchmarks = {
            "plan": lambda: pages.plan_page(report, rows, runs),
            "pages": lambda: pages.pages(report, runs),
            "dashboard": lambda: pages.dashboard(report, runs),
            "reminders": lambda: reminders.reminder_page(report, runs),
            "sweep": lambda: reminders.sweep(report, sweep_rows),
            "import": lambda: imports.import_workbook(report),
            "decisions": lambda: features.decisions(report, runs),
            "feedback": lambda: features.feedback(report, feedback_answers, runs),
        }
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        with override_settings(ALLOWED_HOSTS=hosts, **BENCH_SETTINGS), warnings.catch_warnings():
            # WhiteNoise warns when collectstatic has not run; the pages render the same.
            warnings.filterwarnings("ignore", message="No directory at")
            old_config = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
            try:
                for name, run in benchmarks.items():
                    if only in (None, name):
                        run()
                        self.stdout.write("")
            finally:
                teardown_databases(old_config, verbosity=0)
        if report.missed:
            self.stdout.write(self.style.WARNING(f"Targets missed: {'; '.join(report.missed)}"))
            if check:
                raise CommandError(f"{len(report.missed)} benchmark target(s) missed.")
        elif check:
            self.stdout.write(self.style.SUCCESS("Every target measured was met."))
