"""Who may open and post to every page (DESIGN.md §3).

Every URL name of commplan, stakeholders and milestones × every persona × GET and POST. The URL
names come from the root resolver, so a new view without an entry in PAGES fails here, and
tests/test_url_sweep.py sweeps every other pattern of the project. Each write page gets real,
valid POST data: a 403 is the permission, not a form error. A refused request changes no table
(the `snapshot` fixture: every table but the sessions, history records and sign-in records
included); a 403 or 404 is our own page.
"""

import copy
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from commplan.catalogue.forms import ChannelForm, MessageForm
from commplan.followup.forms import ReviewForm
from commplan.imports import staging
from commplan.meetings.forms import DecisionForm, MeetingForm
from commplan.models import (
    ApiToken,
    Baseline,
    Channel,
    CommunicationPlan,
    Decision,
    FeedbackLink,
    FeedbackResponse,
    Meeting,
    MeetingKind,
    Membership,
    Message,
    PlanRow,
    Profile,
    Readiness,
    ReadinessRecord,
    ReadinessTarget,
    ReminderFrequency,
    Review,
    Role,
    RowStatus,
    TeamsWebhook,
)
from commplan.plans.forms import PlanForm
from commplan.reminders.emails import unsubscribe_token
from commplan.rows.forms import AssuranceForm, PlanRowForm, PlanRowInlineForm
from commplan.teams import crypto
from milestones.forms import MilestoneForm
from milestones.models import Milestone
from stakeholders.forms import StakeholderForm
from stakeholders.models import Stakeholder

from ..factories import (
    ChannelFactory,
    MilestoneFactory,
    PlanRowFactory,
    UserFactory,
    form_data,
)
from ..matrix import (
    MATRIX_TOKEN,
    PERSONAS,
    app_url_names,
    assert_changed,
    assert_our_refusal_page,
    changed_fields,
    redirect_to_login,
    same_cookies,
    seeded_once,
)
from .import_files import excel_csv

LOGIN = "login"


@dataclass
class Page:
    """How a page answers. `site` pages are not inside one plan; `read` pages are open to every
    member; `write` pages to managers only (and to the row's owner when `owner_may`).

    `public` pages are public by secret: the calendar feeds, fetched by calendar apps without a
    session. The token in the address is the credential, so every persona, signed in or not,
    gets the same answer for the same address; which tokens and plans answer 404 is in
    tests/commplan/test_calendar.py."""

    scope: str
    kwargs: Callable = lambda w: {}
    data: Callable = lambda w: {}
    changed: Callable | None = None  # asserts what a successful POST did
    get: int = 200
    post: int = 302
    owner_may: bool = False
    # Asserts what the owner's successful POST did, given the changed fields; else `changed`.
    owner_changed: Callable | None = None


def digest_turned_off(w):
    assert Profile.objects.get(user=w.owner).reminder_frequency == ReminderFrequency.OFF


def plan_kwargs(w):
    return {"pk": w.plan.pk}


def in_plan(attr):
    return lambda w: {"plan_pk": w.plan.pk, "pk": getattr(w, attr).pk}


def plan_only(w):
    return {"plan_pk": w.plan.pk}


def gone(model, attr):
    def check(w):
        assert not model.objects.filter(pk=getattr(w, attr).pk).exists()

    return check


def created(model, **lookup):
    def check(w):
        assert model.objects.filter(plan=w.plan, **lookup).exists()

    return check


def updated(attr, **expected):
    def check(w):
        obj = getattr(w, attr)
        obj.refresh_from_db()
        for field, value in expected.items():
            assert getattr(obj, field) == value

    return check


def plan_created(w):
    plan = CommunicationPlan.objects.get(name="A new plan")
    assert plan.role_for(w.user) == Role.MANAGER


def template_plan_created(w):
    plan = CommunicationPlan.objects.get(organisation="Vestjysk Ventil A/S")
    assert plan.role_for(w.user) == Role.MANAGER
    assert plan.rows.count() > 0


def plan_archived(w):
    assert CommunicationPlan.objects.get(pk=w.plan.pk).archived_at is not None


