"""Every email a Danish reader gets is Danish to the last word (issue 18, item 2).

Each email (owner's digest, escalation digest, weekly executive summary, welcome, password reset;
text and HTML) is sent through the product's own paths to a Danish reader, and no English text
of the catalogue that has a Danish translation may appear in it.
"""

import datetime
import html
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from commplan.models import Profile, Role
from commplan.reminders import sweep as reminders
from commplan.reminders import welcome
from milestones.models import MilestoneStatus, Phase
from stakeholders.models import Stakeholder

from ..factories import (
    MembershipFactory,
    MilestoneFactory,
    PlanFactory,
    PlanRowFactory,
    StakeholderFactory,
    UserFactory,
)

CPH = ZoneInfo("Europe/Copenhagen")
MONDAY = datetime.date(2027, 2, 15)
PO_PATH = settings.BASE_DIR / "locale" / "da" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0]*\d*(?:\.\d+)?[sdif]|%[sdif]|\{\w*\}")
URL = re.compile(r"https?://\S+")
# English that reads the same in Danish, or that the test's own data brings in.
SAME_IN_DANISH = {"S&OP", "Pilot", "Email", "Intranet"}


def english_texts():
    """The catalogue's English texts whose Danish differs, split at their placeholders into the
    literal pieces an email could show."""
    pieces = set()
    for entry in polib.pofile(str(PO_PATH)):
        if entry.obsolete or entry.msgctxt == "format":
            continue
        translations = [entry.msgstr, *entry.msgstr_plural.values()]
        for msgid in filter(None, [entry.msgid, entry.msgid_plural]):
            if msgid in translations:
                continue
            for piece in PLACEHOLDER.split(msgid):
                piece = piece.strip(" .,:;–-()“”\"'\n")
                if len(piece) >= 4 and piece not in SAME_IN_DANISH:
                    pieces.add(piece)
    return pieces


def english_in(text, pieces):
    text = URL.sub(" ", html.unescape(re.sub(r"<[^>]+>", " ", text)))
    text = " ".join(text.split())
    return sorted(p for p in pieces if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text))


@pytest.fixture
def danish_mail(db, settings):
    """Every kind of email, sent to Danish readers of one plan; {name: message}."""
    return every_email(settings, "da")


def every_email(settings, language):
    """Every kind of email, sent to readers of one plan who read `language`; {name: message}.
    (Also used by tests/browser/test_email_fit.py.)"""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    plan = PlanFactory(name="Pilot Bjerringbro", start_date=MONDAY - datetime.timedelta(200))
    manager, owner, executive = (
        UserFactory(first_name=name, last_name="Holm", email=f"{name.lower()}@example.dk")
        for name in ("Mette", "Ole", "Else")
    )
    for person, role in ((manager, Role.MANAGER), (owner, Role.OWNER), (executive, Role.EXECUTIVE)):
        MembershipFactory(plan=plan, user=person, role=role)
        Profile.objects.create(user=person, language=language, weekly_summary=True)
    # Overdue by far (an escalation to the manager), due today, and health warnings of each kind.
    sales = StakeholderFactory(plan=plan, name="Salg")
    danish = {"stakeholder": sales, "message__content": "Hvorfor S&OP", "message__goal": ""}
    PlanRowFactory(
        plan=plan, owner=owner, next_review_date=MONDAY - datetime.timedelta(40), **danish
    )
    PlanRowFactory(plan=plan, owner=owner, next_review_date=MONDAY, **danish)
    PlanRowFactory(plan=plan, owner=None, planned_hours=None, planned_cost=None, **danish)
    PlanRowFactory(plan=plan, planned_cost=Decimal("1000"), next_review_date=None, **danish)
    StakeholderFactory(plan=plan, name="Direktionen", importance=5, involvement=5)
    MilestoneFactory(
        plan=plan,
        title="Pilot i drift",
        phase=Phase.PILOT,
        planned_date=MONDAY + datetime.timedelta(days=6),
        status=MilestoneStatus.PLANNED,
    )
    MilestoneFactory(
        plan=plan,
        phase=Phase.ANALYSIS,
        planned_date=MONDAY - datetime.timedelta(days=20),
        status=MilestoneStatus.PLANNED,
    )
    assert Stakeholder.objects.filter(plan=plan).exists()

    with translation.override("en"):
        # Added by an English-speaking manager, with a new account; the sweep sends the welcome
        # email owed, in the newcomer's language.
        newcomer = MembershipFactory(plan=plan, role=Role.OWNER, user__first_name="Niels")
        Profile.objects.create(user=newcomer.user, language=language)
        welcome.announce(newcomer, manager, new_account=True)
        reminders.sweep(now=datetime.datetime(2027, 2, 15, 9, tzinfo=CPH))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.post(reverse("password_reset"), {"email": owner.email})

    by_kind = {}
    for message in mail.outbox:
        body = message.body
        if "/accounts/reset/" in body and message.to == [owner.email]:
            by_kind["password_reset"] = message
        elif message.to == [newcomer.user.email]:
            by_kind["welcome"] = message
        elif message.to == [owner.email]:
            by_kind["reminder_digest"] = message
        elif message.to == [executive.email]:
            by_kind["executive_summary"] = message
        elif message.to == [manager.email] and ("planansvarlig" in body or "a manager" in body):
            by_kind["escalation_digest"] = message
    return by_kind


EMAILS = ["reminder_digest", "escalation_digest", "executive_summary", "welcome", "password_reset"]


def test_every_kind_of_email_was_sent(danish_mail):
    assert sorted(danish_mail) == sorted(EMAILS)


@pytest.mark.parametrize("part", ["subject", "text", "html"])
def test_no_english_in_any_danish_email(danish_mail, part):
    pieces = english_texts()
    found = {}
    for kind, message in danish_mail.items():
        text = {
            "subject": message.subject,
            "text": message.body,
            "html": message.alternatives[0][0],
        }[part]
        if english := english_in(text, pieces):
            found[kind] = english
    assert found == {}


def test_the_summary_words_every_health_line_in_danish_with_danish_dates(danish_mail):
    body = danish_mail["executive_summary"].body

    assert "aktivitet" in body and "activities" not in body
    assert "21.02.2027" in body  # the next milestone, "Pilot i drift", as Danes write dates
    assert "2027-02-21" not in body
