"""S&OP meetings and decisions (issue 15): drafting one activity per affected group, the
follow-through (communicated, late, reminders, summary), what owners see, and attached minutes."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commplan.meetings.cycle import next_meetings
from commplan.meetings.drafting import drafts_for
from commplan.meetings.follow import Status, late_decisions, with_reach
from commplan.models import (
    Decision,
    Meeting,
    MeetingKind,
    PlanRow,
    Profile,
    Role,
    RowStatus,
)
from commplan.reminders import sweep as reminders
from commplan.starter.build import create_plan_from_template
from stakeholders.forms import StakeholderForm

from ..factories import (
    ChannelFactory,
    DecisionFactory,
    MeetingFactory,
    MembershipFactory,
    PlanRowFactory,
    StakeholderFactory,
    form_data,
)

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
MEETING_DAY = datetime.date(2026, 5, 20)  # Wednesday
DAY_AFTER = datetime.date(2026, 5, 21)  # Thursday: the release day


@pytest.fixture
def groups(plan, owner):
    """Sales (by email, owned by `owner`) and the plants (no defaults)."""
    email = ChannelFactory(plan=plan, name="Email")
    return [
        StakeholderFactory(plan=plan, name="Sales", preferred_channel=email, default_owner=owner),
        StakeholderFactory(plan=plan, name="Plants"),
    ]


@pytest.fixture
def decision(plan, groups):
    decision = DecisionFactory(
        meeting=MeetingFactory(plan=plan, date=MEETING_DAY),
        title="Production of PX-200 moves to Aarhus",
        rationale="Capacity in Kolding is needed for the new pump.",
    )
    decision.affected.set(groups)
    return decision


def draft_url(decision):
    return reverse("commplan:decision_draft", args=[decision.meeting.plan_id, decision.pk])


def posted_drafts(client, decision, **changes):
    """GET the draft screen and post it back as shown, with `changes` to the POST data."""
    response = client.get(draft_url(decision))
    formset = response.context["form"]
    data = {
        f"form-{key}": value
        for key, value in formset.management_form.initial.items()
        if key in ("TOTAL_FORMS", "INITIAL_FORMS")
    }
    for form in formset.forms:
        for name in form.fields:
            value = form[name].value()
            if name == "keep":
                value = "on" if value else None
            if value not in (None, ""):
                data[form.add_prefix(name)] = str(value)
    data.update(changes)
    return client.post(draft_url(decision), {k: v for k, v in data.items() if v is not None})


def test_drafts_take_the_groups_channel_and_owner_and_fall_due_the_working_day_after(
    decision, groups, owner
):
    sales, plants = sorted(drafts_for(decision), key=lambda d: d.stakeholder.name != "Sales")

    assert (sales.channel.name, sales.owner, sales.due) == ("Email", owner, DAY_AFTER)
    assert (plants.channel, plants.owner, plants.due) == (None, None, DAY_AFTER)
    assert sales.content.startswith("Production of PX-200 moves to Aarhus.")
    assert "Capacity in Kolding" in sales.content


def test_a_default_owner_who_left_the_plan_owns_no_draft(decision, groups, owner, plan):
    plan.memberships.filter(user=owner).update(role=Role.EXECUTIVE)

    assert all(draft.owner is None for draft in drafts_for(decision))


def test_a_meeting_before_a_holiday_releases_after_it(plan, groups):
    # Wednesday 13 May 2026: the day after is Ascension Day, then Friday.
    decision = DecisionFactory(meeting=MeetingFactory(plan=plan, date=datetime.date(2026, 5, 13)))
    assert decision.release_day == datetime.date(2026, 5, 15)


def test_nothing_is_due_before_the_confidentiality_ends(decision):
    decision.confidential_until = datetime.date(2026, 6, 1)
    decision.save()

    assert {draft.due for draft in drafts_for(decision)} == {datetime.date(2026, 6, 1)}


def test_the_manager_confirms_edits_and_drops_drafts_on_one_screen(
    manager_client, decision, groups, owner
):
    response = posted_drafts(
        manager_client,
        decision,
        **{"form-0-keep": None, "form-1-content": "PX-200 moves to Aarhus in June."},
    )

    assert response.status_code == 302
    assert response["Location"] == decision.get_absolute_url()
    (row,) = PlanRow.objects.filter(decision=decision)
    # Plants came first (by name) and was dropped; Sales was kept with an edited message.
    assert row.stakeholder == groups[0]
    assert (row.owner, row.channel.name) == (owner, "Email")
    assert (row.scheduled_date, row.next_review_date) == (DAY_AFTER, DAY_AFTER)
    assert row.message.content == "PX-200 moves to Aarhus in June."
    assert row.history.get().history_user.username == "manager"
    # The dropped group can still be drafted later; the drafted one is not offered again.
    assert [d.stakeholder for d in drafts_for(decision)] == [groups[1]]


def test_a_draft_due_before_the_confidentiality_is_refused_and_nothing_saved(
    manager_client, decision, snapshot
):
    decision.confidential_until = datetime.date(2026, 6, 1)
    decision.save()
    before = snapshot()

    response = posted_drafts(manager_client, decision, **{"form-0-due": "2026-05-21"})

    assert response.status_code == 200
    assert "confidential until" in response.content.decode()
    assert snapshot() == before


def test_a_tampered_group_is_refused(manager_client, decision, plan, snapshot):
    stranger = StakeholderFactory(plan=plan, name="Not affected")
    before = snapshot()

    response = posted_drafts(manager_client, decision, **{"form-0-stakeholder": stranger.pk})

    assert response.status_code == 200
    assert snapshot() == before


def test_a_decision_is_communicated_when_every_groups_activity_is_done(decision, groups, plan):
    rows = [
        PlanRowFactory(plan=plan, stakeholder=group, decision=decision, next_review_date=None)
        for group in groups
    ]
    today = datetime.date(2026, 5, 21)
    (state,) = with_reach([Decision.objects.get(pk=decision.pk)], today)
    assert (state.status, state.heard_count) == (Status.UNDER_WAY, 0)

    rows[0].status = RowStatus.DONE
    rows[0].save()
    (state,) = with_reach([Decision.objects.get(pk=decision.pk)], today)
    assert (state.status, state.heard_count) == (Status.UNDER_WAY, 1)

    rows[1].status = RowStatus.DONE
    rows[1].save()
    (state,) = with_reach([Decision.objects.get(pk=decision.pk)], today)
    assert (state.status, state.communicated) == (Status.COMMUNICATED, True)
    assert late_decisions([plan.pk], datetime.date(2026, 6, 1)) == []


def test_a_decision_not_communicated_by_its_release_day_is_late(decision, plan):
    assert late_decisions([plan.pk], DAY_AFTER) == []
    assert late_decisions([plan.pk], DAY_AFTER + datetime.timedelta(days=1)) == [decision]


def test_the_dashboard_warns_of_late_decisions(manager_client, decision, plan, groups):
    PlanRowFactory(plan=plan, stakeholder=groups[0], decision=decision, status=RowStatus.DONE)

    html = manager_client.get(reverse("commplan:plan_dashboard", args=[plan.pk])).content.decode()

    # The meeting (May 2026) is in the past: its decision, and the group that has heard.
    assert "Production of PX-200 moves to Aarhus" in html
    assert "✓ Sales" in html


def test_the_owners_reminder_names_the_decision(decision, groups, owner, plan, settings):
    settings.SITE_URL = "https://plan.example.dk"
    PlanRowFactory(
        plan=plan,
        owner=owner,
        stakeholder=groups[0],
        decision=decision,
        scheduled_date=DAY_AFTER,
        next_review_date=DAY_AFTER,
    )

    reminders.sweep(now=datetime.datetime(2026, 5, 21, 7, tzinfo=COPENHAGEN))

    (email,) = mail.outbox
    assert email.to == [owner.email]
    assert "Decision: “Production of PX-200 moves to Aarhus”" in email.body
    assert "Production of PX-200 moves to Aarhus" in email.alternatives[0][0]


def test_the_weekly_summary_lists_late_decisions(decision, plan, executive, settings):
    settings.SITE_URL = "https://plan.example.dk"
    Profile.objects.create(user=executive, weekly_summary=True)

    reminders.sweep(now=datetime.datetime(2026, 6, 1, 8, tzinfo=COPENHAGEN))

    (email,) = [m for m in mail.outbox if m.to == [executive.email]]
    assert "1 S&OP decision was not communicated by its release day" in email.body
    assert "Production of PX-200 moves to Aarhus" in email.body
    assert f"https://plan.example.dk/plans/{plan.pk}/decisions/{decision.pk}/" in email.body


def test_owners_see_only_the_decisions_behind_their_rows(owner_client, owner, plan, decision):
    other = DecisionFactory(meeting=MeetingFactory(plan=plan), title="Secret price increase")
    list_url = reverse("commplan:meeting_list", args=[plan.pk])

    assert "Secret price increase" not in owner_client.get(list_url).content.decode()
    assert owner_client.get(other.get_absolute_url()).status_code == 404
    assert owner_client.get(decision.get_absolute_url()).status_code == 404

    row = PlanRowFactory(plan=plan, owner=owner, decision=decision)
    assert owner_client.get(decision.get_absolute_url()).status_code == 200
    html = owner_client.get(row.get_absolute_url()).content.decode()
    assert "Production of PX-200 moves to Aarhus" in html


def test_executives_read_every_decision(executive_client, decision):
    response = executive_client.get(decision.meeting.get_absolute_url())
    assert "Production of PX-200 moves to Aarhus" in response.content.decode()
    assert "Record a decision" not in response.content.decode()


def meeting_post(plan, upload, **fields):
    return {"kind": MeetingKind.EXECUTIVE, "date": "2026-05-20", "minutes_upload": upload} | fields


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("minutes.pdf", b"MZ\x90\x00 not a pdf", "not a PDF document"),
        ("minutes.exe", b"MZ\x90\x00", "Attach the minutes as PDF"),
        ("minutes.txt", b"\xff\xfe\x00binary", "plain text in UTF-8"),
        ("minutes.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "minutes may be up to 5"),
    ],
    ids=["disguised", "executable", "binary-text", "too-large"],
)
def test_an_unacceptable_minutes_file_is_refused_and_nothing_saved(
    manager_client, plan, snapshot, name, content, problem
):
    before = snapshot()
    url = reverse("commplan:meeting_create", args=[plan.pk])

    response = manager_client.post(url, meeting_post(plan, SimpleUploadedFile(name, content)))

    assert response.status_code == 200
    assert problem in response.content.decode()
    assert snapshot() == before


def test_attached_minutes_are_kept_and_handed_back(manager_client, executive_client, plan):
    url = reverse("commplan:meeting_create", args=[plan.pk])
    upload = SimpleUploadedFile("Referat maj.pdf", b"%PDF-1.7 minutes of May")

    response = manager_client.post(url, meeting_post(plan, upload))

    meeting = Meeting.objects.get(plan=plan)
    assert response["Location"] == meeting.get_absolute_url()
    download = executive_client.get(reverse("commplan:meeting_minutes", args=[plan.pk, meeting.pk]))
    assert download.content == b"%PDF-1.7 minutes of May"
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]


def test_the_cycle_proposes_the_next_meetings_on_working_days(plan):
    plan.sop_meeting_week, plan.sop_meeting_weekday = 3, 2  # third Wednesday
    plan.save()
    MeetingFactory(plan=plan, kind=MeetingKind.DEMAND_REVIEW, date=datetime.date(2026, 5, 7))

    proposals = {p.kind: p.date for p in next_meetings(plan, datetime.date(2026, 5, 4))}

    # May's executive meeting is Wednesday 20 May; its demand review is recorded already.
    assert proposals[MeetingKind.EXECUTIVE] == datetime.date(2026, 5, 20)
    assert proposals[MeetingKind.PRE_SOP] == datetime.date(2026, 5, 15)  # 14 May is a holiday
    assert proposals[MeetingKind.DEMAND_REVIEW] > datetime.date(2026, 5, 20)


def test_the_template_plan_has_the_pilots_monthly_meetings(manager):
    plan = create_plan_from_template(
        manager,
        organisation="Vestjysk Ventil A/S",
        start_date=datetime.date(2026, 1, 5),
        products="Ball valves",
        meeting_week=3,
        meeting_weekday=1,
    )

    meetings = list(plan.meetings.order_by("date"))
    kinds = {meeting.kind for meeting in meetings}
    assert kinds == set(MeetingKind.values)
    assert len(meetings) >= 12  # the pilot's three cycles, four meetings each
    assert all(m.date.weekday() < 5 for m in meetings)
    executive = [m.date for m in meetings if m.kind == MeetingKind.EXECUTIVE]
    # The pilot starts on 26 May (week 20, after Whit Monday): June's third Tuesday comes first.
    assert executive[0] == datetime.date(2026, 6, 16)


def test_the_plans_calendar_feed_has_its_meetings(client, plan, owner, decision):
    Profile.objects.create(user=owner, calendar_token="t" * 43)
    url = reverse("commplan:calendar_plan_feed", args=["t" * 43, plan.pk])

    text = client.get(url).content.decode()

    assert "SUMMARY:S&OP meeting: Executive S&OP meeting" in text
    assert "DTSTART;VALUE=DATE:20260520" in text


def test_a_stakeholders_default_owner_must_own_activities_in_the_plan(
    manager_client, plan, executive
):
    group = StakeholderFactory(plan=plan)
    url = reverse("stakeholders:stakeholder_update", args=[plan.pk, group.pk])
    data = form_data(StakeholderForm(instance=group), default_owner=executive.pk)

    response = manager_client.post(url, data)

    assert response.status_code == 200
    group.refresh_from_db()
    assert group.default_owner is None


def test_deleting_a_meeting_keeps_its_activities_without_the_link(
    manager_client, plan, decision, groups
):
    row = PlanRowFactory(plan=plan, stakeholder=groups[0], decision=decision)
    url = reverse("commplan:meeting_delete", args=[plan.pk, decision.meeting_id])

    manager_client.post(url)

    row.refresh_from_db()
    assert row.decision is None
    assert row.history.first().decision_id is None  # the unlinking is in the history
    assert not Decision.objects.filter(pk=decision.pk).exists()


def test_an_executive_attendee_sees_their_meetings_marked_on_the_dashboard(
    executive_client, executive, decision, plan
):
    decision.meeting.attendees.add(executive)
    MembershipFactory(plan=plan, role=Role.OWNER)

    html = executive_client.get(reverse("commplan:plan_dashboard", args=[plan.pk])).content.decode()

    assert "You attended" in html


def test_meetings_and_decisions_have_a_history(manager_client, owner_client, plan, decision):
    decision.title = "Production of PX-200 moves to Aarhus in June"
    decision.save()
    url = reverse("commplan:object_history", args=[plan.pk, "decision", decision.pk])

    html = manager_client.get(url).content.decode()
    changes = manager_client.get(reverse("commplan:plan_changes", args=[plan.pk]))

    assert "Production of PX-200 moves to Aarhus in June" in html
    assert "Production of PX-200 moves to Aarhus in June" in changes.content.decode()
    assert owner_client.get(url).status_code == 404


def test_overdue_decision_communication_escalates_to_managers(
    decision, groups, owner, manager, plan, settings
):
    settings.SITE_URL = "https://plan.example.dk"
    PlanRowFactory(
        plan=plan,
        owner=owner,
        stakeholder=groups[0],
        decision=decision,
        scheduled_date=DAY_AFTER,
        next_review_date=DAY_AFTER,
    )

    reminders.sweep(now=datetime.datetime(2026, 6, 8, 7, tzinfo=COPENHAGEN))

    (escalation,) = [m for m in mail.outbox if m.to == [manager.email]]
    assert "Decision: “Production of PX-200 moves to Aarhus”" in escalation.body
