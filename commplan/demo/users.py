"""The three demo users and their memberships of the demo plans."""

from django.contrib.auth import get_user_model

from ..history.recording import create_with_history
from ..models import Membership, Profile, Role

# username (also the password), first name, last name, email, role in the demo plans
DEMO_USERS = [
    ("manager", "Mette", "Mortensen", "mette.mortensen@example.com", Role.MANAGER),
    ("owner", "Ole", "Overgaard", "ole.overgaard@example.com", Role.OWNER),
    ("executive", "Else", "Eskildsen", "else.eskildsen@example.com", Role.EXECUTIVE),
]


def ensure_demo_users():
    """The demo users by role; missing ones are created with their username as password."""
    user_model = get_user_model()
    users = {}
    for username, first_name, last_name, email, role in DEMO_USERS:
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "last_name": last_name, "email": email},
        )
        if created:
            user.set_password(username)
            user.save(update_fields=["password"])
        users[role] = user
    speak_danish(list(users.values()))
    return users


def speak_danish(users):
    """The demo's people are Danish: their pages and emails are in Danish until they choose."""
    Profile.objects.bulk_create(
        [Profile(user=user, language="da") for user in users], ignore_conflicts=True
    )
    Profile.objects.filter(user__in=users, language="").update(language="da")


def add_members(plan, users):
    """Makes each of `users` (by role) a member of `plan`, with history."""
    create_with_history(
        Membership, [Membership(plan=plan, user=user, role=role) for role, user in users.items()]
    )
