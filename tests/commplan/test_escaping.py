"""Markup typed into any free-text field is shown as text everywhere, never run.

Every free-text field of every model of our apps (and people's names) is filled with HTML and
script, then every page of the permission matrix, the reminder, escalation, summary and welcome
emails and both exports are read. Pages and HTML emails must show the text escaped; plain-text
emails and spreadsheets must keep it exactly as typed (no `&lt;` garbage). The fields are found
by introspection, so a model or page added later is covered without a change here.
"""

import csv
import datetime
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import models
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from openpyxl import load_workbook

from commplan.models import Goal, Happened, Membership, Profile, Review, Role
from commplan.reminders import sweep as reminders
from commplan.reminders import welcome

from ..factories import MembershipFactory
from . import test_permissions as matrix

seeded, world = matrix.seeded, matrix.world

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(2)>'
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
TAG_RE = re.compile(r"\[\[([\w.]+)\]\]")
MONDAY = datetime.date(2026, 11, 30)
APPS = ("commplan", "stakeholders", "milestones")


def payload(label):
    """The hostile text for field `label`; the [[label]] tag shows where it was displayed."""
    return f"{SCRIPT}{IMAGE}[[{label}]]"


def free_text_fields(model):
    """Fields a person types free text into (no choices, codes, emails or tokens)."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and field.editable
        and not field.choices
        and not isinstance(field, models.EmailField | models.URLField | models.SlugField)
        and (field.max_length is None or field.max_length >= len(payload(field_label(field))) + 10)
    ]


def field_label(field):
    return f"{field.model._meta.label}.{field.name}"


def poison():
    """Every free-text field of every object in the database set to `payload` (+ its pk, so
    unique names stay unique)."""
    targets = [m for app in APPS for m in apps.get_app_config(app).get_models()]
    for model in targets:
        fields = free_text_fields(model)
        changes = {
            field.name: Concat(
                models.Value(payload(field_label(field))),
                Cast("pk", models.CharField()),
            )
            for field in fields
        }
        if changes:
            model._default_manager.update(**changes)
    people = get_user_model().objects
    people.update(first_name=payload("user.first_name"), last_name=payload("user.last_name"))


def assert_escaped(html, where):
    assert SCRIPT not in html and "<img src=x" not in html, f"{where} shows markup unescaped"


@pytest.fixture
def hostile(seeded, world):
    """The matrix's world, with a review, a second plan for the roll-up, and every text field
    poisoned."""
    Review.objects.create(
        row=world.row,
        reviewed_by=world.owner,
        due_date=world.row.next_review_date,
        happened=Happened.DONE,
        goal_reached=Goal.PARTLY,
    )
    MembershipFactory(user=world.manager, role=Role.MANAGER)  # the roll-up lists two plans
    poison()
    return world


def html_pages(world):
    """(name, url) of every page the manager may open, plus /my/ and the roll-up."""
    world.user = world.manager
    for name, page in sorted(matrix.PAGES.items()):
        if matrix.expected_status(page, "manager", "GET") == 200:
            yield name, reverse(name, kwargs=page.kwargs(world))


def test_every_page_shows_markup_as_text(hostile, seeded):
    world = hostile
    client = seeded[1]["manager"]
    shown = set()

    for name, url in html_pages(world):
        response = client.get(url)
        assert response.status_code == 200, name
        if not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        assert_escaped(html, name)
        shown |= set(TAG_RE.findall(html))
    owner_page = seeded[1]["owner"].get(reverse("commplan:my_work")).content.decode()
    assert_escaped(owner_page, "/my/ of the owner")
    shown |= set(TAG_RE.findall(owner_page))

    # The pages did show the texts (escaped), so the check above was not vacuous.
    must_show = {
        "commplan.CommunicationPlan.name",
        "commplan.CommunicationPlan.purpose",
        "commplan.PlanRow.assurance",
        "commplan.Message.content",
        "commplan.Channel.name",
        "commplan.Review.evidence",
        "stakeholders.Stakeholder.name",
        "milestones.Milestone.title",
        "user.first_name",
    }
    assert must_show <= shown, f"never displayed: {sorted(must_show - shown)}"
    assert ESCAPED_SCRIPT in owner_page


def test_emails_escape_html_and_keep_text_as_typed(hostile, settings):
    world = hostile
    Profile.objects.create(user=world.executive, weekly_summary=True)
    get_user_model().objects.update(email="someone@example.com")

    reminders.sweep(now=datetime.datetime(2026, 11, 30, 8, tzinfo=ZoneInfo("Europe/Copenhagen")))
    owner = Membership.objects.get(plan=world.plan, user=world.owner)
    welcome.message_for(owner, world.manager, new_account=True, language="en").send()

    kinds = {"due for follow-up", "seriously overdue", "where your plans stand", "were added"}
    assert {kind for kind in kinds for m in mail.outbox if kind in m.subject} == kinds
    for message in mail.outbox:
        html = message.alternatives[0][0]
        assert_escaped(html, message.subject)
        assert ESCAPED_SCRIPT in html, message.subject
        assert SCRIPT in message.body, message.subject  # the text part shows what was typed
        assert "&lt;" not in message.body and "&quot;" not in message.body, message.subject
        assert "&lt;" not in message.subject and "&amp;" not in message.subject


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_exports_keep_markup_as_typed_text(hostile, seeded, file_format):
    world = hostile
    url = reverse("commplan:plan_export", args=[world.plan.pk])

    content = seeded[1]["manager"].get(url, {"format": file_format}).content

    if file_format == "xlsx":
        sheet = load_workbook(io.BytesIO(content)).active
        cells = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value]
    else:
        rows = csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";")
        cells = [cell for row in rows for cell in row]
    texts = [cell for cell in cells if "[[" in cell]
    assert any("commplan.Message.content" in text for text in texts)
    assert all(text.startswith(SCRIPT) and "&lt;" not in text for text in texts), texts
