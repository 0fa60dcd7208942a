"""The follow-up pages around reviews: a person's reminder settings, the plan's reminder log and
its "send now" button, the S&OP meeting in the plan header and the S&OP cycle on a row, and the
ways to the review form from /my/ and the navigation."""

import datetime
import re
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from commplan.models import (
    Cadence,
    Goal,
    Happened,
    PlanRow,
    Profile,
    Reminder,
    ReminderFrequency,
    ReminderItem,
    ReminderKind,
    ReminderStatus,
    Review,
)
from commplan.plans.forms import PlanForm
from commplan.rows.forms import PlanRowForm, PlanRowInlineForm
from commplan.tasks import sweep_reminders

from ..factories import MembershipFactory, PlanFactory, PlanRowFactory, form_data

DAY = datetime.timedelta(days=1)
SETTINGS_URL = reverse("commplan:my_settings")


# Reminder settings (/my/settings/).


def test_opening_the_settings_shows_the_defaults_and_saves_nothing(owner_client, owner):
    response = owner_client.get(SETTINGS_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<input[^>]*value="daily"[^>]*checked', html)
    for choice in ("Daily digest", "Weekly digest (Mondays)", "Off"):
        assert choice in html
    assert "is still reported to the plan's managers" in html
    assert owner.email in html
    assert not Profile.objects.exists()


def test_the_settings_form_saves_and_switches_the_pages_to_the_language(owner_client, owner):
    data = {"reminder_frequency": ReminderFrequency.OFF, "language": "da"}

    response = owner_client.post(SETTINGS_URL, data, follow=True)

    profile = Profile.objects.get(user=owner)
    assert (profile.reminder_frequency, profile.language) == (ReminderFrequency.OFF, "da")
    assert response.redirect_chain == [(SETTINGS_URL, 302)]
    assert owner_client.cookies["django_language"].value == "da"
    assert "Dine indstillinger blev gemt." in response.content.decode()


def test_saving_again_changes_the_same_profile(owner_client, owner):
    Profile.objects.create(user=owner, reminder_frequency=ReminderFrequency.WEEKLY)

    owner_client.post(SETTINGS_URL, {"reminder_frequency": "daily", "language": ""})

    assert list(Profile.objects.values_list("user", "reminder_frequency", "language")) == [
        (owner.pk, "daily", "")
    ]


def test_a_frequency_that_does_not_exist_is_refused(owner_client, owner):
    response = owner_client.post(SETTINGS_URL, {"reminder_frequency": "hourly", "language": ""})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"reminder_frequency"}
    assert not Profile.objects.exists()


def test_my_work_and_the_user_menu_link_to_the_settings(owner_client):
    html = owner_client.get(reverse("commplan:my_work")).content.decode()

    assert html.count(f'href="{SETTINGS_URL}"') == 2  # the page and the user menu


# /my/: one click to the review form.


def test_my_work_has_a_record_review_button_on_each_row(owner_client, owner, plan):
    today = timezone.localdate()
    rows = [
        PlanRowFactory(plan=plan, owner=owner, scheduled_date=None, next_review_date=day)
        for day in (today - DAY, today, today + 3 * DAY, None)
    ]

    html = owner_client.get(reverse("commplan:my_work")).content.decode()

    my_work = reverse("commplan:my_work")
    for row in rows:
        url = reverse("commplan:review_create", args=[plan.pk, row.pk])
        assert f'href="{url}?next={my_work}"' in html


# The reminder log of a plan.


def reminder(user, rows, day, **fields):
    fields.setdefault("kind", ReminderKind.DIGEST)
    made = Reminder.objects.create(recipient=user, due_on=day, **fields)
    for row in rows:
        ReminderItem.objects.create(reminder=made, row=row, due_date=day)
    return made


