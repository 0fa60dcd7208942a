"""What the permission sweeps share: the personas, the seeded plan, every URL pattern of the
project, and how an answer and a change are compared.

tests/commplan/test_permissions.py sweeps the pages of our apps; tests/test_url_sweep.py every
other pattern (sign-in, language, admin) and checks that every pattern has an entry in one of them.
"""

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from http.cookies import SimpleCookie
from types import SimpleNamespace
from urllib.parse import urlencode

from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from commplan.feedback.services import record_answer
from commplan.models import ApiToken, Baseline, FeedbackLink, Profile, Role

from .factories import (
    ChannelFactory,
    DecisionFactory,
    MeetingFactory,
    MembershipFactory,
    MessageFactory,
    MilestoneFactory,
    PlanFactory,
    PlanRowFactory,
    StakeholderFactory,
    UserFactory,
)

PERSONAS = ["anonymous", "outsider", "executive", "owner", "manager"]
APPS = {"commplan", "stakeholders", "milestones"}
MATRIX_TOKEN = "matrix-feed-token-of-the-owner"
PASSWORD = "pw"  # tests/factories.py gives every user this password


def url_patterns(patterns=None, prefix="", namespace=""):
    """Every pattern of the project, from the root resolver: (key, namespace) pairs, where the
    key is the qualified name (`admin:index`) or, for an unnamed pattern, its route."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            found += url_patterns(pattern.url_patterns, route, inner)
        else:
            name = pattern.name and ":".join(filter(None, [namespace, pattern.name]))
            found.append((name or route, namespace))
    return found


def app_url_names():
    """Every named URL of our apps, as `namespace:name`."""
    return sorted(key for key, namespace in url_patterns() if namespace in APPS and ":" in key)


def redirect_to_login(url, login_url=None):
    """Where a person who must sign in first is sent from `url`."""
    return f"{login_url or reverse('login')}?{urlencode({'next': url}, safe='/')}"


# How an address outside our apps answers (tests/test_url_sweep.py).


def login(url, w):
    return redirect_to_login(url)


def admin_login(url, w):
    return redirect_to_login(url, reverse("admin:login"))


def to(address):
    """A redirect to `address`: a URL name, or a function of the world."""
    return lambda url, w: address(w) if callable(address) else reverse(address)


def signed_in(answer):
    """`answer` for signed-in people; anonymous people are sent to sign in."""
    return {"anonymous": login, "*": answer}


@dataclass
class Address:
    """How one pattern answers. `get` and `post` are an answer for everyone or a dict of them by
    persona ('*' for the rest); an answer is a status code or a function (url, world) giving
    where a 302 leads. `changed(world, persona, diff)` asserts what a POST changed; without it,
    a POST changes nothing."""

    url: Callable
    get: object
    post: object
    data: Callable = lambda w, persona: {}
    changed: Callable | None = None


def answer_for(spec, persona):
    return spec.get(persona, spec.get("*")) if isinstance(spec, dict) else spec


def assert_our_refusal_page(response):
    """A 403 or 404 is our own page (templates/403.html, 404.html), which says what happened,
    never Django's plain one or an empty body."""
    if response.status_code in (403, 404):
        templates = [template.name for template in response.templates]
        assert f"{response.status_code}.html" in templates, (response.status_code, templates)


def build_world():
    """A plan with its people and one object of each kind, and a signed-in client per persona.
    The spare stakeholder, message, channel and milestone are used by no row, so managers may
    delete them."""
    plan = PlanFactory()
    people = {
        role: MembershipFactory(plan=plan, role=role).user
        for role in ("manager", "owner", "executive")
    }
    people["outsider"] = MembershipFactory(role=Role.MANAGER).user
    Profile.objects.create(user=people["owner"], calendar_token=MATRIX_TOKEN)
    world = SimpleNamespace(
        plan=plan,
        **people,
        row=PlanRowFactory(plan=plan, owner=people["owner"]),
        stakeholder=StakeholderFactory(plan=plan),
        message=MessageFactory(plan=plan),
        channel=ChannelFactory(plan=plan),
        milestone=MilestoneFactory(plan=plan),
        bystander=MembershipFactory(plan=plan, role=Role.OWNER),
        baseline=Baseline.objects.create(plan=plan, name="Kick-off"),
        newcomer=UserFactory(username="newcomer"),
    )
    # An executive S&OP meeting with attached minutes and a decision behind the owner's row.
    world.meeting = MeetingFactory(
        plan=plan,
        minutes_file=b"%PDF-1.4 minutes",
        minutes_file_name="minutes.pdf",
        minutes_file_type="application/pdf",
    )
    world.decision = DecisionFactory(meeting=world.meeting)
    world.decision.affected.set([world.row.stakeholder, world.stakeholder])
    world.row.decision = world.decision
    world.row.save(update_fields=["decision"])
    world.tokens = {}
    for persona, user in people.items():
        record, token = ApiToken.issue(user, "Matrix")
        # Its last use recorded as tomorrow: a request within minutes of it records none, so
        # the sweep's requests change no table however long it runs.
        tomorrow = timezone.now() + timedelta(days=1)
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=tomorrow)
        world.tokens[persona] = (record, token)
    # A feedback link for one date of the row, with one answer; the row's own link is left
    # for the pages that make one.
    world.pulse_link = FeedbackLink.objects.create(
        plan=plan, row=world.row, occurrence=world.row.scheduled_date
    )
    world.pulse_answer = record_answer(world.pulse_link, clarity=2, unclear="Which warehouse?")
    clients = {"anonymous": Client()}
    for persona, user in people.items():
        clients[persona] = Client()
        clients[persona].force_login(user)
    return world, clients


@contextlib.contextmanager
def seeded_once(django_db_blocker, build=build_world):
    """`build()` run once, for a module-scoped fixture, inside a transaction rolled back at its
    end; each test still runs in its own savepoint, so what one test changes the next never
    sees: not a record, nor a failed sign-in that would lock a persona out."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build()
        transaction.set_rollback(True)


@contextlib.contextmanager
def same_cookies(client):
    """Gives `client` its cookies back afterwards. Signing in or out, or changing a password,
    gives a new session whose record the test's rollback removes; the module's session, rolled
    back to its start, is the one the next test must use."""
    cookies = SimpleCookie()
    cookies.update(client.cookies)
    try:
        yield client
    finally:
        client.cookies = cookies


def changed_fields(before, after):
    """(model, pk, field) of every value that differs between two snapshots, plus
    (model, pk, None) for rows that appeared or vanished; `updated_at` left out."""
    diff = set()
    for label, old in before.items():
        new = after[label]
        diff |= {(label, pk, None) for pk in old.keys() ^ new.keys()}
        for pk in old.keys() & new.keys():
            diff |= {
                (label, pk, field)
                for field, value in old[pk].items()
                if value != new[pk][field] and field != "updated_at"
            }
    return diff


def assert_changed(check, *args):
    """Runs `check`, which asserts what a POST did. A check that returned a value instead (a
    bool from a lambda) would pass whatever the page did, so that fails here."""
    result = check(*args)
    assert result is None, f"{check} returned {result!r}: a change check must assert, not return"


def changed_tables(diff):
    return {label for label, _pk, _field in diff}
