"""Stakeholder readiness (issue 19 §2): targets by milestone, positions recorded with who, when
and why, the gap on the stakeholder map, readiness by phase and the health warning.

The clock is frozen at Monday 15 June 2026. The plan (`ladder`), described at its fixture, has
every expected figure below worked out by hand from that description.
"""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from commplan.dashboard import plan_dashboard, plan_health
from commplan.models import Readiness, ReadinessRecord, ReadinessTarget, Review
from commplan.readiness.standing import Standing
from milestones.models import MilestoneStatus
from tests.factories import MilestoneFactory, PlanRowFactory, StakeholderFactory

U, R, N, S, L = Readiness  # unaware, resistant, neutral, supportive, leading


def d(month, day):
    return datetime.date(2026, month, day)


@pytest.fixture
def ladder(plan, manager, june_clock):
    """A plan on 15 June 2026.

    Milestones (phase, planned, actual, status):
      kickoff   1  1 Mar   1 Mar   reached
      design    3  1 May   5 May   reached
      dropped   3  20 May  –       cancelled   (its target never counts)
      pilot     4  1 Jul   –       planned     the next milestone
      golive    5  1 Sep   –       planned

    Stakeholders (importance): sales (5), finance (4), it (5), canteen (2), customers (5).

    Targets: sales: kickoff neutral, pilot supportive, golive leading.
             finance: design supportive (holds at the pilot).
             it: golive supportive (nothing due by the pilot).
             canteen: pilot supportive (low importance: never warned about).
             customers: dropped leading (cancelled: no target at all), pilot neutral.

    Records (stakeholder, day, position):
      sales     20 Feb resistant, 10 Apr neutral, 1 Jun neutral   → now neutral, behind 1 step
      finance   2 May supportive, 10 Jun leading                   → now leading, reached
      canteen   1 Jun unaware                                      → behind, but not key
      customers –                                                  → not assessed: warned
      it        1 Apr resistant                                    → no target yet at the pilot
    """
    ms = {
        key: MilestoneFactory(
            plan=plan, title=title, phase=phase, planned_date=planned, actual_date=actual,
            status=status,
        )
        for key, title, phase, planned, actual, status in [
            ("kickoff", "Kick-off", 1, d(3, 1), d(3, 1), MilestoneStatus.REACHED),
            ("design", "Process designed", 3, d(5, 1), d(5, 5), MilestoneStatus.REACHED),
            ("dropped", "Dropped", 3, d(5, 20), None, MilestoneStatus.CANCELLED),
            ("pilot", "Pilot start", 4, d(7, 1), None, MilestoneStatus.PLANNED),
            ("golive", "Go-live", 5, d(9, 1), None, MilestoneStatus.PLANNED),
        ]
    }  # fmt: skip
    sh = {
        key: StakeholderFactory(plan=plan, name=name, importance=importance)
        for key, name, importance in [
            ("sales", "Sales", 5),
            ("finance", "Finance", 4),
            ("it", "IT", 5),
            ("canteen", "Canteen", 2),
            ("customers", "Key customers", 5),
        ]
    }
    for who, milestone, position in [
        ("sales", "kickoff", N),
        ("sales", "pilot", S),
        ("sales", "golive", L),
        ("finance", "design", S),
        ("it", "golive", S),
        ("canteen", "pilot", S),
        ("customers", "dropped", L),
        ("customers", "pilot", N),
    ]:
        ReadinessTarget.objects.create(
            stakeholder=sh[who], milestone=ms[milestone], position=position
        )
    for who, day, position in [
        ("sales", d(2, 20), R),
        ("sales", d(4, 10), N),
        ("sales", d(6, 1), N),
        ("finance", d(5, 2), S),
        ("finance", d(6, 10), L),
        ("canteen", d(6, 1), U),
        ("it", d(4, 1), R),
    ]:
        ReadinessRecord.objects.create(
            stakeholder=sh[who], position=position, recorded_on=day, recorded_by=manager,
            reason=f"Seen on {day}",
        )  # fmt: skip
    return {"plan": plan, "ms": ms, "sh": sh}


