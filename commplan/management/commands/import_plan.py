from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commplan import imports
from commplan.models import CommunicationPlan, Membership, Role


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

    def handle(self, *args, file, plan_id, new_name, username, dry_run, sheet=None, **options):
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
                imports.commit(plan, table, user, owners=imports.UNASSIGN, source_name=path.name)
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
            where = _("Row %(number)s") % {"number": number}
            self.stderr.write(self.style.ERROR(f"{where}: {message}"))
        for number, message in preview.warnings:
            where = _("Row %(number)s") % {"number": number} if number else _("File")
            self.stdout.write(self.style.WARNING(f"{where}: {message}"))
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
