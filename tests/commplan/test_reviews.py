"""Recording a review: the row's owner or a manager says how the follow-up went, and the row
moves on by its cadence (or to the date they give) in the same step. The row page shows the
history; the plan page shows planned vs actual."""

import datetime
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from commplan.cadence import next_review_date, on_working_day
from commplan.followup.forms import ReviewForm
from commplan.models import Cadence, Goal, Happened, PlanRow, Review, RowStatus
from commplan.rows.forms import PlanRowInlineForm

from ..factories import PlanRowFactory, form_data

DAY = datetime.timedelta(days=1)


def review_url(row, **query):
    url = reverse("commplan:review_create", args=[row.plan_id, row.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def review_data(row, **changes):
    data = {"happened": Happened.DONE, "goal_reached": Goal.YES, "actual_hours": "3"} | changes
    return form_data(ReviewForm(instance=Review(row=row)), **data)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def weekly_row(plan, owner, today):
    """A weekly row of `owner` whose review was due two days ago."""
    return PlanRowFactory(
        plan=plan,
        owner=owner,
        cadence=Cadence.WEEKLY,
        scheduled_date=None,
        next_review_date=today - 2 * DAY,
        status=RowStatus.ACTIVE,
        assurance="On the pre-S&OP agenda",
    )


def test_owner_records_a_review_and_a_weekly_row_moves_a_week_on_from_its_due_date(
    owner_client, owner, weekly_row, today
):
    due = weekly_row.next_review_date
    data = review_data(
        weekly_row,
        happened=Happened.PARTLY,
        goal_reached=Goal.NO,
        evidence="Half the planners came",
        actual_hours="1.5",
        actual_cost="250",
        notes="Clashed with month-end",
        adjustment="Move it to the Tuesday",
    )

    response = owner_client.post(review_url(weekly_row), data)

    review = Review.objects.get(row=weekly_row)
    assert response.status_code == 302
    assert response["Location"] == f"{weekly_row.get_absolute_url()}#review-{review.pk}"
    assert (review.reviewed_by, review.reviewed_on, review.due_date) == (owner, today, due)
    assert (review.happened, review.goal_reached) == (Happened.PARTLY, Goal.NO)
    assert (review.actual_hours, review.actual_cost) == (Decimal("1.5"), Decimal("250"))
    assert (review.evidence, review.notes, review.adjustment) == (
        "Half the planners came",
        "Clashed with month-end",
        "Move it to the Tuesday",
    )
    assert not review.on_time and review.days_late == 2
    weekly_row.refresh_from_db()
    # The rhythm date, or the next working day when it is a holiday or weekend.
    assert weekly_row.next_review_date == on_working_day(due + 7 * DAY)
    assert weekly_row.status == RowStatus.ACTIVE


def test_a_review_before_the_due_date_keeps_the_rhythm(owner_client, weekly_row, today):
    weekly_row.next_review_date = today + 3 * DAY
    weekly_row.save()

    owner_client.post(review_url(weekly_row), review_data(weekly_row))

    weekly_row.refresh_from_db()
    assert weekly_row.next_review_date == on_working_day(today + 10 * DAY)
    assert Review.objects.get(row=weekly_row).on_time


def test_a_one_off_row_whose_communication_happened_is_done(owner_client, row):
    assert row.cadence == Cadence.ONCE

    owner_client.post(review_url(row), review_data(row, happened=Happened.DONE))

    row.refresh_from_db()
    assert (row.status, row.next_review_date) == (RowStatus.DONE, None)


def test_a_one_off_row_that_did_not_happen_stays_open(owner_client, row):
    owner_client.post(review_url(row), review_data(row, happened=Happened.NOT_DONE))

    row.refresh_from_db()
    assert row.status in (RowStatus.PLANNED, RowStatus.ACTIVE)


def test_the_given_next_review_date_wins_over_the_cadence(manager_client, manager, weekly_row):
    given = timezone.localdate() + 30 * DAY

    manager_client.post(
        review_url(weekly_row), review_data(weekly_row, next_review_date=given.isoformat())
    )

    weekly_row.refresh_from_db()
    assert weekly_row.next_review_date == given
    assert Review.objects.get(row=weekly_row).reviewed_by == manager


def test_status_and_how_it_is_ensured_change_with_the_review(owner_client, weekly_row):
    data = review_data(
        weekly_row, row_status=RowStatus.CANCELLED, row_assurance="Dropped after the pilot"
    )

    owner_client.post(review_url(weekly_row), data)

    weekly_row.refresh_from_db()
    assert weekly_row.status == RowStatus.CANCELLED
    assert weekly_row.assurance == "Dropped after the pilot"
    assert Review.objects.filter(row=weekly_row).count() == 1


def test_the_review_and_the_row_are_saved_together_or_not_at_all(
    owner_client, weekly_row, snapshot
):
    before = snapshot()

    with (
        mock.patch.object(PlanRow, "save", side_effect=DatabaseError("disk full")),
        pytest.raises(DatabaseError),
    ):
        owner_client.post(review_url(weekly_row), review_data(weekly_row))

    assert snapshot() == before


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"actual_cost": "-100"}, "actual_cost", "Actual cost cannot be negative."),
        ({"actual_hours": "-1"}, "actual_hours", "Actual hours cannot be negative."),
        ({"happened": None}, "happened", "This field is required."),
        ({"goal_reached": "maybe"}, "goal_reached", "Select a valid choice."),
    ],
)
def test_a_bad_review_is_refused_at_its_field_and_changes_nothing(
    owner_client, weekly_row, snapshot, changes, field, message
):
    before = snapshot()

    response = owner_client.post(review_url(weekly_row), review_data(weekly_row, **changes))

    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {field}
    assert message in form.errors[field][0]
    html = response.content.decode()
    shown = re.search(rf'id="error_1_id_{field}"[^>]*>(.*?)</', html, re.S) or re.search(
        rf'id="id_{field}_error"[^>]*>(.*?)</div>', html, re.S
    )
    assert shown and message in shown.group(1)
    assert snapshot() == before