def test_each_group_against_its_desired_position_at_the_next_milestone(ladder):
    dashboard = plan_dashboard(ladder["plan"], d(6, 15))
    by_name = {s.name: s.readiness for s in dashboard.stakeholders}

    assert (by_name["Sales"].current, by_name["Sales"].desired, by_name["Sales"].status) == (
        N,
        S,
        Standing.BEHIND,
    )
    assert by_name["Sales"].steps == 1
    assert (by_name["Finance"].current, by_name["Finance"].desired) == (L, S)
    assert by_name["Finance"].status == Standing.REACHED
    assert by_name["Finance"].milestone.title == "Process designed"  # it still holds
    assert (by_name["IT"].current, by_name["IT"].desired) == (R, None)
    assert by_name["IT"].status == Standing.NO_TARGET
    # The cancelled milestone's "leading" never counts: only the pilot's neutral.
    assert (by_name["Key customers"].current, by_name["Key customers"].desired) == (None, N)
    assert by_name["Key customers"].status == Standing.UNKNOWN


def test_the_health_warns_about_key_groups_behind_and_names_them(ladder):
    health = plan_health(ladder["plan"], d(6, 15))

    warning = health.get("behind")
    assert warning.count == 2
    assert [item.label for item in warning.items] == ["Key customers", "Sales"]
    assert warning.message == (
        "2 key stakeholders are behind their desired readiness for the next milestone, "
        "“Pilot start” on 2026-07-01"
    )
    sales = warning.items[1]
    assert sales.detail == "Neutral, 1 step behind its desired position (Supportive)"
    assert sales.url == reverse(
        "commplan:readiness_detail",
        kwargs={"plan_pk": ladder["plan"].pk, "pk": ladder["sh"]["sales"].pk},
    )


def test_no_readiness_warning_once_the_key_groups_are_there(ladder, manager):
    for key in ("sales", "customers"):
        ReadinessRecord.objects.create(
            stakeholder=ladder["sh"][key], position=S, recorded_on=d(6, 15), recorded_by=manager
        )

    assert plan_health(ladder["plan"], d(6, 15)).get("behind") is None


def test_after_the_last_milestone_the_last_target_holds(ladder):
    for milestone in ladder["ms"].values():
        if milestone.status == MilestoneStatus.PLANNED:
            milestone.status = MilestoneStatus.REACHED
            milestone.actual_date = milestone.planned_date
            milestone.save()

    warning = plan_health(ladder["plan"], d(10, 1)).get("behind")

    # Sales must now lead, IT support; the customers still neutral.
    assert {item.label: item.detail for item in warning.items} == {
        "IT": "Resistant, 2 steps behind its desired position (Supportive)",
        "Key customers": "Not assessed; desired: Neutral",
        "Sales": "Neutral, 2 steps behind its desired position (Leading)",
    }
    assert warning.message == "3 key stakeholders are behind their desired readiness"


def test_readiness_by_phase(ladder):
    dashboard = plan_dashboard(ladder["plan"], d(6, 15))

    columns = dashboard.readiness_phases
    assert [(c.phase, c.when) for c in columns] == [
        (1, "past"),
        (3, "past"),
        (4, "current"),
        (5, "future"),
    ]
    # Phase 1 ends 1 Mar: sales had to be neutral and was resistant (20 Feb).
    # Phase 3 ends 5 May (actual): sales neutral (10 Apr) of neutral; finance supportive (2 May)
    # of supportive.
    # Phase 4 (now): sales neutral of supportive; finance leading of supportive; customers not
    # assessed of neutral; canteen unaware of supportive. IT has no target before phase 5.
    assert [(c.reached, c.behind, c.unknown) for c in columns[:3]] == [
        (0, 1, 0),
        (2, 0, 0),
        (1, 2, 1),
    ]
    lines = {line.stakeholder.name: line.cells for line in dashboard.readiness_lines}
    assert set(lines) == {"Sales", "Finance", "IT", "Canteen", "Key customers"}
    assert [(c.current, c.desired) for c in lines["Sales"]] == [(R, N), (N, N), (N, S), (None, L)]
    assert [(c.current, c.desired) for c in lines["IT"]] == [
        (None, None),
        (R, None),
        (R, None),
        (None, S),
    ]