@pytest.fixture
def reminders(plan, owner, manager):
    """A sent digest and an escalation about `plan`, a failing one, and one about another plan."""
    today = timezone.localdate()
    mine = [PlanRowFactory(plan=plan, owner=owner) for _ in range(2)]
    elsewhere = PlanRowFactory(plan=PlanFactory())
    return {
        "sent": reminder(
            owner,
            mine,
            today - DAY,
            status=ReminderStatus.SENT,
            sent_at=timezone.now() - DAY,
            attempts=1,
        ),
        "escalation": reminder(
            manager,
            mine[:1],
            today,
            kind=ReminderKind.ESCALATION,
            status=ReminderStatus.SENT,
            sent_at=timezone.now(),
            attempts=1,
        ),
        "failing": reminder(
            owner,
            mine,
            today,
            status=ReminderStatus.PENDING,
            attempts=3,
            last_error="SMTPServerDisconnected: Connection unexpectedly closed",
            next_attempt_at=timezone.now() + datetime.timedelta(minutes=4),
        ),
        "other_plan": reminder(manager, [elsewhere], today),
    }


def reminder_list(client, plan):
    return client.get(reverse("commplan:reminder_list", args=[plan.pk]))


def test_the_reminder_list_shows_this_plans_reminders_only(manager_client, plan, reminders):
    response = reminder_list(manager_client, plan)

    assert response.status_code == 200
    assert list(response.context["object_list"]) == [
        reminders["failing"],
        reminders["escalation"],
        reminders["sent"],
    ]
    counts = {r.pk: r.row_count for r in response.context["object_list"]}
    assert counts == {
        reminders["failing"].pk: 2,
        reminders["escalation"].pk: 1,
        reminders["sent"].pk: 2,
    }


def test_the_reminder_list_says_how_each_reminder_went(manager_client, plan, reminders):
    html = reminder_list(manager_client, plan).content.decode()

    assert '<span class="badge text-bg-success">Sent</span>' in html
    assert '<span class="badge text-bg-danger">Failed, will retry</span>' in html
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in html
    assert "Escalation to managers" in html and "Owner&#x27;s digest" in html
    assert (  # the page is marked current in the plan tabs' "More" menu
        'class="dropdown-item active" aria-current="page" href="'
        + reverse("commplan:reminder_list", args=[plan.pk])
        in html
    )


