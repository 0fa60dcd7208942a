"""Copying a plan: everything but its follow-up, dates shifted, links to the copies, the
original untouched, recorded in the history."""

import datetime
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commplan.cadence import add_working_days, meeting_date
from commplan.models import (
    Cadence,
    CommunicationPlan,
    Goal,
    Happened,
    Membership,
    PlanRow,
    Review,
    Role,
    RowStatus,
)
from milestones.models import MilestoneStatus

from ..factories import MembershipFactory, MilestoneFactory, PlanRowFactory

TWO_WEEKS = datetime.timedelta(weeks=2)


def url(plan):
    return reverse("commplan:plan_copy", args=[plan.pk])


def data(**changes):
    values = {
        "name": "Roll-out Herning",
        "organisation": "Nordisk Pumpefabrik A/S",
        "offset": "2",
        "unit": "weeks",
        "copy_members": "on",
    }
    return {key: value for key, value in (values | changes).items() if value is not None}


@pytest.fixture
def source(plan, manager, owner, executive):
    """The plan with a done, reviewed row of the owner's, the manager's open row, and a row
    following the S&OP cycle (3rd Tuesday)."""
    plan.sop_meeting_week, plan.sop_meeting_weekday = 3, 1
    plan.save()
    reached = MilestoneFactory(
        plan=plan,
        planned_date=datetime.date(2026, 3, 2),
        actual_date=datetime.date(2026, 3, 4),
        status=MilestoneStatus.REACHED,
    )
    done = PlanRowFactory(
        plan=plan,
        owner=owner,
        milestone=reached,
        status=RowStatus.DONE,
        scheduled_date=datetime.date(2026, 3, 2),
        next_review_date=None,
    )
    Review.objects.create(
        row=done,
        reviewed_by=owner,
        reviewed_on=datetime.date(2026, 3, 3),
        happened=Happened.DONE,
        goal_reached=Goal.YES,
    )
    PlanRowFactory(plan=plan, owner=manager, status=RowStatus.ACTIVE)
    PlanRowFactory(
        plan=plan,
        owner=owner,
        cadence=Cadence.SOP_CYCLE,
        cycle_offset=1,
        scheduled_date=datetime.date(2026, 4, 1),
        next_review_date=add_working_days(meeting_date(2026, 4, 3, 1), 1),
        status=RowStatus.ACTIVE,
    )
    return plan


def the_copy():
    return CommunicationPlan.objects.get(name="Roll-out Herning")


def plan_state(plan):
    """Everything of `plan` a copy could change, to prove the original is untouched."""
    return {
        "plan": CommunicationPlan.objects.filter(pk=plan.pk).values().get(),
        **{
            relation: list(getattr(plan, relation).order_by("pk").values())
            for relation in ("memberships", "stakeholders", "channels", "messages", "milestones")
        },
        "rows": list(PlanRow.objects.filter(plan=plan).order_by("pk").values()),
        "reviews": list(Review.objects.filter(row__plan=plan).order_by("pk").values()),
    }


def test_the_form_proposes_a_name_and_says_what_is_copied(manager_client, source):
    page = html.unescape(manager_client.get(url(source)).content.decode())
    assert f'value="{source.name} (copy)"' in page
    assert "3 activities" in page
    assert "Reviews, reminders and history stay with this plan." in page


def test_a_copy_has_everything_shifted_and_linked_to_its_own_objects(
    manager_client, manager, source
):
    before = plan_state(source)

    response = manager_client.post(url(source), data())

    copy = the_copy()
    assert response.status_code == 302
    assert response["Location"] == copy.get_absolute_url()
    assert plan_state(source) == before
    assert (copy.organisation, copy.purpose) == ("Nordisk Pumpefabrik A/S", source.purpose)
    assert (copy.start_date, copy.end_date) == (
        source.start_date + TWO_WEEKS,
        source.end_date + TWO_WEEKS,
    )
    assert copy.archived_at is None
    for relation in ("stakeholders", "channels", "messages", "milestones", "rows"):
        originals, copies = getattr(source, relation), getattr(copy, relation)
        assert copies.count() == originals.count() > 0, relation
    for original, new in zip(
        source.milestones.order_by("pk"), copy.milestones.order_by("pk"), strict=True
    ):
        assert new.planned_date == original.planned_date + TWO_WEEKS
        assert (new.title, new.phase) == (original.title, original.phase)
        assert (new.status, new.actual_date) == (MilestoneStatus.PLANNED, None)
    for original, new in zip(source.rows.order_by("pk"), copy.rows.order_by("pk"), strict=True):
        new.full_clean()
        for link in ("stakeholder", "message", "channel", "milestone"):
            linked = getattr(new, link)
            assert linked.plan_id == copy.pk
            assert str(linked) == str(getattr(original, link))
        assert new.scheduled_date == original.scheduled_date + TWO_WEEKS
        assert (new.status, new.owner_id) == (RowStatus.PLANNED, original.owner_id)
        assert new.planned_cost == original.planned_cost
        assert not new.reviews.exists()


