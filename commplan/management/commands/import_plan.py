from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commplan import imports
from commplan.imports import sections
from commplan.models import CommunicationPlan, Membership, Role
from commplan.models.plans import MeetingWeek, Weekday


class Command(BaseCommand):
    help = (
        "Import activities from an .xlsx or .csv file into a plan, or into a new plan. Prints "
        "the preview's errors and warnings; saves nothing when there is an error. Owners who "
        "are not members of the plan leave their rows unassigned, their name kept in the notes."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx or .csv file.")
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--plan", type=int, dest="plan_id", help="The id of the plan.")
        target.add_argument("--new", dest="new_name", help="Create a plan with this name.")
        parser.add_argument(
            "--user",
            dest="username",
            help="Whom the history records as importing (and, with --new, the plan's manager).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only print what would be imported."
        )
        parser.add_argument(
            "--sheet",
            help="The worksheet with the activities (default: the one whose headings match best).",
        )
        parser.add_argument(
            "--sop-meeting-week",
            help="The week of the month the executive S&OP meeting is held in: "
            + ", ".join(f"{w.value} ({w.label})" for w in MeetingWeek)
            + ". With --sop-meeting-weekday; overrides the plan's and the file's.",
        )
        parser.add_argument(
            "--sop-meeting-weekday",
            help="Its weekday: " + ", ".join(str(d.label) for d in Weekday) + ".",
        )

    def handle(self, *args, file, plan_id, new_name, username, dry_run, sheet=None, **options):
        cycle = self._cycle(options["sop_meeting_week"], options["sop_meeting_weekday"])
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s.")
                % {"file": path, "error": error.strerror or error}
            ) from error
        user = self._user(username)
        try:
            table = imports.read_table(content, sheet=sheet)
        except imports.Refused as refused:
            raise CommandError(f"{path}: {refused.message}") from refused
        table.sections.chosen = cycle
        with transaction.atomic():
            plan = self._plan(plan_id, new_name, user)
            preview = imports.build_preview(plan, table, owners=imports.UNASSIGN)
            self._report(preview)
            if not preview.is_valid:
                transaction.set_rollback(True)
                count = len(preview.errors)
                raise CommandError(
                    ngettext(
                        "%(count)s error in %(file)s: nothing was imported.",
                        "%(count)s errors in %(file)s: nothing was imported.",
                        count,
                    )
                    % {"count": count, "file": path}
                )
            if dry_run:
                transaction.set_rollback(True)
                count = len(preview.rows)
                self.stdout.write(
                    ngettext(
                        "Dry run: %(count)s activity would be imported; nothing was saved.",
                        "Dry run: %(count)s activities would be imported; nothing was saved.",
                        count,
                    )
                    % {"count": count}
                )
                return
            try:
                imports.commit(
                    plan,
                    table,
                    user,
                    owners=imports.UNASSIGN,
                    source_name=path.name,
                    preview=preview,
                )
            except imports.CommitFailed as failed:
                raise CommandError(str(failed.message)) from failed
        count = len(preview.rows)
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "Imported %(count)s activity into “%(plan)s” (id %(id)s).",
                    "Imported %(count)s activities into “%(plan)s” (id %(id)s).",
                    count,
                )
                % {"count": count, "plan": plan, "id": plan.pk}
            )
        )

    def _cycle(self, week, weekday):
        """{plan field: value} of the S&OP-cycle options, or CommandError."""
        given = {"sop_meeting_week": week, "sop_meeting_weekday": weekday}
        if not week and not weekday:
            return {}
        if not (week and weekday):
            raise CommandError(_("Give both --sop-meeting-week and --sop-meeting-weekday."))
        try:
            return {
                name: sections.convert(CommunicationPlan, name, value, typed=False)
                for name, value in given.items()
            }
        except ValueError as error:
            raise CommandError(
                _("The executive S&OP meeting: %(error)s") % {"error": error}
            ) from error

    def _user(self, username):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("There is no user %(name)s.") % {"name": repr(username)})
        return user

    def _plan(self, plan_id, new_name, user):
        if new_name is not None:
            if not new_name.strip():
                raise CommandError(_("Give the new plan a name."))
            plan = CommunicationPlan(name=new_name.strip()[:200])
            plan._history_user = user
            plan.save()
            if user is not None:
                Membership.objects.create(plan=plan, user=user, role=Role.MANAGER)
            return plan
        plan = CommunicationPlan.objects.filter(pk=plan_id).first()
        if plan is None:
            raise CommandError(_("There is no plan with id %(id)s.") % {"id": plan_id})
        if plan.is_archived:
            raise CommandError(
                _("The plan “%(plan)s” is archived and can no longer be changed.") % {"plan": plan}
            )
        return plan

    def _report(self, preview):
        self.stdout.write(preview.summary())
        self.stdout.write(_("Read from: %(source)s.") % {"source": preview.source})
        for number, message in preview.errors:
            where = _("Row %(number)s") % {"number": number} if number else _("File")
            self.stderr.write(self.style.ERROR(f"{where}: {message}"))
        for number, message in preview.warnings:
            where = _("Row %(number)s") % {"number": number} if number else _("File")
            self.stdout.write(self.style.WARNING(f"{where}: {message}"))
        if preview.sections.summary():
            self.stdout.write(
                _("From the file's other sheets:")
                + " "
                + ", ".join(preview.sections.summary())
                + "."
            )
        if not preview.plan.has_sop_cycle and any(
            row.cadence == "sop_cycle" for row in preview.rows
        ):
            self.stderr.write(
                _("Rows follow the S&OP cycle: give --sop-meeting-week and --sop-meeting-weekday.")
            )
        for kind, found in (
            (_("Stakeholders"), preview.stakeholders),
            (_("Channels"), preview.channels),
            (_("Milestones"), preview.milestones),
            (_("Messages"), preview.messages),
        ):
            self.stdout.write(
                _("%(kind)s: %(new)s new, %(matched)s matched.")
                % {"kind": kind, "new": len(found.new), "matched": len(found.matched)}
            )