def test_the_reminder_list_says_where_demo_emails_land(manager_client, plan, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = settings.BASE_DIR / "var" / "mail"

    html = reminder_list(manager_client, plan).content.decode()

    assert "<code>var/mail/</code>" in html
    assert "No reminder has named this plan's activities yet." in html


def test_with_a_mail_server_the_list_does_not_mention_var_mail(manager_client, plan, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

    assert "var/mail" not in reminder_list(manager_client, plan).content.decode()


def test_only_managers_see_the_reminders_tab(owner_client, manager_client, plan, row):
    tab = f'href="{reverse("commplan:reminder_list", args=[plan.pk])}"'

    assert tab in manager_client.get(plan.get_absolute_url()).content.decode()
    assert tab not in owner_client.get(plan.get_absolute_url()).content.decode()


def test_send_now_reminds_the_owners_once_the_request_commits(
    manager_client, plan, owner, row, django_capture_on_commit_callbacks
):
    """What the owner notices: their reminder arrives, and only after the request has committed
    (a worker sweeping earlier would not see what the request wrote). The broker is replaced by
    a worker that sweeps at once; tests/integration/test_on_commit.py runs the real one."""
    row.next_review_date = timezone.localdate()
    row.save()
    url = reverse("commplan:reminder_send", args=[plan.pk])

    with (
        mock.patch.object(sweep_reminders, "delay", side_effect=lambda: sweep_reminders()),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = manager_client.post(url, follow=True)
        assert mail.outbox == [], "swept inside the open transaction"

    assert [message.to for message in mail.outbox] == [[owner.email]]
    assert response.redirect_chain == [(reverse("commplan:reminder_list", args=[plan.pk]), 302)]
    assert "Reminders are being sent." in response.content.decode()


@pytest.mark.django_db(transaction=True)  # the request commits, as it does in production
def test_send_now_says_when_the_broker_is_down_and_the_sweep_still_finds_the_work(
    manager_client, plan, owner, row, caplog
):
    row.next_review_date = timezone.localdate()
    row.save()

    with mock.patch.object(sweep_reminders, "delay", side_effect=OperationalError("refused")):
        response = manager_client.post(
            reverse("commplan:reminder_send", args=[plan.pk]), follow=True
        )

    assert response.status_code == 200
    assert "queued for the next sweep" in response.content.decode()
    assert "Could not queue commplan.sweep_reminders" in caplog.text
    assert sweep_reminders() == {"created": 1, "sent": 1, "failed": 0, "skipped": 0}
    assert [m.to for m in mail.outbox] == [[owner.email]]


@pytest.mark.parametrize("persona", ["owner", "executive"])
def test_only_managers_may_send_reminders_now(request, plan, persona):
    client = request.getfixturevalue(f"{persona}_client")

    with mock.patch.object(sweep_reminders, "delay") as enqueue:
        response = client.post(reverse("commplan:reminder_send", args=[plan.pk]))

    assert response.status_code == 403
    assert not enqueue.called


# The executive S&OP meeting in the plan header, and rows that follow it.


def plan_header_data(plan, **changes):
    return form_data(PlanForm(instance=plan), **changes)


def test_the_plan_header_sets_the_sop_meeting_and_the_escalation_days(manager_client, plan):
    response = manager_client.get(reverse("commplan:plan_update", args=[plan.pk]))
    html = response.content.decode()
    assert "When the monthly executive S&OP meeting is held" in html
    assert 'name="escalation_days" value="7" min="0" max="90"' in html

    manager_client.post(
        reverse("commplan:plan_update", args=[plan.pk]),
        plan_header_data(plan, sop_meeting_week=2, sop_meeting_weekday=1, escalation_days=3),
    )

    plan.refresh_from_db()
    assert (plan.sop_meeting_week, plan.sop_meeting_weekday, plan.escalation_days) == (2, 1, 3)


def test_half_a_meeting_is_refused_at_the_missing_field(manager_client, plan):
    response = manager_client.post(
        reverse("commplan:plan_update", args=[plan.pk]),
        plan_header_data(plan, sop_meeting_week=2, sop_meeting_weekday=""),
    )

    assert set(response.context["form"].errors) == {"sop_meeting_weekday"}


def test_the_meeting_stays_while_rows_follow_it(manager_client, plan):
    plan.sop_meeting_week, plan.sop_meeting_weekday = 2, 1
    plan.save()
    PlanRowFactory(plan=plan, cadence=Cadence.SOP_CYCLE, cycle_offset=1)

    response = manager_client.post(
        reverse("commplan:plan_update", args=[plan.pk]),
        plan_header_data(plan, sop_meeting_week="", sop_meeting_weekday=""),
    )

    assert response.status_code == 200
    assert "1 activity follows the S&amp;OP cycle" in response.content.decode()
    plan.refresh_from_db()
    assert plan.has_sop_cycle


def row_data(plan, row, **changes):
    return form_data(PlanRowForm(instance=row), **changes)


def test_a_row_follows_the_sop_cycle_with_its_offset(manager_client, plan, row):
    plan.sop_meeting_week, plan.sop_meeting_weekday = 2, 1
    plan.save()

    manager_client.post(
        reverse("commplan:row_update", args=[plan.pk, row.pk]),
        row_data(plan, row, cadence=Cadence.SOP_CYCLE, cycle_offset="-2"),
    )

    row.refresh_from_db()
    assert (row.cadence, row.cycle_offset) == (Cadence.SOP_CYCLE, -2)


def test_the_sop_cycle_needs_the_plans_meeting_and_says_so_at_the_cadence(
    manager_client, plan, row, snapshot
):
    before = snapshot()

    response = manager_client.post(
        reverse("commplan:row_update", args=[plan.pk, row.pk]),
        row_data(plan, row, cadence=Cadence.SOP_CYCLE, cycle_offset="1"),
    )

    form = response.context["form"]
    assert set(form.errors) == {"cadence"}
    assert "Set when the plan's executive S&OP meeting is held" in form.errors["cadence"][0]
    assert re.search(
        r'id="id_cadence_error"[^>]*>.*?executive S&amp;OP meeting', response.content.decode(), re.S
    )
    assert snapshot() == before


@pytest.mark.parametrize("form_class", [PlanRowForm, PlanRowInlineForm])
def test_the_offset_is_dropped_unless_the_row_follows_the_sop_cycle(plan, row, form_class):
    plan.sop_meeting_week, plan.sop_meeting_weekday = 2, 1
    plan.save()
    data = form_data(form_class(instance=row), cadence=Cadence.MONTHLY, cycle_offset="3")

    form = form_class(data, instance=row)

    assert form.is_valid(), form.errors
    form.save()
    row.refresh_from_db()
    assert (row.cadence, row.cycle_offset) == (Cadence.MONTHLY, None)


def test_the_sop_cycle_without_an_offset_is_refused_in_place(manager_client, plan, row):
    plan.sop_meeting_week, plan.sop_meeting_weekday = 2, 1
    plan.save()
    data = form_data(PlanRowInlineForm(instance=row), cadence=Cadence.SOP_CYCLE)

    response = manager_client.post(reverse("commplan:row_inline", args=[plan.pk, row.pk]), data)

    assert response.status_code == 422
    assert f'id="row{row.pk}_cycle_offset_error"' in response.content.decode()
    assert PlanRow.objects.get(pk=row.pk).cadence == Cadence.ONCE


def test_an_outsider_cannot_see_another_plans_reminders(outsider_client, plan):
    MembershipFactory(plan=plan)  # the plan has people; the outsider is not one of them

    assert reminder_list(outsider_client, plan).status_code == 404


# The Django admin: the follow-up models, with their lists, filters and search.


@pytest.mark.parametrize(
    ("model", "query"),
    [
        ("review", {"q": "Attendance", "happened__exact": "done"}),
        ("profile", {"q": "owner", "reminder_frequency__exact": "weekly"}),
        ("reminder", {"q": "owner", "status__exact": "pending", "kind__exact": "digest"}),
        ("communicationplan", {"archived_at__isempty": "1"}),
    ],
)
def test_the_admin_lists_and_opens_the_follow_up_models(
    admin_client, reminders, row, owner, model, query
):
    Review.objects.create(
        row=row, reviewed_by=owner, happened=Happened.DONE, goal_reached=Goal.YES, evidence="x"
    )
    Profile.objects.create(user=owner, reminder_frequency=ReminderFrequency.WEEKLY)
    changelist = reverse(f"admin:commplan_{model}_changelist")

    listed = admin_client.get(changelist)
    filtered = admin_client.get(changelist, query)

    assert listed.status_code == filtered.status_code == 200
    obj = listed.context["cl"].result_list[0]
    assert (
        admin_client.get(reverse(f"admin:commplan_{model}_change", args=[obj.pk])).status_code
        == 200
    )


def test_the_admin_reminder_shows_its_rows_and_can_retry_pending_ones(admin_client, reminders):
    failing = reminders["failing"]
    change = admin_client.get(reverse("admin:commplan_reminder_change", args=[failing.pk]))
    assert "SMTPServerDisconnected" in change.content.decode()
    assert len(change.context["inline_admin_formsets"][0].formset.forms) == 2

    admin_client.post(
        reverse("admin:commplan_reminder_changelist"),
        {"action": "retry_now", "_selected_action": [failing.pk, reminders["sent"].pk]},
    )

    failing.refresh_from_db()
    assert failing.next_attempt_at <= timezone.now()
    assert failing.status == ReminderStatus.PENDING