def test_the_copys_activities_come_due_again(manager_client, source):
    manager_client.post(url(source), data(offset="-3", unit="days"))
    done, active, cycle = the_copy().rows.order_by("pk")
    # The done row had no review date; the copy comes due at its scheduled date.
    assert done.next_review_date == done.scheduled_date == datetime.date(2026, 2, 27)
    assert active.next_review_date == datetime.date(2026, 5, 12)
    # Three days before the day after April's meeting is off the cycle: the copy stays on it.
    assert cycle.next_review_date == add_working_days(meeting_date(2026, 4, 3, 1), 1)
    assert (cycle.cadence, cycle.cycle_offset) == (Cadence.SOP_CYCLE, 1)


def test_members_are_copied_and_the_copier_manages(manager_client, manager, source):
    manager_client.post(url(source), data())
    roles = dict(the_copy().memberships.values_list("user__username", "role"))
    assert roles == {"manager": Role.MANAGER, "owner": Role.OWNER, "executive": Role.EXECUTIVE}


def test_without_members_the_copier_is_alone_and_others_rows_have_no_owner(
    manager_client, manager, source
):
    manager_client.post(url(source), data(copy_members=None))
    copy = the_copy()
    assert list(copy.memberships.values_list("user", "role")) == [(manager.pk, Role.MANAGER)]
    owners = [row.owner for row in copy.rows.order_by("pk")]
    assert owners == [None, manager, None]


def test_a_superuser_who_is_no_member_manages_the_copy(source, client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(admin)
    client.post(url(source), data())
    assert the_copy().role_for(admin) == Role.MANAGER
    assert Membership.objects.get(plan=the_copy(), user=admin).role == Role.MANAGER


def test_an_archived_plan_can_be_copied_into_a_plan_that_is_not(manager_client, source):
    source.archived_at = timezone.now()
    source.save()
    response = manager_client.post(url(source), data())
    assert response.status_code == 302
    assert the_copy().archived_at is None
    assert the_copy().rows.count() == 3


def test_the_copy_is_in_the_history_naming_the_copier(
    manager_client, manager, source, assert_built_by
):
    manager_client.post(url(source), data())
    assert_built_by(the_copy(), manager, f"Copied from “{source.name}”")


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"name": "   "}, "This field is required."),
        ({"offset": "two"}, "Enter a whole number."),
        ({"offset": "1.5"}, "Enter a whole number."),
        ({"offset": ""}, "This field is required."),
        ({"offset": "261"}, "Move the dates by at most 260 weeks"),
        ({"offset": "-1821", "unit": "days"}, "Move the dates by at most 260 weeks"),
        ({"unit": "months"}, "Select a valid choice."),
    ],
)
def test_bad_input_says_why_and_copies_nothing(manager_client, source, snapshot, changes, error):
    before = snapshot()
    response = manager_client.post(url(source), data(**changes))
    assert response.status_code == 200
    assert error in html.unescape(response.content.decode())
    assert snapshot() == before


def test_dates_moved_out_of_the_calendar_are_refused_and_nothing_is_saved(
    manager_client, source, snapshot
):
    source.end_date = datetime.date(9999, 12, 20)
    source.save()
    before = snapshot()
    response = manager_client.post(url(source), data(offset="3"))
    assert response.status_code == 200
    assert "some dates fall outside the calendar" in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("who", ["owner_client", "executive_client"])
def test_only_managers_copy_even_an_archived_plan(request, source, who, snapshot):
    client = request.getfixturevalue(who)
    source.archived_at = timezone.now()
    source.save()
    before = snapshot()
    response = client.post(url(source), data())
    assert response.status_code == 403
    assert snapshot() == before


def test_the_copy_link_is_offered_to_managers_only(manager_client, owner_client, source):
    assert url(source) in manager_client.get(source.get_absolute_url()).content.decode()
    assert url(source) not in owner_client.get(source.get_absolute_url()).content.decode()


def test_copying_costs_the_same_queries_with_n_and_2n_rows(manager_client, manager, plan):
    def grow(count):
        for _ in range(count):
            owner = MembershipFactory(plan=plan, role=Role.OWNER).user
            PlanRowFactory(plan=plan, owner=owner)

    def count_queries(name):
        with CaptureQueriesContext(connection) as queries:
            response = manager_client.post(url(plan), data(name=name))
        assert response.status_code == 302
        return len(queries)

    grow(5)
    with_n = count_queries("Copy N")
    grow(5)
    with_2n = count_queries("Copy 2N")
    assert with_n == with_2n
    assert CommunicationPlan.objects.get(name="Copy 2N").rows.count() == 10