def test_the_dashboard_shows_the_gap_with_words(ladder, executive_client):
    response = executive_client.get(reverse("commplan:plan_dashboard", args=[ladder["plan"].pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Neutral → Supportive" in html
    assert "Neutral, 1 step behind its desired position (Supportive)" in html  # for screen readers
    assert "Readiness by phase" in html
    assert "1 of 4 groups where they had to be" in html
    assert "2 key stakeholders are behind their desired readiness" in html


def test_the_dashboard_reads_in_danish(ladder, executive_client):
    with translation.override("da"):
        response = executive_client.get(
            reverse("commplan:plan_dashboard", args=[ladder["plan"].pk]),
            HTTP_ACCEPT_LANGUAGE="da",
        )

    html = response.content.decode()
    assert "Parathed pr. fase" in html
    assert "Neutral → Støttende" in html
    assert "Modstand" in html
    # On the map, narrow on a phone, the words may break at their syllables and nowhere else.
    on_map = html.split('class="map-readiness"', 1)[1]
    assert "Mod\xadstand" in on_map
    assert "→ Støt\xadten\xadde" in on_map


# Recording positions and targets.


def readiness_url(name, ladder, key="sales"):
    return reverse(name, kwargs={"plan_pk": ladder["plan"].pk, "pk": ladder["sh"][key].pk})


def test_a_manager_records_where_a_group_stands_and_why(ladder, manager, manager_client):
    response = manager_client.post(
        readiness_url("commplan:readiness_record", ladder),
        {"position": S, "recorded_on": "2026-06-15", "reason": "Sales director asked for it"},
    )

    assert response.status_code == 302
    record = ReadinessRecord.objects.filter(stakeholder=ladder["sh"]["sales"]).first()
    assert (record.position, record.recorded_on, record.recorded_by, record.reason) == (
        S,
        d(6, 15),
        manager,
        "Sales director asked for it",
    )
    page = manager_client.get(response["Location"]).content.decode()
    assert "“Sales” is recorded as supportive." in page
    assert "Sales director asked for it" in page
    assert "✓ Supportive" in page


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"position": 9, "recorded_on": "2026-06-15"}, "Select a valid choice"),
        ({"position": "", "recorded_on": "2026-06-15"}, "This field is required"),
        ({"position": S, "recorded_on": "2026-06-16"}, "cannot be recorded for a future date"),
        ({"position": S, "recorded_on": "1066-10-14"}, "Enter a date between"),
        ({"position": S, "recorded_on": "2026-06-15", "reason": "x" * 2001}, "at most 2000"),
    ],
)
def test_bad_input_says_why_and_records_nothing(ladder, manager_client, snapshot, data, error):
    before = snapshot()

    response = manager_client.post(readiness_url("commplan:readiness_record", ladder), data)

    assert response.status_code == 422
    assert error in response.content.decode()
    assert snapshot() == before


def test_a_manager_sets_changes_and_removes_targets_with_history(ladder, manager, manager_client):
    ms = ladder["ms"]
    data = {
        f"milestone_{ms['kickoff'].pk}": "",  # removed
        f"milestone_{ms['design'].pk}": str(S),  # added
        f"milestone_{ms['pilot'].pk}": str(L),  # changed
        f"milestone_{ms['golive'].pk}": str(L),  # unchanged
    }

    response = manager_client.post(readiness_url("commplan:readiness_targets", ladder), data)

    assert response.status_code == 302
    targets = {
        t.milestone.title: t.position
        for t in ReadinessTarget.objects.filter(stakeholder=ladder["sh"]["sales"])
    }
    assert targets == {"Process designed": S, "Pilot start": L, "Go-live": L}
    changes = ReadinessTarget.history.filter(
        stakeholder=ladder["sh"]["sales"], history_user=manager
    )
    assert sorted(changes.values_list("history_type", flat=True)) == ["+", "-", "~"]


