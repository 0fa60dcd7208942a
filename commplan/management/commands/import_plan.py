from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

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

    def handle(self, *args, file, plan_id, new_name, username, dry_run, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from error
        user = self._user(username)
        try:
            table = imports.read_table(content)
        except imports.Refused as refused:
            raise CommandError(f"{path}: {refused.message}") from refused
        with transaction.atomic():
            plan = self._plan(plan_id, new_name, user)
            preview = imports.build_preview(plan, table, owners=imports.UNASSIGN)
            self._report(preview)
            if not preview.is_valid:
                transaction.set_rollback(True)
                raise CommandError(
                    f"{len(preview.errors)} error(s) in {path}: nothing was imported."
                )
            if dry_run:
                transaction.set_rollback(True)
                self.stdout.write(f"Dry run: {len(preview.rows)} activities would be imported.")
                return
            try:
                imports.commit(plan, table, user, owners=imports.UNASSIGN, source_name=path.name)
            except imports.CommitFailed as failed:
                raise CommandError(str(failed.message)) from failed
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(preview.rows)} activities into “{plan}” (id {plan.pk})."
            )
        )

    def _user(self, username):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user {username!r}.")
        return user

    def _plan(self, plan_id, new_name, user):
        if new_name is not None:
            if not new_name.strip():
                raise CommandError("Give the new plan a name.")
            plan = CommunicationPlan(name=new_name.strip()[:200])
            plan._history_user = user
            plan.save()
            if user is not None:
                Membership.objects.create(plan=plan, user=user, role=Role.MANAGER)
            return plan
        plan = CommunicationPlan.objects.filter(pk=plan_id).first()
        if plan is None:
            raise CommandError(f"There is no plan with id {plan_id}.")
        if plan.is_archived:
            raise CommandError(f"The plan “{plan}” is archived and can no longer be changed.")
        return plan

    def _report(self, preview):
        self.stdout.write(f"Read {len(preview.rows)} activities: {preview.source}.")
        for number, message in preview.errors:
            self.stderr.write(self.style.ERROR(f"Row {number}: {message}"))
        for number, message in preview.warnings:
            where = f"Row {number}" if number else "File"
            self.stdout.write(self.style.WARNING(f"{where}: {message}"))
        for kind in ("stakeholders", "channels", "milestones", "messages"):
            found = getattr(preview, kind)
            self.stdout.write(
                f"{kind.capitalize()}: {len(found.new)} new, {len(found.matched)} matched."
            )
