"""Every change in a plan is recorded (who, when, which fields from what to what), also the
changes that bypass save(), and the history pages say so as a person reads it."""

import datetime
import io
import re
import sys
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags

from commplan.models import (
    Channel,
    CommunicationPlan,
    Membership,
    Message,
    PlanRow,
    Review,
    Role,
    RowStatus,
)
from commplan.rows.forms import PlanRowForm, PlanRowInlineForm
from config.celery_app import app as celery_app
from milestones.models import Milestone
from stakeholders.forms import StakeholderForm
from stakeholders.models import Category, Stakeholder

from ..factories import (
    ChannelFactory,
    MembershipFactory,
    MessageFactory,
    MilestoneFactory,
    PlanRowFactory,
    StakeholderFactory,
    form_data,
)


def text(response):
    """The page as a person reads it: no tags, single spaces."""
    assert response.status_code == 200
    return re.sub(r"\s+", " ", strip_tags(response.content.decode()))


def kinds(model, pk):
    """The history types of one object, oldest first: + created, ~ changed, - deleted."""
    return "".join(
        model.history.filter(id=pk).order_by("history_id").values_list("history_type", flat=True)
    )


def last(model, pk):
    return model.history.filter(id=pk).order_by("-history_id").first()


def history_url(plan, kind, pk):
    return reverse("commplan:object_history", args=[plan.pk, kind, pk])


# Recording: every model, every kind of change.

MAKERS = {
    CommunicationPlan: lambda plan: plan,
    PlanRow: lambda plan: PlanRowFactory(plan=plan),
    Stakeholder: lambda plan: StakeholderFactory(plan=plan),
    Milestone: lambda plan: MilestoneFactory(plan=plan),
    Message: lambda plan: MessageFactory(plan=plan),
    Channel: lambda plan: ChannelFactory(plan=plan),
    Membership: lambda plan: MembershipFactory(plan=plan),
    Review: lambda plan: Review.objects.create(
        row=PlanRowFactory(plan=plan), happened="done", goal_reached="yes"
    ),
}
EDITS = {
    CommunicationPlan: ("escalation_days", 12),
    PlanRow: ("assurance", "Agenda item"),
    Stakeholder: ("importance", 1),
    Milestone: ("planned_date", datetime.date(2026, 7, 1)),
    Message: ("goal", "Buy-in"),
    Channel: ("name", "Intranet"),
    Membership: ("role", Role.EXECUTIVE),
    Review: ("goal_reached", "no"),
}


@pytest.mark.parametrize("model", list(MAKERS), ids=lambda m: m.__name__)
def test_creating_editing_and_deleting_each_kind_is_recorded(plan, model):
    obj = MAKERS[model](plan)
    field, value = EDITS[model]
    setattr(obj, field, value)
    obj.save()
    pk = obj.pk
    if model is PlanRow:
        obj.reviews.all().delete()
    obj.delete()

    assert kinds(model, pk) == "+~-"
    edited = model.history.filter(id=pk, history_type="~").get()
    assert getattr(edited, field) == value


def test_the_person_who_edits_through_a_page_is_recorded(manager_client, manager, plan):
    stakeholder = StakeholderFactory(plan=plan)
    url = reverse("stakeholders:stakeholder_update", args=[plan.pk, stakeholder.pk])
    manager_client.post(url, form_data(StakeholderForm(instance=stakeholder), importance=2))

    record = last(Stakeholder, stakeholder.pk)
    assert (record.history_type, record.history_user, record.importance) == ("~", manager, 2)


def test_an_in_place_edit_in_the_table_is_recorded(manager_client, manager, row):
    url = reverse("commplan:row_inline", args=[row.plan_id, row.pk])
    data = form_data(PlanRowInlineForm(instance=row), planned_hours="7.5")
    assert manager_client.post(url, data).status_code == 200

    record = last(PlanRow, row.pk)
    assert (record.history_user, record.planned_hours) == (manager, Decimal("7.5"))


def test_recording_a_review_records_the_review_and_the_row_moving_on(owner_client, owner, row):
    url = reverse("commplan:review_create", args=[row.plan_id, row.pk])
    data = {"reviewed_on": "2026-05-15", "happened": "done", "goal_reached": "yes"}
    assert owner_client.post(url, data).status_code == 302

    review = Review.objects.get(row=row)
    assert (kinds(Review, review.pk), last(Review, review.pk).history_user) == ("+", owner)
    moved = last(PlanRow, row.pk)
    assert (moved.history_user, moved.status, moved.next_review_date) == (
        owner,
        RowStatus.DONE,
        None,
    )