def plan_copied(w):
    copy = CommunicationPlan.objects.get(name="Roll-out Herning")
    assert copy.role_for(w.user) == Role.MANAGER
    assert copy.rows.count() == w.plan.rows.count()


def row_created(w):
    new = PlanRow.objects.exclude(pk=w.row.pk).get(plan=w.plan)
    assert (new.stakeholder, new.message, new.owner) == (w.stakeholder, w.message, w.owner)
    assert new.planned_hours == Decimal("3")


def row_data(w):
    return form_data(
        PlanRowForm(instance=w.row),
        assurance="Checked at every pre-S&OP meeting",
        planned_cost="9999",
        status=RowStatus.ACTIVE,
    )


def only_assurance_changed(w, diff):
    """The owner posted every field of the row; only how it is ensured may change, and the
    change is in the row's history."""
    record = PlanRow.history.filter(id=w.row.pk).latest()
    assert (record.assurance, record.history_user) == (
        "Checked at every pre-S&OP meeting",
        w.owner,
    )
    assert diff == {
        ("commplan.PlanRow", w.row.pk, "assurance"),
        ("commplan.HistoricalPlanRow", record.history_id, None),
    }


def review_data(w):
    return form_data(
        ReviewForm(instance=Review(row=w.row)),
        happened="done",
        goal_reached="yes",
        evidence="Minutes of the pre-S&OP meeting",
        actual_hours="2",
    )


def review_recorded(w):
    review = Review.objects.get(row=w.row)
    assert (review.reviewed_by, review.due_date) == (w.user, w.row.next_review_date)
    assert review.actual_hours == Decimal("2")
    w.row.refresh_from_db()
    # A one-off activity whose communication happened is done.
    assert (w.row.status, w.row.next_review_date) == (RowStatus.DONE, None)


def settings_saved(w):
    profile = Profile.objects.get(user=w.user)
    assert (profile.reminder_frequency, profile.language) == (ReminderFrequency.WEEKLY, "da")


def feed_renewed(w):
    token = Profile.objects.get(user=w.user).calendar_token
    assert token and token != MATRIX_TOKEN


def token_created(w):
    """A second token, named as posted; the page shows it (tests/api/test_tokens.py)."""
    assert w.user.api_tokens.filter(name="Power BI").exists()


def own_token(w):
    """The signed-in person's own token (the manager's outside the matrix, the owner's when
    nobody is signed in)."""
    persona = getattr(w, "user_persona", "manager")
    return {"pk": w.tokens["owner" if persona == "anonymous" else persona][0].pk}


def token_revoked(w):
    assert not ApiToken.objects.filter(pk=own_token(w)["pk"]).exists()


TEAMS_URL = (
    "https://prod-01.westeurope.logic.azure.com/workflows/abc123/triggers/manual/paths/invoke"
    "?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=MatrixSignature1"
)


def teams_connected(**owner):
    def check(w):
        hook = TeamsWebhook.objects.get(**{key: getattr(w, attr) for key, attr in owner.items()})
        assert crypto.decrypt(hook.url_encrypted) == TEAMS_URL

    return check


def inline_data(w):
    return form_data(PlanRowInlineForm(instance=w.row), planned_hours="7.5", assurance="Inline")


def import_file(w):
    """One activity for the plan's stakeholder, owned by its owner, as a Danish Excel CSV."""
    rows = [["Interessenter (målgruppe)", "Budskabsindhold og mål", "Ansvarliges e-mail"]]
    rows.append([w.stakeholder.name, "Imported message", w.owner.email])
    return excel_csv(rows, encoding="utf-8", bom=True)


def staged_import(w):
    """The preview of an upload the plan's manager made."""
    token = staging.stage(import_file(w), "plan.csv", w.plan, w.manager)
    return {"plan_pk": w.plan.pk, "token": token}


def imported(w):
    row = PlanRow.objects.get(plan=w.plan, message__content="Imported message")
    assert (row.stakeholder, row.owner) == (w.stakeholder, w.owner)


def baseline_saved(w):
    baseline = Baseline.objects.get(plan=w.plan, name="Pilot approved")
    assert baseline.created_by == w.user
    assert str(w.row.pk) in baseline.snapshot["rows"]


