from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from commplan.exports import writing as exports
from commplan.models import CommunicationPlan


class Command(BaseCommand):
    help = (
        "Export a plan's activities as an .xlsx in the toolkit's layout or as a .csv for Danish "
        "Excel, with the plan header, milestones, stakeholders, messages and channels in more "
        "sheets (or sections below the activities), so that import_plan gives the plan back."
    )

    def add_arguments(self, parser):
        parser.add_argument("plan_id", type=int, help="The id of the plan.")
        parser.add_argument(
            "--format", dest="file_format", default="xlsx", help="xlsx (default) or csv."
        )
        parser.add_argument(
            "-o",
            "--output",
            help="The file to write; by default <plan-name>-<date>.<format> here.",
        )
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            help="The language of the headings: "
            + ", ".join(code for code, _name in settings.LANGUAGES)
            + f" (default {settings.LANGUAGE_CODE}).",
        )
        parser.add_argument(
            "--activities-only",
            "--no-stakeholders",
            action="store_false",
            dest="sections",
            help="Only the activities: leave out the plan header, milestones, stakeholders, "
            "messages and channels.",
        )

    def handle(self, *args, plan_id, file_format, output, language, sections, **options):
        if file_format not in exports.FORMATS:
            raise CommandError(
                gettext("Unknown format '%(format)s': choose %(formats)s.")
                % {"format": file_format, "formats": " or ".join(exports.FORMATS)}
            )
        languages = [code for code, _name in settings.LANGUAGES]
        if language not in languages:
            raise CommandError(
                gettext("Unknown language '%(language)s': choose %(languages)s.")
                % {"language": language, "languages": ", ".join(languages)}
            )
        plan = CommunicationPlan.objects.filter(pk=plan_id).first()
        if plan is None:
            raise CommandError(gettext("There is no plan with id %(id)s.") % {"id": plan_id})
        path = Path(output or exports.filename(plan, file_format))
        try:
            content = exports.export(
                plan, plan.rows.for_table(), file_format, language, sections=sections
            )
        except exports.TooLong as too_long:
            raise CommandError(str(too_long.message)) from too_long
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(
                gettext("Cannot write %(path)s: %(error)s.")
                % {"path": path, "error": error.strerror or error}
            ) from error
        self.stdout.write(gettext("Wrote “%(plan)s” to %(path)s.") % {"plan": plan, "path": path})