def test_a_review_cannot_be_dated_in_the_future(owner_client, weekly_row, snapshot):
    before = snapshot()
    tomorrow = (timezone.localdate() + DAY).isoformat()

    response = owner_client.post(
        review_url(weekly_row), review_data(weekly_row, reviewed_on=tomorrow)
    )

    assert set(response.context["form"].errors) == {"reviewed_on"}
    assert snapshot() == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_owner_cannot_review_someone_elses_row(owner_client, plan, manager, snapshot, method):
    others = PlanRowFactory(plan=plan, owner=manager)
    before = snapshot()

    response = getattr(owner_client, method)(review_url(others), review_data(others))

    assert response.status_code == 403
    assert snapshot() == before


def test_the_form_shows_the_activity_and_the_date_the_cadence_gives(
    owner_client, weekly_row, today
):
    response = owner_client.get(review_url(weekly_row))

    html = response.content.decode()
    assert response.status_code == 200
    for fact in (
        weekly_row.stakeholder.name,
        weekly_row.message.content,
        weekly_row.message.goal,
        weekly_row.channel.name,
        weekly_row.owner.get_full_name(),
        "2 h",
        "DKK\xa01,000.00",
        date_format(weekly_row.next_review_date, "SHORT_DATE_FORMAT"),
        "Overdue",
    ):
        assert fact in html, fact
    cadence_date = next_review_date(weekly_row, after=today)
    assert response.context["cadence_date"] == cadence_date
    assert date_format(cadence_date, "SHORT_DATE_FORMAT") in html
    # Grouped as the toolkit asks: what happened, time and resources, notes, the row from here.
    groups = [
        "What happened",
        "Time and resources used",
        "Notes and adjustment",
        "The activity from here",
    ]
    positions = [html.index(f">{group}</legend>") for group in groups]
    assert positions == sorted(positions)
    assert len(re.findall(r'<input type="radio"[^>]*name="happened"', html)) == 3
    assert len(re.findall(r'<input type="radio"[^>]*name="goal_reached"', html)) == 3


def test_a_one_off_row_says_what_an_empty_next_review_means(owner_client, row):
    response = owner_client.get(review_url(row))

    assert response.context["cadence_date"] is None
    assert "a one-off activity whose communication happened is then marked done" in (
        response.content.decode()
    )


def test_from_my_work_the_form_returns_to_my_work(owner_client, weekly_row):
    my_work = reverse("commplan:my_work")

    form = owner_client.get(review_url(weekly_row, next=my_work)).content.decode()
    response = owner_client.post(
        review_url(weekly_row), review_data(weekly_row) | {"next": my_work}
    )

    assert f'name="next" value="{my_work}"' in form
    assert response["Location"] == my_work


def test_a_next_address_on_another_site_is_ignored(owner_client, weekly_row):
    response = owner_client.post(
        review_url(weekly_row), review_data(weekly_row) | {"next": "https://evil.example/"}
    )

    assert response["Location"].startswith(weekly_row.get_absolute_url())


# The row page: the button, the history, planned vs actual.


@pytest.fixture
def reviewed_row(weekly_row, owner, manager, today):
    """`weekly_row` with a review on time (by its owner) and one three days late (by the
    manager)."""
    Review.objects.create(
        row=weekly_row,
        reviewed_by=owner,
        reviewed_on=today - 14 * DAY,
        due_date=today - 14 * DAY,
        happened=Happened.DONE,
        goal_reached=Goal.YES,
        evidence="Attendance list",
        actual_hours=Decimal("1.25"),
        actual_cost=Decimal("400"),
        notes="Good questions",
        adjustment="Invite logistics too",
    )
    Review.objects.create(
        row=weekly_row,
        reviewed_by=manager,
        reviewed_on=today - 4 * DAY,
        due_date=today - 7 * DAY,
        happened=Happened.PARTLY,
        goal_reached=Goal.PARTLY,
        actual_hours=Decimal("1.5"),
        actual_cost=Decimal("900"),
    )
    return weekly_row