def meeting_data(w):
    return form_data(
        MeetingForm(instance=Meeting(plan=w.plan)),
        kind=MeetingKind.PRE_SOP,
        date="2026-05-15",
        attendees=[w.executive.pk],
        minutes="Capacity trade-off prepared",
    )


def readiness_recorded(w):
    record = ReadinessRecord.objects.get(stakeholder=w.stakeholder)
    assert (record.position, record.recorded_by) == (Readiness.SUPPORTIVE, w.user)


def readiness_target_set(w):
    target = ReadinessTarget.objects.get(stakeholder=w.stakeholder, milestone=w.milestone)
    assert target.position == Readiness.LEADING


def pulse_link(w):
    """The row's feedback link (made before the request, so it is no change of the request)."""
    return FeedbackLink.objects.get_or_create(row=w.row, occurrence=None, plan=w.plan)[0]


def meeting_recorded(w):
    meeting = Meeting.objects.get(plan=w.plan, kind=MeetingKind.PRE_SOP)
    assert list(meeting.attendees.all()) == [w.executive]


def decision_data(w):
    return form_data(
        DecisionForm(instance=Decision(meeting=w.meeting)),
        title="Phase out the PX-200",
        affected=[w.stakeholder.pk],
        urgency="urgent",
    )


def draft_data(w):
    return {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-keep": "on",
        "form-0-stakeholder": str(w.stakeholder.pk),
        "form-0-channel": str(w.channel.pk),
        "form-0-owner": str(w.owner.pk),
        "form-0-content": "We phase out the PX-200.",
        "form-0-due": "2026-05-21",
    }


def text_hidden(w):
    assert FeedbackResponse.objects.filter(pk=w.pulse_answer.pk, text_hidden=True).exists()


def decision_recorded(w):
    assert Decision.objects.filter(meeting=w.meeting, title="Phase out the PX-200").exists()


def drafted(w):
    row = PlanRow.objects.get(decision=w.decision, stakeholder=w.stakeholder)
    assert (row.owner, row.channel, row.next_review_date) == (
        w.owner,
        w.channel,
        datetime.date(2026, 5, 21),
    )


def answer_saved(w):
    answer = FeedbackResponse.objects.filter(link=w.pulse_link).latest("pk")
    assert (answer.clarity, answer.meaning, answer.plan) == (4, "partly", w.plan)


def link_closed(w):
    link = FeedbackLink.objects.get(pk=w.pulse_link.pk)
    assert (link.is_closed, link.closed_by) == (True, w.user)


def pdel(model, attr):
    return Page("write", in_plan(attr), changed=gone(model, attr))