def test_removing_a_member_records_their_rows_becoming_unassigned(
    manager_client, manager, plan, owner, row
):
    membership = Membership.objects.get(plan=plan, user=owner)
    url = reverse("commplan:member_delete", args=[plan.pk, membership.pk])
    assert manager_client.post(url).status_code == 302

    unassigned = last(PlanRow, row.pk)
    assert (unassigned.owner_id, unassigned.history_user) == (None, manager)
    assert kinds(Membership, membership.pk) == "+-"


@pytest.mark.parametrize("how", ["membership", "user"])
def test_a_member_removed_outside_the_pages_is_recorded_too(plan, owner, row, how):
    """The admin, or deleting the person's account: the database would unassign the rows
    silently; the history still says so."""
    review = Review.objects.create(row=row, reviewed_by=owner, happened="done", goal_reached="yes")
    if how == "membership":
        Membership.objects.get(plan=plan, user=owner).delete()
    else:
        owner.delete()

    row.refresh_from_db()
    assert row.owner is None
    assert last(PlanRow, row.pk).owner_id is None
    assert kinds(PlanRow, row.pk) == "+~"
    if how == "user":  # their reviews stay, without a reviewer
        assert (kinds(Review, review.pk), last(Review, review.pk).reviewed_by_id) == ("+~", None)


def test_deleting_a_channel_in_use_records_the_rows_losing_it(manager_client, manager, row):
    channel = row.channel
    url = reverse("commplan:channel_delete", args=[row.plan_id, channel.pk])
    assert manager_client.post(url).status_code == 302

    detached = last(PlanRow, row.pk)
    assert (detached.channel_id, detached.history_user) == (None, manager)
    assert kinds(Channel, channel.pk) == "+-"


def test_archiving_and_restoring_are_recorded(manager_client, manager, plan):
    url = reverse("commplan:plan_archive", args=[plan.pk])
    manager_client.post(url, {"action": "archive", "confirmed": "1"})
    manager_client.post(url, {"action": "restore"})

    archived, restored = CommunicationPlan.history.filter(id=plan.pk).order_by("history_id")[1:]
    assert archived.archived_at is not None and archived.history_user == manager
    assert restored.archived_at is None


def test_a_command_is_recorded_as_the_command(db, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["manage.py", "seed_demo"])
    call_command("seed_demo", stdout=io.StringIO())

    for model in (CommunicationPlan, Membership, PlanRow, Review, Stakeholder):
        reasons = set(model.history.values_list("history_change_reason", flat=True))
        assert reasons == {"command seed_demo"}, model
        assert not model.history.filter(history_user__isnull=False).exists()


@celery_app.task(name="tests.rename_stakeholder")
def rename_stakeholder(pk):
    stakeholder = Stakeholder.objects.get(pk=pk)
    stakeholder.name = "Renamed by a task"
    stakeholder.save()


def test_a_celery_task_is_recorded_as_the_task(plan, manager_client):
    stakeholder = StakeholderFactory(plan=plan)
    rename_stakeholder.apply(args=[stakeholder.pk])

    assert (
        last(Stakeholder, stakeholder.pk).history_change_reason == "task tests.rename_stakeholder"
    )
    page = text(manager_client.get(history_url(plan, "stakeholder", stakeholder.pk)))
    assert "System (task tests.rename_stakeholder)" in page
    assert "Renamed by a task" in page


# What the history pages say.


def test_the_history_page_says_who_changed_what_from_what_to_what(manager_client, manager, plan):
    manager.first_name, manager.last_name = "Mette", "Mortensen"
    manager.save()
    stakeholder = StakeholderFactory(plan=plan, name="Salg", importance=4)
    url = reverse("stakeholders:stakeholder_update", args=[plan.pk, stakeholder.pk])
    manager_client.post(
        url,
        form_data(StakeholderForm(instance=stakeholder), importance=5, category=Category.SALES),
    )

    page = text(manager_client.get(history_url(plan, "stakeholder", stakeholder.pk)))

    assert "History of “Salg”" in page
    assert "Mette Mortensen Changed Category: Other → to Sales Importance: 4 → to 5" in page
    assert "Created" in page


def test_a_rows_history_names_what_it_links_to_and_shows_dates_as_the_language_writes_them(
    manager_client, plan, row
):
    other = ChannelFactory(plan=plan, name="Town hall")
    old_channel = row.channel.name
    url = reverse("commplan:row_update", args=[plan.pk, row.pk])
    data = form_data(
        PlanRowForm(instance=row),
        channel=other.pk,
        scheduled_date="2026-05-04",
        planned_cost="1500",
    )
    assert manager_client.post(url, data).status_code == 302

    page = text(manager_client.get(reverse("commplan:row_detail", args=[plan.pk, row.pk])))
    assert f"Channel: {old_channel} → to Town hall" in page
    assert "Planned cost: DKK 1,000.00 → to DKK 1,500.00" in page
    assert "Scheduled date: 2026-05-01 → to 2026-05-04" in page

    danish = text(manager_client.get(history_url(plan, "row", row.pk), HTTP_ACCEPT_LANGUAGE="da"))
    assert "01.05.2026 → 04.05.2026" in danish.replace(" til ", " ")
    assert "1.000,00 kr. → 1.500,00 kr." in danish.replace(" til ", " ")


