"""The plan table shows the same cells and controls to each role and in each language as the
recorded snapshot (taken before the table's rendering was rewritten for speed, issue 16).

Visible text per cell and the controls (links and buttons with their targets), not the bytes of
the HTML, so markup can change freely while what a person sees and can do cannot.
To record a new snapshot after a deliberate change: UPDATE_SNAPSHOTS=1 pytest this file.
"""

import datetime
import json
import os
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from commplan.models import Goal, Happened, Review, Role, RowStatus

from ..factories import (
    ChannelFactory,
    MembershipFactory,
    MessageFactory,
    MilestoneFactory,
    PlanFactory,
    PlanRowFactory,
    StakeholderFactory,
    UserFactory,
)

SNAPSHOT = Path(__file__).parent / "snapshots" / "plan_table.json"
TODAY = datetime.date(2026, 5, 15)
NOW = datetime.datetime(2026, 5, 15, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
# inline-edit: the Edit button, whose address app.js loads into the row.
CONTROL_ATTRS = ("href", "hx-get", "hx-post", "inline-edit")


class TableText(HTMLParser):
    """The body rows of the plan table: per row its classes, and per cell its visible text and
    its controls (tag, target, text)."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell, self.control, self.in_body = [], None, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.rows.append({"class": sorted((attrs.get("class") or "").split()), "cells": []})
        elif self.in_body and tag in ("td", "th"):
            self.cell = {"text": "", "controls": []}
            self.rows[-1]["cells"].append(self.cell)
        elif self.cell is not None and tag in ("a", "button"):
            # htmx reads hx-get and data-hx-get alike; the target is what counts.
            target = next(
                (
                    f"{a}={attrs.get(a) or attrs[f'data-{a}']}"
                    for a in CONTROL_ATTRS
                    if attrs.get(a) or attrs.get(f"data-{a}")
                ),
                "",
            )
            self.control = [tag, target, ""]
            self.cell["controls"].append(self.control)
        if self.cell is not None:
            self.separate()

    def separate(self):
        # A tag boundary separates words however the markup is laid out.
        self.cell["text"] += " "
        if self.control is not None:
            self.control[2] += " "

    def handle_endtag(self, tag):
        if self.cell is not None:
            self.separate()
        if tag == "tbody":
            self.in_body = False
        elif tag in ("td", "th") and self.cell is not None:
            self.cell["text"] = normalise(self.cell["text"])
            self.cell = None
        elif tag in ("a", "button") and self.control is not None:
            self.control[2] = normalise(self.control[2])
            self.control = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data
        if self.control is not None:
            self.control[2] += data


def normalise(text):
    """Words separated by one space; a no-break space is kept (amounts must not wrap)."""
    return " ".join(re.split(r"[ \t\n\r\f]+", text)).strip()


def build_plan():
    """A plan whose rows cover every way a cell can look: HTML in the texts, goal or none, owner
    with or without a name or none, actuals over and under budget, overdue, due today, done."""
    plan = PlanFactory(name="Snapshot plan", currency="DKK")
    people = {
        role: MembershipFactory(
            plan=plan,
            role=role,
            user__username=role.value,
            user__first_name=role.label,
            user__last_name="Person",
        ).user
        for role in (Role.MANAGER, Role.OWNER, Role.EXECUTIVE)
    }
    named = MembershipFactory(
        plan=plan, user=UserFactory(username="ane", first_name="Ane", last_name="<Bo> & Co")
    ).user
    unnamed = MembershipFactory(
        plan=plan, user=UserFactory(username="jens", first_name="", last_name="")
    ).user
    pilot = MilestoneFactory(
        plan=plan, title="Pilot <go-live>", planned_date=datetime.date(2026, 6, 1)
    )
    operation = MilestoneFactory(
        plan=plan, title="Drift", phase=5, planned_date=datetime.date(2026, 9, 1)
    )
    sales = StakeholderFactory(plan=plan, name="Sales & <Marketing>")
    finance = StakeholderFactory(plan=plan, name="Økonomi")
    email = ChannelFactory(plan=plan, name="E-mail")

    def row(**fields):
        defaults = {
            "plan": plan,
            "stakeholder": sales,
            "channel": email,
            "milestone": pilot,
            "owner": named,
            "planned_hours": None,
            "planned_cost": None,
            "next_review_date": None,
            "status": RowStatus.ACTIVE,
        }
        return PlanRowFactory(**(defaults | fields))

    over = row(
        message=MessageFactory(plan=plan, content="Line one\nLine <two>", goal="Know <why>"),
        assurance="Agenda item & minutes",
        planned_hours=Decimal("2.5"),
        planned_cost=Decimal("1234.50"),
        next_review_date=TODAY - datetime.timedelta(days=1),
    )
    review(over, named, hours="3.25", cost="2000")
    row(
        message=MessageFactory(plan=plan, content="Kickoff", goal=""),
        stakeholder=finance,
        channel=None,
        milestone=None,
        owner=None,
        next_review_date=TODAY,
        status=RowStatus.PLANNED,
    )
    under = row(
        message=MessageFactory(plan=plan, content="Status", goal="Keep going"),
        owner=unnamed,
        planned_hours=Decimal("1"),
        planned_cost=Decimal("1000000"),
        next_review_date=TODAY - datetime.timedelta(days=3),
        status=RowStatus.DONE,
        milestone=operation,
    )
    review(under, unnamed, hours="0.5", cost="999.99")
    row(
        message=MessageFactory(plan=plan, content="Newsletter", goal=""),
        owner=people[Role.OWNER],
        planned_hours=Decimal("12"),
        next_review_date=TODAY + datetime.timedelta(days=20),
        milestone=operation,
    )
    only_actuals = row(message=MessageFactory(plan=plan, content="Town hall", goal="Questions"))
    review(only_actuals, named, hours=None, cost="10")
    return plan, people


def review(row, person, hours, cost):
    Review.objects.create(
        row=row,
        reviewed_by=person,
        reviewed_on=TODAY - datetime.timedelta(days=2),
        happened=Happened.DONE,
        goal_reached=Goal.YES,
        actual_hours=Decimal(hours) if hours else None,
        actual_cost=Decimal(cost) if cost else None,
    )


def table_text(client, plan, language):
    client.cookies["django_language"] = language
    response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    parser = TableText()
    parser.feed(response.content.decode())
    # Ids differ between runs; the order of the rows does not.
    ids = {pk: f"ROW{i}" for i, pk in enumerate(plan.rows.values_list("pk", flat=True))}
    text = json.dumps(parser.rows, ensure_ascii=False)
    return json.loads(
        re.sub(
            rf"/plans/{plan.pk}/rows/(\d+)/", lambda m: f"/plans/PLAN/rows/{ids[int(m[1])]}/", text
        )
    )


@pytest.mark.django_db
def test_the_plan_table_shows_each_role_the_recorded_cells_and_controls(client):
    with time_machine.travel(NOW, tick=False):
        plan, people = build_plan()
        seen = {}
        for role, person in people.items():
            client.force_login(person)
            for language in ("en", "da"):
                seen[f"{role.value} {language}"] = table_text(client, plan, language)
    if os.environ.get("UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(json.dumps(seen, ensure_ascii=False, indent=1) + "\n")
    assert seen == json.loads(SNAPSHOT.read_text())


def cells_of(html):
    parser = TableText()
    parser.feed(f"<table><tbody>{html}</tbody></table>")
    return parser.rows


@pytest.mark.django_db
def test_the_in_place_edit_puts_back_the_row_the_table_shows(client):
    with time_machine.travel(NOW, tick=False):
        plan, people = build_plan()
        client.force_login(people[Role.MANAGER])
        page = client.get(plan.get_absolute_url()).content.decode()
        # Each milestone group is a tbody of its own, headed by the milestone and (printed only)
        # the column names; the activities are the other rows.
        table = page[page.index("<tbody") : page.rindex("</tbody>") + len("</tbody>")]
        parser = TableText()
        parser.feed(table)
        in_table = {
            row["cells"][-1]["controls"][0][1]: row
            for row in parser.rows
            if not {"group-row", "print-column-names"} & set(row["class"])
        }
        assert len(in_table) == plan.rows.count()
        # The richest row (goal, assurance, actuals over budget, overdue) and the barest.
        for row in (plan.rows.get(assurance__startswith="Agenda"), plan.rows.get(owner=None)):
            url = f"{row.get_absolute_url()}inline/"
            (cancelled,) = cells_of(client.get(url, {"cancel": "1"}).content.decode())
            assert cancelled == in_table[f"href={row.get_absolute_url()}"]

            form = client.get(url).context["form"]
            data = {name: form[name].value() for name in form.fields}
            saved_html = client.post(url, {k: v for k, v in data.items() if v is not None})
            (saved, *_totals) = cells_of(saved_html.content.decode().split("<template>")[0])
            assert saved["class"] == sorted([*cancelled["class"], "row-saved"])
            assert saved["cells"] == cancelled["cells"]


MY_SNAPSHOT = Path(__file__).parent / "snapshots" / "my_work.json"


@pytest.mark.django_db
def test_my_work_shows_the_recorded_cells_and_controls(client):
    with time_machine.travel(NOW, tick=False):
        plan, _people = build_plan()
        # Ane owns three of the rows: overdue, not scheduled, and (done, so not listed) one more.
        client.force_login(plan.rows.get(assurance__startswith="Agenda").owner)
        seen = {}
        ids = {pk: f"ROW{i}" for i, pk in enumerate(plan.rows.values_list("pk", flat=True))}
        for language in ("en", "da"):
            client.cookies["django_language"] = language
            page = client.get("/my/").content.decode()
            parser = TableText()
            parser.feed(page)
            text = re.sub(
                rf"/plans/{plan.pk}/rows/(\d+)/",
                lambda m: f"/plans/PLAN/rows/{ids[int(m[1])]}/",
                json.dumps(parser.rows, ensure_ascii=False),
            )
            seen[language] = json.loads(text)
    if os.environ.get("UPDATE_SNAPSHOTS"):
        MY_SNAPSHOT.write_text(json.dumps(seen, ensure_ascii=False, indent=1) + "\n")
    assert seen == json.loads(MY_SNAPSHOT.read_text())