def test_a_target_at_a_cancelled_milestone_is_not_offered(ladder, manager_client):
    html = manager_client.get(readiness_url("commplan:readiness_detail", ladder)).content.decode()

    assert "Pilot start" in html
    assert "Dropped" not in html


def test_a_bad_target_changes_nothing(ladder, manager_client, snapshot):
    before = snapshot()

    response = manager_client.post(
        readiness_url("commplan:readiness_targets", ladder),
        {f"milestone_{ladder['ms']['pilot'].pk}": "7"},
    )

    assert response.status_code == 422
    assert snapshot() == before


def test_targets_and_milestones_must_share_a_plan(ladder):
    other = MilestoneFactory()
    target = ReadinessTarget(stakeholder=ladder["sh"]["sales"], milestone=other, position=S)

    with pytest.raises(Exception, match="must belong to the stakeholder's plan"):
        target.full_clean()


def test_the_database_refuses_a_position_off_the_ladder(ladder):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReadinessRecord.objects.create(stakeholder=ladder["sh"]["sales"], position=6)


def test_the_readiness_page_costs_the_same_with_n_and_2n_records(ladder, executive_client):
    url = readiness_url("commplan:readiness_detail", ladder)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = executive_client.get(url)
        assert response.status_code == 200
        return len(queries)

    first = count()
    for day in range(1, 11):
        ReadinessRecord.objects.create(
            stakeholder=ladder["sh"]["sales"], position=N, recorded_on=d(5, day)
        )
        MilestoneFactory(plan=ladder["plan"], planned_date=d(8, day))
    assert count() == first


def test_the_stakeholder_list_says_where_each_group_stands(ladder, manager_client):
    html = manager_client.get(
        reverse("stakeholders:stakeholder_list", args=[ladder["plan"].pk])
    ).content.decode()

    assert "Not assessed" in html  # the customers
    assert readiness_url("commplan:readiness_detail", ladder) in html


# At a review.


def review_post(row, **readiness):
    data = {
        "reviewed_on": "2026-06-15",
        "happened": "done",
        "goal_reached": "partly",
        "row_status": "",
    }
    data.update({f"readiness-{name}": value for name, value in readiness.items()})
    return data


def test_the_owner_records_the_groups_position_at_a_review(ladder, owner, owner_client):
    row = PlanRowFactory(plan=ladder["plan"], owner=owner, stakeholder=ladder["sh"]["sales"])
    url = reverse("commplan:review_create", args=[row.plan_id, row.pk])

    form = owner_client.get(url).content.decode()
    assert "Where does “Sales” stand now?" in form

    response = owner_client.post(
        url, review_post(row, position=str(S), reason="They asked for the next workshop")
    )

    assert response.status_code == 302
    review = Review.objects.get(row=row)
    record = ReadinessRecord.objects.get(review=review)
    assert (record.stakeholder, record.position, record.recorded_by, record.recorded_on) == (
        ladder["sh"]["sales"],
        S,
        owner,
        d(6, 15),
    )
    assert record.reason == "They asked for the next workshop"


def test_a_review_without_the_readiness_answer_records_no_position(ladder, owner, owner_client):
    row = PlanRowFactory(plan=ladder["plan"], owner=owner, stakeholder=ladder["sh"]["sales"])

    response = owner_client.post(
        reverse("commplan:review_create", args=[row.plan_id, row.pk]), review_post(row)
    )

    assert response.status_code == 302
    assert Review.objects.filter(row=row).exists()
    assert not ReadinessRecord.objects.filter(review__row=row).exists()


def test_a_bad_readiness_answer_saves_neither_review_nor_position(
    ladder, owner, owner_client, snapshot
):
    row = PlanRowFactory(plan=ladder["plan"], owner=owner, stakeholder=ladder["sh"]["sales"])
    before = snapshot()

    response = owner_client.post(
        reverse("commplan:review_create", args=[row.plan_id, row.pk]),
        review_post(row, position="12"),
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert snapshot() == before
