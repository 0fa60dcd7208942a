"""What the plan already has, loaded once per import, and how names in a file find it.

Stakeholders, channels, milestones and messages are matched by name, ignoring case and extra
spaces; what is not found will be created. Owners are found among the plan's members by email,
full name or username; the others are listed so the manager can decide about them.
"""

from dataclasses import dataclass, field

from ..models import OWNING_ROLES, Channel, Membership, Message, PlanRow, display_name


def name_key(text):
    """Names that differ only in case and spacing are the same name."""
    return " ".join(str(text).split()).casefold()


@dataclass
class Found:
    """The objects of one kind the file names: those the plan has, and those to create
    ({name key: object or what to create it from})."""

    matched: dict = field(default_factory=dict)
    new: dict = field(default_factory=dict)

    def note(self, existing, name_key_, build):
        """Returns (object or spec, is_new) for `name_key_`, remembering it."""
        if name_key_ in existing:
            self.matched[name_key_] = existing[name_key_]
            return existing[name_key_], False
        if name_key_ not in self.new:
            self.new[name_key_] = build()
        return self.new[name_key_], True


@dataclass
class UnknownOwner:
    """A person the file names as owner who is not a member of the plan."""

    key: str
    name: str
    email: str
    rows: list = field(default_factory=list)

    @property
    def label(self):
        if self.name and self.email:
            return f"{self.name} <{self.email}>"
        return self.name or self.email


class PlanContext:
    """The plan's stakeholders, channels, milestones, messages and members: a fixed number of
    queries however many rows the file has."""

    def __init__(self, plan):
        self.plan = plan
        self.stakeholders = {name_key(s.name): s for s in plan.stakeholders.all()}
        self.channels = {name_key(c.name): c for c in Channel.objects.filter(plan=plan)}
        self.milestones = {name_key(m.title): m for m in plan.milestones.all()}
        self.messages = {
            (name_key(m.content), name_key(m.goal)): m for m in Message.objects.filter(plan=plan)
        }
        self.members = [
            membership.user
            for membership in Membership.objects.filter(
                plan=plan, role__in=OWNING_ROLES
            ).select_related("user")
        ]
        self.by_email, self.by_name = {}, {}
        for user in self.members:
            if user.email:
                self.by_email.setdefault(user.email.casefold(), user)
            self.by_name.setdefault(name_key(display_name(user)), user)
            self.by_name.setdefault(name_key(user.get_username()), user)
        self.existing_rows = {
            (name_key(stakeholder), name_key(content), day)
            for stakeholder, content, day in PlanRow.objects.filter(plan=plan).values_list(
                "stakeholder__name", "message__content", "scheduled_date"
            )
        }

    def member(self, user_id):
        return next((user for user in self.members if user.pk == user_id), None)

    def find_owner(self, name, email):
        """The member the file means, or None."""
        if email and email.casefold() in self.by_email:
            return self.by_email[email.casefold()]
        if name:
            return self.by_name.get(name_key(name))
        return None

    def is_duplicate(self, stakeholder, content, scheduled_date):
        return (name_key(stakeholder), name_key(content), scheduled_date) in self.existing_rows


def owner_key(name, email):
    """One unknown person however many rows name them: by email when given, else by name."""
    return f"email:{email.casefold()}" if email else f"name:{name_key(name)}"
