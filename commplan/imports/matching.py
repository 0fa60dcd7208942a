"""What the plan already has, loaded once per import, and how names in a file find it.

Stakeholders, channels, milestones and messages are matched by name, ignoring case and extra
spaces; what is not found will be created. Owners are found among the plan's members by email,
full name, name without a job title ("Projektleder Mette Hansen"), username or unique initials;
the others are listed so the manager can decide about them.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from ..models import OWNING_ROLES, Channel, Membership, Message, PlanRow, display_name

# How an owner was matched, as the preview says it.
BY_EMAIL = "email"
BY_NAME = "name"
BY_NAME_WITHOUT_TITLE = "name_without_title"
BY_USERNAME = "username"
BY_INITIALS = "initials"
MATCHED_BY = {
    BY_EMAIL: _("email"),
    BY_NAME: _("full name"),
    BY_NAME_WITHOUT_TITLE: _("name without title"),
    BY_USERNAME: _("username"),
    BY_INITIALS: _("initials"),
}
# Words that make a leading or trailing word a job title, not a name.
TITLE_WORDS = (
    "leder",
    "chef",
    "direktør",
    "ansvarlig",
    "manager",
    "director",
    "koordinator",
    "coordinator",
    "planlægger",
    "planner",
    "konsulent",
    "consultant",
    "controller",
    "specialist",
    "formand",
    "sponsor",
    "owner",
    "officer",
    "assistent",
    "assistant",
    "head",
    "lead",
)
TITLE_ABBREVIATIONS = {"ceo", "cfo", "coo", "cto", "cio", "cco", "vp", "svp", "evp", "adm", "adm."}
TITLE_PREFIX_WORDS = {"adm.", "adm", "vice", "senior", "junior", "chief", "head", "of", "global"}


def is_title_word(word):
    folded = word.casefold().strip(",:;()")
    return (
        folded in TITLE_ABBREVIATIONS
        or folded in TITLE_PREFIX_WORDS
        or folded.endswith(TITLE_WORDS)
        or "&" in folded
        or "-ansvarlig" in folded
    )


def without_title(name):
    """`name` without a job title before or after it: "Projektleder Mette Hansen",
    "Mette Hansen (projektleder)" and "Mette Hansen, CFO" are all "Mette Hansen"."""
    name = re.sub(r"\([^)]*\)", " ", str(name))
    name = name.split(",")[0] if "," in name else name
    name = re.split(r"\s+[-–—/]\s+", name)[0] if re.search(r"\s[-–—/]\s", name) else name
    words = name.split()
    while len(words) > 1 and is_title_word(words[0]):
        words.pop(0)
    while len(words) > 1 and is_title_word(words[-1]):
        words.pop()
    return " ".join(words)


def initials(user):
    parts = f"{user.first_name} {user.last_name}".replace("-", " ").split()
    return "".join(part[0] for part in parts).casefold() if len(parts) >= 2 else ""


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
        self.by_email, self.by_name, self.by_username, by_initials = {}, {}, {}, {}
        for user in self.members:
            if user.email:
                self.by_email.setdefault(user.email.casefold(), user)
            self.by_name.setdefault(name_key(display_name(user)), user)
            self.by_username.setdefault(name_key(user.get_username()), user)
            if initials(user):
                by_initials.setdefault(initials(user), []).append(user)
        # Initials name a member only when no other member has the same.
        self.by_initials = {
            code: users[0] for code, users in by_initials.items() if len(users) == 1
        }
        self.existing_rows = {
            (name_key(stakeholder), name_key(content), day)
            for stakeholder, content, day in PlanRow.objects.filter(plan=plan).values_list(
                "stakeholder__name", "message__content", "scheduled_date"
            )
        }

    def state(self, plan):
        """Everything read from the database that a preview into `plan` depends on: equal
        states give equal previews of the same file."""

        def rows(objects):
            return sorted(
                tuple(getattr(obj, f.attname) for f in obj._meta.concrete_fields) for obj in objects
            )

        people = sorted(
            (user.pk, user.get_username(), user.first_name, user.last_name, user.email)
            for user in self.members
        )
        return (
            rows([plan]),
            *(
                rows(found.values())
                for found in (self.stakeholders, self.channels, self.milestones, self.messages)
            ),
            people,
            sorted(self.existing_rows, key=repr),
        )

    def member(self, user_id):
        return next((user for user in self.members if user.pk == user_id), None)

    def find_owner(self, name, email):
        """(the member the file means, how they were matched: a key of MATCHED_BY), or
        (None, "")."""
        if email and email.casefold() in self.by_email:
            return self.by_email[email.casefold()], BY_EMAIL
        if not name:
            return None, ""
        if name_key(name) in self.by_name:
            return self.by_name[name_key(name)], BY_NAME
        if name_key(name) in self.by_username:
            return self.by_username[name_key(name)], BY_USERNAME
        plain = name_key(without_title(name))
        if plain != name_key(name) and plain in self.by_name:
            return self.by_name[plain], BY_NAME_WITHOUT_TITLE
        if re.fullmatch(r"(?:[A-ZÆØÅ]\.?\s*){2,4}", name.strip()):
            code = re.sub(r"[\s.]", "", name).casefold()
            if code in self.by_initials:
                return self.by_initials[code], BY_INITIALS
        return None, ""

    def is_duplicate(self, stakeholder, content, scheduled_date):
        return (name_key(stakeholder), name_key(content), scheduled_date) in self.existing_rows


def owner_key(name, email):
    """One unknown person however many rows name them: by email when given, else by name."""
    return f"email:{email.casefold()}" if email else f"name:{name_key(without_title(name))}"
