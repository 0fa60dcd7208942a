"""Create the demo users and the Danish demo plan; optionally a generated plan of N rows."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils import timezone

from commplan import demo
from commplan.demo import people as demo_people
from commplan.models import CommunicationPlan, Role

PRODUCTION_SETTINGS = "config.settings.production"


def refuse_in_production():
    """Demo users have their username as password: never create them in production."""
    if settings.SETTINGS_MODULE == PRODUCTION_SETTINGS:
        raise CommandError(
            f"Refusing to run with {PRODUCTION_SETTINGS}: the demo users have their username as "
            "password. Use a local or test settings module."
        )


class Command(BaseCommand):
    help = (
        "Create the demo users (manager, owner, executive) and the Danish demo plan. "
        "Running it again changes nothing. --rows N also creates a generated plan of N rows; "
        "--people P adds P people to it for a load test."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rows", type=int, help="also create a generated plan with this many rows"
        )
        parser.add_argument(
            "--milestones",
            type=int,
            help="milestones in the generated plan (default: rows / 50, at least 5)",
        )
        parser.add_argument(
            "--people",
            type=int,
            help="also make this many people members of the generated plan (load_manager_1, "
            "load_owner_1, load_executive_1, …) and share its rows among the owners",
        )

    def handle(self, *args, rows=None, milestones=None, people=None, **options):
        refuse_in_production()
        if rows is not None and rows < 1:
            raise CommandError("--rows must be at least 1.")
        if milestones is not None and (rows is None or milestones < 1):
            raise CommandError("--milestones needs --rows and must be at least 1.")
        if people is not None and (rows is None or people < 3):
            raise CommandError("--people needs --rows and must be at least 3.")

        users = demo.ensure_demo_users()
        plan, created = demo.create_demo_plan(users)
        demo.add_demo_meetings(plan, users, timezone.localdate())
        self._report(plan, created)
        if rows is not None:
            started = time.perf_counter()
            plan, created = demo.create_generated_plan(rows, milestones=milestones, users=users)
            self._report(plan, created, time.perf_counter() - started)
            if people is not None:
                added = demo_people.ensure_people(plan, people)
                counts = ", ".join(
                    f"{len(users)} {role.label.lower()}" for role, users in added.items()
                )
                self.stdout.write(
                    f"Load-test people in plan #{plan.pk}: {counts} "
                    f"(load_<role>_<n>, password {demo_people.LOAD_PASSWORD!r})."
                )

        self.stdout.write("\nDemo plans:")
        plans = (
            CommunicationPlan.objects.filter(memberships__user=users[Role.MANAGER])
            .annotate(row_count=Count("rows"))
            .order_by("pk")
        )
        for plan in plans:
            self.stdout.write(f"  #{plan.pk}  {plan.name}  ({plan.row_count} rows)")
        self.stdout.write("Demo logins (user/password):")
        for username, first_name, last_name, _email, role in demo.DEMO_USERS:
            self.stdout.write(
                f"  {username}/{username}  {first_name} {last_name}, {role.label.lower()}"
            )

    def _report(self, plan, created, seconds=None):
        if not created:
            self.stdout.write(f"Plan #{plan.pk} {plan.name!r} exists; left unchanged.")
            return
        timing = f" in {seconds:.1f} s" if seconds is not None else ""
        self.stdout.write(self.style.SUCCESS(f"Created plan #{plan.pk} {plan.name!r}{timing}."))