PAGES = {
    "commplan:home": Page("site", get=302, post=302),
    "commplan:manifest": Page("public", get=200, post=405),
    "commplan:plan_list": Page("site", post=405),
    "commplan:my_work": Page("site", post=405),
    # Everyone in the matrix is on exactly one plan, so the roll-up sends them to its dashboard.
    "commplan:dashboard": Page("site", get=302, post=405),
    "commplan:plan_dashboard": Page("read", plan_kwargs),
    "commplan:plan_create": Page(
        "site",
        data=lambda w: form_data(PlanForm(), name="A new plan", currency="DKK"),
        changed=plan_created,
    ),
    "commplan:plan_from_template": Page(
        "site",
        data=lambda w: {
            "organisation": "Vestjysk Ventil A/S",
            "products": "Ball valves",
            "start_date": timezone.localdate().isoformat(),
            "meeting_week": "3",
            "meeting_weekday": "1",
        },
        changed=template_plan_created,
    ),
    "commplan:plan_copy": Page(
        "write",
        plan_kwargs,
        data=lambda w: {"name": "Roll-out Herning", "offset": "4", "unit": "weeks"},
        changed=plan_copied,
    ),
    "commplan:plan_detail": Page("read", plan_kwargs),
    "commplan:plan_export": Page("read", plan_kwargs),
    "commplan:plan_update": Page(
        "write",
        plan_kwargs,
        data=lambda w: form_data(PlanForm(instance=w.plan), name="Renamed", currency="eur"),
        changed=updated("plan", name="Renamed", currency="EUR"),
    ),
    "commplan:plan_archive": Page(
        "write",
        plan_kwargs,
        get=405,
        data=lambda w: {"action": "archive", "confirmed": "1"},
        changed=plan_archived,
    ),
    "commplan:plan_delete": Page(
        "write",
        plan_kwargs,
        data=lambda w: {"confirm_name": w.plan.name},
        changed=gone(CommunicationPlan, "plan"),
    ),
    "commplan:row_create": Page(
        "write",
        plan_only,
        data=lambda w: form_data(
            PlanRowForm(instance=PlanRow(plan=w.plan)),
            stakeholder=w.stakeholder.pk,
            message=w.message.pk,
            owner=w.owner.pk,
            planned_hours="3",
        ),
        changed=row_created,
    ),
    "commplan:row_detail": Page("read", in_plan("row")),
    "commplan:object_history": Page(
        "read", lambda w: {"plan_pk": w.plan.pk, "kind": "stakeholder", "pk": w.stakeholder.pk}
    ),
    # Managers only, readable when archived; the list takes no POST.
    "commplan:plan_changes": Page("write", plan_only, post=405),
    "commplan:baseline_list": Page("read", plan_only),
    "commplan:baseline_create": Page(
        "write",
        plan_only,
        data=lambda w: {"name": "Pilot approved", "note": "Steering committee"},
        changed=baseline_saved,
    ),
    "commplan:baseline_detail": Page("read", in_plan("baseline")),
    "commplan:baseline_delete": pdel(Baseline, "baseline"),
    "commplan:row_update": Page(
        "write",
        in_plan("row"),
        data=row_data,
        changed=updated(
            "row",
            assurance="Checked at every pre-S&OP meeting",
            planned_cost=Decimal("9999"),
            status=RowStatus.ACTIVE,
        ),
        owner_may=True,
        owner_changed=only_assurance_changed,
    ),
    "commplan:review_create": Page(
        "write", in_plan("row"), data=review_data, changed=review_recorded, owner_may=True
    ),
    # Public by secret: the link's signed token; anyone, signed in or not, may answer.
    "commplan:feedback_answer": Page(
        "public",
        lambda w: {"token": w.pulse_link.token},
        data=lambda w: {"clarity": "4", "meaning": "partly"},
        changed=answer_saved,
    ),
    "commplan:feedback_link_create": Page(
        "write",
        in_plan("row"),
        get=405,
        data=lambda w: {"occurrence": ""},
        changed=lambda w: created(FeedbackLink, row=w.row, occurrence=None)(w),
        owner_may=True,
    ),
    "commplan:feedback_link_close": Page(
        "write",
        lambda w: {"plan_pk": w.plan.pk, "pk": w.pulse_link.pk},
        get=405,
        data=lambda w: {"close": "1"},
        changed=link_closed,
    ),
    "commplan:feedback_qr": Page(
        "read", lambda w: {"plan_pk": w.plan.pk, "pk": w.pulse_link.pk, "kind": "svg"}
    ),
    "commplan:feedback_text_hide": Page(
        "write",
        lambda w: {"plan_pk": w.plan.pk, "pk": w.pulse_answer.pk},
        get=405,
        data=lambda w: {"hide": "1"},
        changed=text_hidden,
    ),
    "commplan:my_settings": Page(
        "site",
        data=lambda w: {"reminder_frequency": ReminderFrequency.WEEKLY, "language": "da"},
        changed=settings_saved,
    ),
    # Everyone's own tokens; another person's token answers 404 (tests/api/test_tokens.py).
    "commplan:api_token_list": Page(
        "site",
        data=lambda w: {"name": "Power BI", "expires_in": "90"},
        post=200,
        changed=token_created,
    ),
    "commplan:api_token_revoke": Page("site", own_token, get=405, changed=token_revoked),
    "commplan:calendar_key": Page(
        "site", get=405, data=lambda w: {"action": "renew"}, changed=feed_renewed
    ),
    # The owner's feed addresses, fetched by each persona's client (see Page).
    "commplan:calendar_feed": Page("public", lambda w: {"token": MATRIX_TOKEN}, post=405),
    "commplan:calendar_plan_feed": Page(
        "public", lambda w: {"token": MATRIX_TOKEN, "pk": w.plan.pk}, post=405
    ),
    # The owner's digest unsubscribe link, followed by each persona's client: GET asks, POST
    # turns the owner's digest off (tests/commplan/test_unsubscribe.py has the rest).
    "commplan:unsubscribe": Page(
        "public",
        lambda w: {"token": unsubscribe_token(w.owner)},
        data=lambda w: {"List-Unsubscribe": "One-Click"},  # the RFC 8058 body
        post=200,
        changed=digest_turned_off,
    ),
    # Managers only; with no address yet, the test button says so and changes nothing.
    "commplan:plan_teams": Page(
        "write",
        plan_only,
        data=lambda w: {"url": TEAMS_URL, "language": "da"},
        changed=teams_connected(plan="plan"),
    ),
    "commplan:plan_teams_test": Page("write", plan_only, get=405),
    # Everyone's own address.
    "commplan:my_teams": Page(
        "site", data=lambda w: {"url": TEAMS_URL}, changed=teams_connected(user="user")
    ),
    "commplan:my_teams_test": Page("site", get=405),
    # Managers only; the list takes no POST, and sending takes no GET.
    "commplan:reminder_list": Page("write", plan_only, post=405),
    "commplan:reminder_send": Page("write", plan_only, get=405),
    "commplan:row_inline": Page(
        "write",
        in_plan("row"),
        data=inline_data,
        changed=updated("row", planned_hours=Decimal("7.5"), assurance="Inline"),
        post=200,
    ),
    "commplan:row_delete": pdel(PlanRow, "row"),
    # A successful upload saves nothing: it leads on to the preview.
    "commplan:import_upload": Page(
        "write",
        plan_only,
        data=lambda w: {"file": SimpleUploadedFile("plan.csv", import_file(w))},
    ),
    "commplan:import_preview": Page(
        "write", staged_import, data=lambda w: {"action": "commit"}, changed=imported
    ),
    "commplan:channel_list": Page("read", plan_only),
    "commplan:channel_create": Page(
        "write",
        plan_only,
        data=lambda w: form_data(ChannelForm(), name="Town hall Q3", kind="town_hall"),
        changed=created(Channel, name="Town hall Q3", kind="town_hall"),
    ),
    "commplan:channel_update": Page(
        "write",
        in_plan("channel"),
        data=lambda w: form_data(ChannelForm(instance=w.channel), name="Intranet news"),
        changed=updated("channel", name="Intranet news"),
    ),
    "commplan:channel_delete": pdel(Channel, "channel"),
    "commplan:message_list": Page("read", plan_only),
    "commplan:message_create": Page(
        "write",
        plan_only,
        data=lambda w: form_data(MessageForm(), content="Why S&OP", goal="Buy-in"),
        changed=created(Message, content="Why S&OP", goal="Buy-in"),
    ),
    "commplan:message_update": Page(
        "write",
        in_plan("message"),
        data=lambda w: form_data(MessageForm(instance=w.message), content="The new cycle"),
        changed=updated("message", content="The new cycle"),
    ),
    "commplan:message_delete": pdel(Message, "message"),
    "commplan:meeting_list": Page("read", plan_only),
    "commplan:meeting_create": Page(
        "write", plan_only, data=meeting_data, changed=meeting_recorded
    ),
    "commplan:meeting_detail": Page("read", in_plan("meeting")),
    "commplan:meeting_update": Page(
        "write",
        in_plan("meeting"),
        data=lambda w: form_data(MeetingForm(instance=w.meeting), minutes="Approved"),
        changed=updated("meeting", minutes="Approved"),
    ),
    "commplan:meeting_delete": pdel(Meeting, "meeting"),
    # The attached minutes, for every member who may see the meeting.
    "commplan:meeting_minutes": Page("read", in_plan("meeting")),
    "commplan:decision_create": Page(
        "write",
        lambda w: {"plan_pk": w.plan.pk, "meeting_pk": w.meeting.pk},
        data=decision_data,
        changed=decision_recorded,
    ),
    # The owner sees it: it is behind their row.
    "commplan:decision_detail": Page("read", in_plan("decision")),
    "commplan:decision_update": Page(
        "write",
        in_plan("decision"),
        data=lambda w: form_data(DecisionForm(instance=w.decision), title="Changed"),
        changed=updated("decision", title="Changed"),
    ),
    "commplan:decision_delete": pdel(Decision, "decision"),
    "commplan:decision_draft": Page(
        "write", in_plan("decision"), data=lambda w: draft_data(w), changed=drafted
    ),
    "commplan:member_list": Page("read", plan_only),
    "commplan:member_create": Page(
        "write",
        plan_only,
        data=lambda w: {"person": "newcomer@example.com", "role": Role.OWNER},
        changed=lambda w: created(Membership, user=w.newcomer, role=Role.OWNER)(w),
    ),
    "commplan:member_update": Page(
        "write",
        in_plan("bystander"),
        data=lambda w: {"role": Role.EXECUTIVE},
        changed=updated("bystander", role=Role.EXECUTIVE),
    ),
    "commplan:member_delete": pdel(Membership, "bystander"),
    "commplan:readiness_detail": Page("read", in_plan("stakeholder")),
    # Managers record where a group stands and set its targets from the readiness page.
    "commplan:readiness_record": Page(
        "write",
        in_plan("stakeholder"),
        get=405,
        data=lambda w: {
            "position": Readiness.SUPPORTIVE,
            "recorded_on": timezone.localdate().isoformat(),
            "reason": "Asked for the next workshop",
        },
        changed=readiness_recorded,
    ),
    "commplan:readiness_targets": Page(
        "write",
        in_plan("stakeholder"),
        get=405,
        data=lambda w: {f"milestone_{w.milestone.pk}": Readiness.LEADING},
        changed=readiness_target_set,
    ),
    "stakeholders:stakeholder_list": Page("read", plan_only),
    "stakeholders:stakeholder_create": Page(
        "write",
        plan_only,
        data=lambda w: form_data(StakeholderForm(), name="Key customers", importance=5),
        changed=created(Stakeholder, name="Key customers", importance=5),
    ),
    "stakeholders:stakeholder_update": Page(
        "write",
        in_plan("stakeholder"),
        data=lambda w: form_data(StakeholderForm(instance=w.stakeholder), involvement=1),
        changed=updated("stakeholder", involvement=1),
    ),
    "stakeholders:stakeholder_delete": pdel(Stakeholder, "stakeholder"),
    "milestones:milestone_list": Page("read", plan_only),
    "milestones:milestone_create": Page(
        "write",
        plan_only,
        data=lambda w: form_data(
            MilestoneForm(), title="Pilot go-live", phase=4, planned_date="2026-09-01"
        ),
        changed=created(Milestone, title="Pilot go-live"),
    ),
    "milestones:milestone_update": Page(
        "write",
        in_plan("milestone"),
        data=lambda w: form_data(MilestoneForm(instance=w.milestone), title="Executive S&OP"),
        changed=updated("milestone", title="Executive S&OP"),
    ),
    "milestones:milestone_delete": pdel(Milestone, "milestone"),
}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The plan, its people and a client per persona (tests/matrix.py), built once for the
    module."""
    with seeded_once(django_db_blocker) as seeded:
        yield seeded


@pytest.fixture
def world(db, seeded):
    """A copy of the module's objects: a test may change them in memory."""
    return copy.deepcopy(seeded[0])