def test_the_row_page_shows_the_review_history_and_planned_vs_actual(
    owner_client, reviewed_row, owner, manager
):
    response = owner_client.get(reviewed_row.get_absolute_url())

    html = response.content.decode()
    history = html[html.index('id="review-history"') :]
    late, on_time = response.context["reviews"]
    assert (late.reviewed_by, on_time.reviewed_by) == (manager, owner)  # newest first
    assert history.index(f'id="review-{late.pk}"') < history.index(f'id="review-{on_time.pk}"')
    for text in (
        "On time",
        "3 days late",
        "Attendance list",
        "Good questions",
        "Invite logistics too",
        owner.get_full_name(),
        manager.get_full_name(),
        "1.25",
        "DKK\xa0900.00",
    ):
        assert text in history, text
    # Planned 2 h and DKK 1,000; the reviews add up to 2.75 h and DKK 1,300, over the plan.
    resources = re.search(r'<table class="[^"]*resources-table.*?</table>', html, re.S).group()
    assert re.search(r"Planned</th><td[^>]*>2</td><td[^>]*>DKK\xa01,000.00<", resources)
    assert re.search(r"over-budget\">2.75<span[^>]*> \(more than planned\)", resources)
    assert re.search(r"over-budget\">DKK\xa01,300.00<span[^>]*> \(more than planned\)", resources)


@pytest.mark.parametrize(
    ("persona", "shown"), [("owner", True), ("manager", True), ("executive", False)]
)
def test_the_record_review_button_is_for_the_owner_and_managers(
    request, reviewed_row, persona, shown
):
    client = request.getfixturevalue(f"{persona}_client")

    html = client.get(reviewed_row.get_absolute_url()).content.decode()

    assert (f'href="{review_url(reviewed_row)}"' in html) is shown


def test_a_row_without_reviews_says_so(owner_client, row):
    html = owner_client.get(row.get_absolute_url()).content.decode()

    assert "No review has been recorded yet." in html
    assert "Record the first review" in html


# The plan page: planned vs actual per row and in the totals.


def resources_text(html, row):
    """The words of the row's Time and resources cell, as a reader sees them."""
    cell = re.search(rf'<tr id="row-{row.pk}".*?<td[^>]*resources[^>]*>(.*?)</td>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", cell.group(1)).split())


def test_the_plan_table_shows_planned_vs_actual_per_row_and_in_the_totals(
    manager_client, plan, reviewed_row
):
    unreviewed = PlanRowFactory(plan=plan, planned_hours=Decimal("4"), planned_cost=None)

    response = manager_client.get(plan.get_absolute_url())

    html = response.content.decode()
    assert resources_text(html, reviewed_row) == (
        "planned 2 h DKK 1,000.00 "
        "actual 2.75 h (more than planned) DKK 1,300.00 (more than planned)"
    )
    assert resources_text(html, unreviewed) == "planned 4 h"
    assert 'data-total="hours">6 hours' in html
    assert 'data-total="cost">DKK\xa01,000.00' in html
    assert 'data-total="actual-hours" class="over-budget">2.75 hours' not in html
    assert 'data-total="actual-hours">2.75 hours' in html
    assert 'data-total="actual-cost" class="over-budget">DKK\xa01,300.00' in html


def test_the_totals_follow_the_filter(manager_client, plan, reviewed_row):
    PlanRowFactory(plan=plan, status=RowStatus.DONE)

    html = manager_client.get(plan.get_absolute_url(), {"status": "done"}).content.decode()

    assert 'data-total="actual-hours">0 hours' in html


def test_an_inline_save_renders_the_row_with_its_actuals(manager_client, plan, reviewed_row):
    data = form_data(PlanRowInlineForm(instance=reviewed_row), planned_hours="3")

    response = manager_client.post(
        reverse("commplan:row_inline", args=[plan.pk, reviewed_row.pk]), data
    )

    html = response.content.decode()
    assert response.status_code == 200
    # The new plan (3 h) beside the actuals, now under budget in hours and still over in cost.
    assert resources_text(html, reviewed_row) == (
        "planned 3 h DKK 1,000.00 actual 2.75 h DKK 1,300.00 (more than planned)"
    )
    assert 'data-total="actual-hours">2.75 hours' in html
    cancel = manager_client.get(
        reverse("commplan:row_inline", args=[plan.pk, reviewed_row.pk]), {"cancel": "1"}
    )
    assert "2.75 h" in cancel.content.decode()


def test_totals_add_up_the_actuals_of_the_rows_reviews(plan, reviewed_row):
    PlanRowFactory(plan=plan)  # no reviews

    totals = plan.rows.totals()

    assert totals["count"] == 2
    assert (totals["actual_hours"], totals["actual_cost"]) == (Decimal("2.75"), Decimal("1300"))
    assert plan.rows.exclude(pk=reviewed_row.pk).totals()["actual_hours"] == 0
