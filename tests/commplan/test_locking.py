"""No lost updates (issue 7 §3): two people edit the same activity, stakeholder or milestone from
the same version; the second save is refused, shows what the first changed, and merges.

The race itself (two saves at the same moment) is tested on PostgreSQL in
tests/integration/test_edit_conflicts.py; here the saves come one after the other.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commplan.locking import EditConflict
from commplan.models import Channel, CommunicationPlan, Message, PlanRow, Role
from commplan.rows.forms import PlanRowInlineForm
from milestones.models import Milestone
from stakeholders.forms import StakeholderForm
from stakeholders.models import Stakeholder

from ..factories import (
    ChannelFactory,
    MembershipFactory,
    MessageFactory,
    MilestoneFactory,
    PlanRowFactory,
    StakeholderFactory,
    form_data,
)


@pytest.fixture
def anna(plan):
    """A second manager of the plan, who saves first."""
    return MembershipFactory(
        plan=plan, role=Role.MANAGER, user__first_name="Anna", user__last_name="Jensen"
    ).user


@pytest.fixture
def anna_client(anna):
    client = Client()
    client.force_login(anna)
    return client


def opened(client, url):
    """What a browser posts back for the form at `url` as it was opened: its initial values."""
    response = client.get(url)
    assert response.status_code == 200
    return form_data(response.context["form"])


def conflict_rows(html):
    """The conflict table as {field: (their value, what you typed, what the form now has)}."""
    table = re.search(r'<section class="edit-conflict.*?</section>', html, re.S).group()
    rows = re.findall(
        r'<th scope="row">(.*?)</th>\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>\s*<td>(.*?)</td>',
        table,
        re.S,
    )
    return {
        unescape(label): (unescape(theirs), unescape(yours), unescape(now))
        for label, theirs, yours, now in rows
    }


@dataclass
class Kind:
    """An edit page of one kind of object, and a field each person changes on it."""

    url_name: str
    model: type
    make: object  # (plan, row) -> the object to edit
    theirs: tuple  # (field, posted value, how the conflict shows it, the saved value)
    yours: tuple  # (field, posted value, the saved value)
    url_args: object = lambda plan, obj: [plan.pk, obj.pk]


KINDS = {
    "activity": Kind(
        "commplan:row_update",
        PlanRow,
        lambda plan, row: row,
        ("planned_hours", "7.5", "7.50", Decimal("7.5")),
        ("notes", "Moved to the town hall", "Moved to the town hall"),
    ),
    "stakeholder": Kind(
        "stakeholders:stakeholder_update",
        Stakeholder,
        lambda plan, row: StakeholderFactory(plan=plan, importance=2),
        ("importance", "5", "5", 5),
        ("contact_name", "Mette Holm", "Mette Holm"),
    ),
    "milestone": Kind(
        "milestones:milestone_update",
        Milestone,
        lambda plan, row: MilestoneFactory(plan=plan),
        ("title", "Pilot go-live", "Pilot go-live", "Pilot go-live"),
        ("description", "Sign-off by the board", "Sign-off by the board"),
    ),
    # A silent overwrite of the plan header was a lost update (issue 14 §2).
    "plan header": Kind(
        "commplan:plan_update",
        CommunicationPlan,
        lambda plan, row: plan,
        ("name", "Roll-out 2027", "Roll-out 2027", "Roll-out 2027"),
        ("purpose", "Everyone hears it first", "Everyone hears it first"),
        url_args=lambda plan, obj: [plan.pk],
    ),
    "channel": Kind(
        "commplan:channel_update",
        Channel,
        lambda plan, row: ChannelFactory(plan=plan),
        ("name", "Intranet news", "Intranet news", "Intranet news"),
        ("description", "Every Friday", "Every Friday"),
    ),
    "message": Kind(
        "commplan:message_update",
        Message,
        lambda plan, row: MessageFactory(plan=plan),
        ("goal", "Everyone is on board", "Everyone is on board", "Everyone is on board"),
        ("content", "Why S&OP, and why now", "Why S&OP, and why now"),
    ),
}


@pytest.mark.parametrize("kind", KINDS.values(), ids=KINDS)
def test_the_second_save_of_the_same_version_is_refused_then_merged(
    manager_client, anna_client, plan, row, snapshot, kind
):
    obj = kind.make(plan, row)
    url = reverse(kind.url_name, args=kind.url_args(plan, obj))
    mine = opened(manager_client, url)
    theirs = opened(anna_client, url)
    their_field, their_post, their_shown, their_saved = kind.theirs
    my_field, my_post, my_saved = kind.yours
    assert anna_client.post(url, theirs | {their_field: their_post}).status_code == 302
    before = snapshot()

    response = manager_client.post(url, mine | {my_field: my_post})

    assert response.status_code == 409
    assert snapshot() == before, "the refused save changed something"
    html = response.content.decode()
    assert "Anna Jensen saved a change at" in html
    assert "your changes were not saved yet" in html
    # Said once, then what they changed: as in the table's edit in place.
    assert html.count("your changes were not saved yet") == 1
    assert html.index("your changes were not saved yet") < html.index('class="edit-conflict')
    label = str(kind.model._meta.get_field(their_field).verbose_name).capitalize()
    assert conflict_rows(html) == {label: (their_shown, str(mine[their_field]), "their value")}
    form = response.context["form"]
    # Their change where you changed nothing, your edit kept, and the version they saved.
    assert form[their_field].value() == their_shown  # in English, shown as it is posted
    assert form[my_field].value() == my_post
    assert form["version"].value() != mine["version"]

    again = manager_client.post(url, form_data(form))

    assert again.status_code == 302
    obj = kind.model.objects.get(pk=obj.pk)
    assert (getattr(obj, their_field), getattr(obj, my_field)) == (their_saved, my_saved)


def test_where_both_changed_a_field_your_value_is_kept_and_shown_beside_theirs(
    manager_client, anna_client, plan, row
):
    url = reverse("commplan:row_update", args=[plan.pk, row.pk])
    mine = opened(manager_client, url)
    anna_client.post(url, opened(anna_client, url) | {"assurance": "Read receipts"})

    response = manager_client.post(url, mine | {"assurance": "Agenda item"})

    assert response.status_code == 409
    assert conflict_rows(response.content.decode()) == {
        "How it is ensured": ("Read receipts", "Agenda item", "your value")
    }
    assert response.context["form"]["assurance"].value() == "Agenda item"
    manager_client.post(url, form_data(response.context["form"]))
    row.refresh_from_db()
    assert row.assurance == "Agenda item"


def test_an_owner_editing_how_their_row_is_ensured_sees_a_managers_change(
    owner_client, anna_client, plan, row
):
    url = reverse("commplan:row_update", args=[plan.pk, row.pk])
    mine = opened(owner_client, url)
    anna_client.post(url, opened(anna_client, url) | {"planned_hours": "9"})

    response = owner_client.post(url, mine | {"assurance": "Minutes of every meeting"})

    assert response.status_code == 409
    # Not on the owner's form, but they see what changed; saving again keeps it.
    assert conflict_rows(response.content.decode()) == {
        "Planned hours": ("9.00", "–", "not on this form")
    }
    assert "The activity was saved." not in response.content.decode()
    owner_client.post(url, form_data(response.context["form"]))
    row.refresh_from_db()
    assert (row.planned_hours, row.assurance) == (Decimal("9"), "Minutes of every meeting")


def test_the_table_edit_in_place_refuses_the_second_save_and_merges(
    manager_client, anna_client, plan, row, snapshot
):
    url = reverse("commplan:row_inline", args=[plan.pk, row.pk])
    mine = opened(manager_client, url)
    anna_client.post(url, opened(anna_client, url) | {"status": "active"})
    before = snapshot()

    response = manager_client.post(url, mine | {"planned_cost": "2500"})

    html = response.content.decode()
    assert response.status_code == 409
    assert snapshot() == before
    assert html.startswith(f'<tr id="row-{row.pk}" class="row-editing">')
    assert "Anna Jensen saved a change at" in html
    assert html.count("Anna Jensen saved a change at") == 1
    assert html.index("Anna Jensen saved a change at") < html.index('class="edit-conflict')
    assert conflict_rows(html) == {"Status": ("Active", "Planned", "their value")}
    assert re.search(r'<option value="active"[^>]*selected', html)

    saved = manager_client.post(url, form_data(response.context["form"]))

    assert saved.status_code == 200 and "row-saved" in saved.content.decode()
    row.refresh_from_db()
    assert (row.status, row.planned_cost) == ("active", Decimal("2500"))


def test_a_review_recorded_meanwhile_is_a_change_too(manager_client, owner_client, plan, row):
    url = reverse("commplan:row_inline", args=[plan.pk, row.pk])
    mine = opened(manager_client, url)
    review = reverse("commplan:review_create", args=[plan.pk, row.pk])
    recorded = owner_client.post(
        review, opened(owner_client, review) | {"happened": "done", "goal_reached": "yes"}
    )
    assert recorded.status_code == 302

    response = manager_client.post(url, mine | {"planned_hours": "4"})

    assert response.status_code == 409
    assert "Status" in conflict_rows(response.content.decode())


@pytest.mark.parametrize("version", [None, "", "forged:token", "eyJhIjoxfQ:1:abc"])
def test_a_post_without_a_valid_version_is_refused_and_saves_nothing(
    manager_client, plan, snapshot, version
):
    stakeholder = StakeholderFactory(plan=plan)
    data = form_data(StakeholderForm(instance=stakeholder), name="Renamed", version=version)
    before = snapshot()

    response = manager_client.post(
        reverse("stakeholders:stakeholder_update", args=[plan.pk, stakeholder.pk]), data
    )

    assert response.status_code == 200
    assert "This form is out of date or incomplete" in response.content.decode()
    assert snapshot() == before


def test_a_row_deleted_while_it_was_edited_is_not_brought_back(plan, row):
    form = PlanRowInlineForm(form_data(PlanRowInlineForm(instance=row)), instance=row)
    assert form.is_valid(), form.errors
    PlanRow.objects.filter(pk=row.pk).delete()

    with pytest.raises(EditConflict) as raised:
        form.save()

    assert "Someone else deleted this" in str(raised.value.form.non_field_errors())
    assert not PlanRow.objects.filter(pk=row.pk).exists()


def test_saving_the_version_you_opened_twice_is_refused_the_second_time(manager_client, plan):
    """A double-click, or a second tab: the second post is of a version that is gone."""
    stakeholder = StakeholderFactory(plan=plan)
    url = reverse("stakeholders:stakeholder_update", args=[plan.pk, stakeholder.pk])
    data = opened(manager_client, url) | {"importance": "1"}

    assert manager_client.post(url, data).status_code == 302
    response = manager_client.post(url, data | {"importance": "2"})

    assert response.status_code == 409
    assert Stakeholder.objects.get(pk=stakeholder.pk).importance == 1


@pytest.mark.parametrize(
    "url_name", ["commplan:row_update", "commplan:row_inline", "stakeholders:stakeholder_update"]
)
def test_edit_pages_cost_the_same_number_of_queries_as_the_plan_grows(
    manager_client, plan, row, url_name
):
    obj = row if url_name.startswith("commplan") else row.stakeholder
    url = reverse(url_name, args=[plan.pk, obj.pk])

    def cost():
        with CaptureQueriesContext(connection) as get:
            data = opened(manager_client, url)
        with CaptureQueriesContext(connection) as post:
            manager_client.post(url, data)
        return len(get), len(post)

    cost()  # the first visit sets up the session
    small = cost()
    PlanRowFactory.create_batch(5, plan=plan, stakeholder=row.stakeholder)
    assert cost() == small