def expected_status(page, persona, method):
    if page.scope == "public":
        return page.get if method == "GET" else page.post
    if persona == "anonymous":
        return LOGIN
    if page.scope == "site":
        return page.get if method == "GET" else page.post
    if persona == "outsider":
        return 404
    if page.scope == "read":
        return 200 if method == "GET" else 405
    if persona == "manager" or (persona == "owner" and page.owner_may):
        return page.get if method == "GET" else page.post
    return 403


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", app_url_names())
def test_permission_matrix(seeded, world, snapshot, name, persona, method):
    page = PAGES.get(name)
    assert page is not None, f"{name} has no entry in PAGES: say who may use it"
    client = seeded[1][persona]
    world.user = getattr(world, persona, None)
    world.user_persona = persona
    url = reverse(name, kwargs=page.kwargs(world))
    before = snapshot()

    with same_cookies(client):
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, page.data(world))

    expected = expected_status(page, persona, method)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"] == redirect_to_login(url)
    else:
        assert response.status_code == expected, response.content.decode()[:2000]
        assert_our_refusal_page(response)

    succeeded = method == "POST" and expected == page.post and page.changed is not None
    if succeeded and persona == "owner" and page.owner_changed is not None:
        assert_changed(page.owner_changed, world, changed_fields(before, snapshot()))
    elif succeeded:
        assert_changed(page.changed, world)
    else:
        assert snapshot() == before