def test_a_rows_history_includes_its_reviews_and_a_deleted_review(manager_client, plan, row):
    review = Review.objects.create(row=row, happened="partly", goal_reached="no", evidence="Notes")
    review.delete()

    page = text(manager_client.get(history_url(plan, "row", row.pk)))
    assert "Review recorded" in page
    assert "Did the communication happen? Partly" in page
    assert "Review deleted" in page


def test_a_deleted_objects_history_stays_readable(manager_client, plan):
    milestone = MilestoneFactory(plan=plan, title="Pilot go-live")
    pk = milestone.pk
    milestone.delete()

    page = text(manager_client.get(history_url(plan, "milestone", pk)))
    assert "History of “Pilot go-live” deleted" in page


@pytest.mark.parametrize(
    ("kind", "pk"), [("unknown", None), ("review", None), ("plan", "other"), ("row", "outside")]
)
def test_a_history_outside_the_plan_is_not_found(manager_client, plan, outsider, row, kind, pk):
    other_row = PlanRowFactory()
    pk = {"other": other_row.plan_id, "outside": other_row.pk, None: row.pk}[pk]
    assert manager_client.get(history_url(plan, kind, pk)).status_code == 404


# Recent changes.


def changes_url(plan, query=""):
    return reverse("commplan:plan_changes", args=[plan.pk]) + query


def test_recent_changes_lists_every_kind_newest_first(manager_client, manager, plan, row):
    row.assurance = "Agenda item"
    row.save()
    StakeholderFactory(plan=plan, name="Indkøb").delete()

    response = manager_client.get(changes_url(plan))
    entries = response.context["entries"]
    page = text(response)

    assert [e.kind for e in entries[:2]] == ["stakeholder", "stakeholder"]
    assert [e.action for e in entries[:3]] == ["deleted", "created", "changed"]
    assert {e.kind for e in entries} >= {
        "row",
        "stakeholder",
        "milestone",
        "message",
        "channel",
        "member",
        "plan",
    }
    assert "Indkøb deleted" in page
    assert "How it is ensured: empty → to Agenda item" in page
    deleted = entries[0]
    assert (deleted.exists, deleted.url) == (False, "")


def test_recent_changes_filters_by_kind_and_person(manager_client, manager, plan, row):
    url = reverse("stakeholders:stakeholder_update", args=[plan.pk, row.stakeholder_id])
    manager_client.post(url, form_data(StakeholderForm(instance=row.stakeholder), importance=1))

    by_manager = manager_client.get(changes_url(plan, f"?person={manager.pk}")).context["entries"]
    assert [(e.kind, e.action) for e in by_manager] == [("stakeholder", "changed")]
    system = manager_client.get(changes_url(plan, "?person=system&kind=row")).context["entries"]
    assert [(e.kind, e.action) for e in system] == [("row", "created")]


def test_recent_changes_explains_a_filter_it_does_not_understand(manager_client, plan, row):
    response = manager_client.get(changes_url(plan, "?kind=everything&person=x&page=zz"))
    page = text(response)
    assert "Select a valid choice" in page
    assert len(response.context["entries"]) > 1  # unfiltered, not empty


def test_recent_changes_stay_readable_when_the_plan_is_archived(manager_client, plan, row):
    plan.archived_at = timezone.now()
    plan.save()
    assert manager_client.get(changes_url(plan)).status_code == 200


def test_only_managers_get_the_recent_changes_tab(manager_client, executive_client, plan):
    url = reverse("commplan:plan_detail", args=[plan.pk])
    assert changes_url(plan) in manager_client.get(url).content.decode()
    assert changes_url(plan) not in executive_client.get(url).content.decode()


def test_history_pages_are_in_danish(manager_client, plan, row):
    with translation.override("da"):
        response = manager_client.get(changes_url(plan), HTTP_ACCEPT_LANGUAGE="da")
    page = text(response)
    assert "Seneste ændringer" in page
    assert "Oprettet" in page


def test_the_admin_shows_each_objects_history(client, django_user_model, row):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(admin)
    row.assurance = "Agenda item"
    row.save()

    page = client.get(reverse("admin:commplan_planrow_history", args=[row.pk]))
    assert page.status_code == 200
    assert "How it is ensured" in page.content.decode()  # the changed field, by its label
    assert client.get(reverse("admin:commplan_baseline_changelist")).status_code == 200
