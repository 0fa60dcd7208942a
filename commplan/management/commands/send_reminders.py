from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from commplan.reminders import sweep as reminders


class Command(BaseCommand):
    help = "Run the reminder sweep once: plan today's reminders and send those that are due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry-now",
            action="store_true",
            help="Also send pending reminders whose back-off has not run out yet "
            "(e.g. right after fixing the mail server).",
        )

    def handle(self, *args, retry_now=False, **options):
        result = reminders.sweep(retry_now=retry_now)
        self.stdout.write(
            gettext(
                "Reminders – new: %(created)d, sent: %(sent)d, failed (will retry): %(failed)d, "
                "nothing left to remind: %(skipped)d."
            )
            % {
                "created": result.created,
                "sent": result.sent,
                "failed": result.failed,
                "skipped": result.skipped,
            }
        )