# What the matrix cannot say in one status code.


def test_owner_edits_only_how_their_row_is_ensured(owner_client, row):
    response = owner_client.get(reverse("commplan:row_update", args=[row.plan_id, row.pk]))

    assert response.status_code == 200
    assert isinstance(response.context["form"], AssuranceForm)
    assert [field.name for field in response.context["form"].visible_fields()] == ["assurance"]
    assert 'name="planned_cost"' not in response.content.decode()


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_owner_cannot_edit_someone_elses_row(owner_client, plan, manager, snapshot, method):
    other = PlanRowFactory(plan=plan, owner=manager)
    url = reverse("commplan:row_update", args=[plan.pk, other.pk])
    before = snapshot()

    response = getattr(owner_client, method.lower())(url, {"assurance": "Mine now"})

    assert response.status_code == 403
    assert snapshot() == before


def test_inline_get_returns_the_edit_fragment(manager_client, row):
    response = manager_client.get(reverse("commplan:row_inline", args=[row.plan_id, row.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith(f'<tr id="row-{row.pk}" class="row-editing">')
    assert "<html" not in html
    form = re.search(r'<form[^>]*data-hx-post="([^"]+)".*?</form>', html, re.S)
    assert form.group(1) == reverse("commplan:row_inline", args=[row.plan_id, row.pk])
    hours_input = re.search(r'<input[^>]*name="planned_hours"[^>]*>', form.group()).group()
    assert 'value="2.00"' in hours_input


def test_inline_post_saves_and_returns_the_display_fragment(manager_client, row):
    data = form_data(PlanRowInlineForm(instance=row), planned_hours="12.5", assurance="Agenda item")

    response = manager_client.post(reverse("commplan:row_inline", args=[row.plan_id, row.pk]), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "row-saved" in html and "<form" not in html
    assert "12.5 h" in html and "Agenda item" in html
    row.refresh_from_db()
    assert (row.planned_hours, row.assurance) == (Decimal("12.5"), "Agenda item")


def another_plans(link):
    """A value for `link` of the row form that is not the plan's own: an object of another
    plan (or a person who is no member)."""
    other = PlanRowFactory()
    return {
        "owner": UserFactory,
        "channel": lambda: ChannelFactory(plan=other.plan),
        "milestone": lambda: MilestoneFactory(plan=other.plan),
    }.get(link, lambda: getattr(other, link))().pk


# An unchanged link is taken from the row as loaded; a changed one is still looked up in the
# plan's own list.
@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("planned_hours", lambda: "-1", "Planned hours cannot be negative"),
        *[
            (link, lambda link=link: another_plans(link), "Select a valid choice")
            for link in ("stakeholder", "message", "channel", "owner", "milestone")
        ],
    ],
)
def test_inline_post_with_bad_data_says_why_and_saves_nothing(
    manager_client, row, snapshot, field, value, error
):
    data = form_data(PlanRowInlineForm(instance=row), **{field: value()}, assurance="Lost")
    before = snapshot()

    response = manager_client.post(reverse("commplan:row_inline", args=[row.plan_id, row.pk]), data)

    html = response.content.decode()
    assert response.status_code == 422
    assert error in html
    assert f'id="row{row.pk}_{field}_error"' in html
    assert snapshot() == before
