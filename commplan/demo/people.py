"""More demo people for a load test: `seed_demo --rows N --people P` makes P members of the
generated plan in the three roles, and shares the plan's owned rows among the new owners, so
every simulated person signs in as someone of their own with work of their own."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models.functions import Now

from ..demo.users import speak_danish
from ..models import Membership, PlanRow, Role

# Every load-test person has this password: one hash for all keeps seeding fast.
LOAD_PASSWORD = "load-test"  # noqa: S105 - demo data for a throwaway database


def people_by_role(count):
    """How many of `count` people are managers, owners and executives: a fifth manage, a fifth
    are executives, the rest own rows (at least one of each)."""
    if count < 3:
        raise ValueError("Need at least 3 people, one in each role.")
    managers = executives = max(1, count // 5)
    return {
        Role.MANAGER: managers,
        Role.OWNER: count - managers - executives,
        Role.EXECUTIVE: executives,
    }


def username(role, number):
    """The username of load-test person `number` (from 1) in `role`, e.g. load_owner_7."""
    return f"load_{role}_{number}"


@transaction.atomic
def ensure_people(plan, count):
    """The load-test people as {role: [users]}, members of `plan`; missing ones are created.
    The plan's rows that have an owner are shared round-robin among the new owners."""
    user_model = get_user_model()
    password = make_password(LOAD_PASSWORD)
    people = {}
    for role, size in people_by_role(count).items():
        people[role] = []
        for number in range(1, size + 1):
            name = username(role, number)
            user, _created = user_model.objects.get_or_create(
                username=name,
                defaults={
                    "first_name": f"{role.label} {number}",
                    "last_name": "(load test)",
                    "email": f"{name}@example.com",
                    "password": password,
                },
            )
            Membership.objects.get_or_create(plan=plan, user=user, defaults={"role": role})
            people[role].append(user)
    speak_danish([user for users in people.values() for user in users])
    owners = people[Role.OWNER]
    owned = list(
        PlanRow.objects.filter(plan=plan, owner__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for index, owner in enumerate(owners):
        PlanRow.objects.filter(pk__in=owned[index :: len(owners)]).update(
            owner=owner, updated_at=Now()
        )
    return people
