"""The plan's rules hold in the database even when forms are bypassed, and full_clean() says
the same thing at the right field."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils.text import Truncator
from hypothesis import given
from hypothesis import strategies as st

from commplan.models import (
    Cadence,
    Channel,
    CommunicationPlan,
    Membership,
    PlanRow,
    Role,
    RowStatus,
)
from commplan.models.catalogue import truncate
from milestones.models import Milestone
from stakeholders.models import Stakeholder

from ..factories import (
    ChannelFactory,
    MembershipFactory,
    MessageFactory,
    MilestoneFactory,
    PlanFactory,
    PlanRowFactory,
    StakeholderFactory,
)

TODAY = datetime.date(2026, 3, 10)
EVERY_N = Cadence.EVERY_N_WEEKS


def immediate_constraints():
    """PostgreSQL checks the composite keys at commit, which a test never reaches."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def make(model, plan):
    return {
        CommunicationPlan: lambda: plan,
        Stakeholder: lambda: StakeholderFactory(plan=plan),
        Milestone: lambda: MilestoneFactory(plan=plan),
        Membership: lambda: MembershipFactory(plan=plan),
        PlanRow: lambda: PlanRowFactory(plan=plan),
    }[model]()


# (model, bad values, constraint name, field where full_clean puts the error, its message)
RULES = [
    (Stakeholder, {"importance": 0}, "stakeholders_stakeholder_importance_range", "importance",
     "greater than or equal to 1"),
    (Stakeholder, {"importance": 6}, "stakeholders_stakeholder_importance_range", "importance",
     "less than or equal to 5"),
    (Stakeholder, {"involvement": 6}, "stakeholders_stakeholder_involvement_range",
     "involvement", "less than or equal to 5"),
    (CommunicationPlan, {"start_date": TODAY, "end_date": TODAY - datetime.timedelta(days=1)},
     "commplan_communicationplan_dates_in_order", "end_date",
     "The end date cannot be before the start date."),
    (PlanRow, {"planned_hours": Decimal("-0.5")}, "commplan_planrow_hours_not_negative",
     "planned_hours", "Planned hours cannot be negative"),
    (PlanRow, {"planned_cost": Decimal("-1")}, "commplan_planrow_cost_not_negative",
     "planned_cost", "Planned cost cannot be negative"),
    (PlanRow, {"scheduled_date": TODAY, "next_review_date": TODAY - datetime.timedelta(days=1)},
     "commplan_planrow_review_after_scheduled", "next_review_date",
     "The next review cannot be before the scheduled date."),
    (PlanRow, {"cadence": Cadence.MONTHLY, "cadence_weeks": 4}, "commplan_planrow_cadence_weeks",
     "cadence_weeks", "Leave this empty unless the cadence is 'Every N weeks'."),
    (PlanRow, {"cadence": EVERY_N, "cadence_weeks": None}, "commplan_planrow_cadence_weeks",
     "cadence_weeks", "Say how many weeks between reviews (2 to 52)."),
    (PlanRow, {"cadence": EVERY_N, "cadence_weeks": 1}, "commplan_planrow_cadence_weeks",
     "cadence_weeks", "Choose between 2 and 52 weeks."),
    (PlanRow, {"cadence": EVERY_N, "cadence_weeks": 53}, "commplan_planrow_cadence_weeks",
     "cadence_weeks", "Choose between 2 and 52 weeks."),
    (PlanRow, {"cadence": Cadence.MONTHLY, "cadence_weeks": 0}, "commplan_planrow_cadence_weeks",
     "cadence_weeks", "Leave this empty unless the cadence is 'Every N weeks'."),
    (PlanRow, {"cycle_offset": 3}, "commplan_planrow_cycle_offset", "cycle_offset",
     "Leave this empty unless the row follows the S&OP cycle."),
    (PlanRow, {"cadence": "daily"}, "commplan_planrow_cadence_valid", "cadence",
     "is not a valid choice"),
    (PlanRow, {"status": "lost"}, "commplan_planrow_status_valid", "status",
     "is not a valid choice"),
    (Membership, {"role": "boss"}, "commplan_membership_role_valid", "role",
     "is not a valid choice"),
    (Milestone, {"phase": 6}, "milestones_milestone_phase_range", "phase",
     "is not a valid choice"),
    (Milestone, {"status": "late"}, "milestones_milestone_status_valid", "status",
     "is not a valid choice"),
]  # fmt: skip
RULE_FIELDS = ("model", "values", "constraint", "field", "message")
RULE_IDS = ["-".join(f"{k}={v}" for k, v in rule[1].items()) for rule in RULES]
DB_RULES = RULES


@pytest.mark.parametrize(RULE_FIELDS, DB_RULES, ids=RULE_IDS)
@pytest.mark.parametrize("write", ["update", "save"])
def test_database_refuses_what_the_rule_forbids(
    plan, model, values, constraint, field, message, write
):
    obj = make(model, plan)
    before = model.objects.filter(pk=obj.pk).values().get()

    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        if write == "update":
            model.objects.filter(pk=obj.pk).update(**values)
        else:
            for name, value in values.items():
                setattr(obj, name, value)
            obj.save()

    assert model.objects.filter(pk=obj.pk).values().get() == before


@pytest.mark.parametrize(RULE_FIELDS, RULES, ids=RULE_IDS)
def test_full_clean_explains_the_rule_at_the_field(plan, model, values, constraint, field, message):
    obj = make(model, plan)
    for name, value in values.items():
        setattr(obj, name, value)

    with pytest.raises(ValidationError) as refused:
        obj.full_clean()

    assert message in " ".join(refused.value.message_dict[field])


def test_a_row_is_checked_without_asking_the_database_again(plan, owner):
    """clean() says every check constraint's rule (above), and a link loaded by a form exists:
    a row's full_clean() asks only the owner's role (issue 16: a save of the in-place edit)."""
    row = PlanRowFactory(plan=plan, owner=owner)
    row = PlanRow.objects.select_related(
        "plan", "stakeholder", "message", "channel", "owner", "milestone"
    ).get(pk=row.pk)

    with CaptureQueriesContext(connection) as queries:
        row.full_clean()

    assert len(queries) == 1, [query["sql"] for query in queries]
    assert "commplan_membership" in queries[0]["sql"]


@pytest.mark.parametrize(
    ("cadence", "weeks"),
    [(EVERY_N, 2), (EVERY_N, 52), (Cadence.ONCE, None), (Cadence.WEEKLY, None)],
)
def test_cadence_weeks_at_the_edges_are_accepted(plan, cadence, weeks):
    row = PlanRowFactory(plan=plan, cadence=cadence, cadence_weeks=weeks)
    row.full_clean()
    assert PlanRow.objects.get(pk=row.pk).cadence_weeks == weeks


def test_names_are_unique_within_a_plan_only(plan):
    StakeholderFactory(plan=plan, name="Sales")
    ChannelFactory(plan=plan, name="Town hall")
    StakeholderFactory(name="Sales")  # another plan may use the same names
    ChannelFactory(name="Town hall")

    with pytest.raises(IntegrityError), transaction.atomic():
        StakeholderFactory(plan=plan, name="Sales")
    with pytest.raises(IntegrityError), transaction.atomic():
        ChannelFactory(plan=plan, name="Town hall")
    with pytest.raises(ValidationError) as refused:
        Channel(plan=plan, name="Town hall").full_clean()
    assert "already has a channel with this name" in str(refused.value)


def test_a_person_is_a_member_of_a_plan_once(plan, owner):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(plan=plan, user=owner, role=Role.EXECUTIVE)
    with pytest.raises(ValidationError) as refused:
        Membership(plan=plan, user=owner, role=Role.EXECUTIVE).full_clean()
    assert "already a member of the plan" in str(refused.value)


# A row's stakeholder, message, channel and milestone come from the row's own plan.

OTHER_PLAN_FACTORIES = {
    "stakeholder": StakeholderFactory,
    "message": MessageFactory,
    "channel": ChannelFactory,
    "milestone": MilestoneFactory,
}


@pytest.mark.parametrize("field", OTHER_PLAN_FACTORIES)
def test_database_refuses_a_link_to_another_plan(row, field):
    foreign = OTHER_PLAN_FACTORIES[field](plan=PlanFactory())
    original = getattr(row, field)

    with pytest.raises(IntegrityError, match="same_plan"), transaction.atomic():
        immediate_constraints()
        PlanRow.objects.filter(pk=row.pk).update(**{field: foreign})

    row.refresh_from_db()
    assert getattr(row, field) == original


@pytest.mark.parametrize("field", OTHER_PLAN_FACTORIES)
def test_database_refuses_a_new_row_linked_to_another_plan(plan, field):
    foreign = OTHER_PLAN_FACTORIES[field](plan=PlanFactory())

    with pytest.raises(IntegrityError, match="same_plan"), transaction.atomic():
        immediate_constraints()
        PlanRowFactory(plan=plan, **{field: foreign})

    assert not PlanRow.objects.filter(plan=plan).exists()


@pytest.mark.parametrize("field", OTHER_PLAN_FACTORIES)
def test_full_clean_refuses_a_link_to_another_plan(row, field):
    setattr(row, field, OTHER_PLAN_FACTORIES[field](plan=PlanFactory()))

    with pytest.raises(ValidationError) as refused:
        row.full_clean()

    assert refused.value.message_dict[field] == ["Choose one that belongs to this plan."]


def test_owner_must_be_a_member_of_the_plan(row, outsider, owner):
    owner_rule = {"postgresql": "owner_is_member", "sqlite": "same_plan"}[connection.vendor]

    with pytest.raises(IntegrityError, match=owner_rule), transaction.atomic():
        immediate_constraints()
        PlanRow.objects.filter(pk=row.pk).update(owner=outsider)
    row.refresh_from_db()
    assert row.owner == owner

    row.owner = outsider
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert refused.value.message_dict["owner"] == ["The owner must be a member of the plan."]


def test_removing_a_member_unassigns_their_rows_in_that_plan_only(plan, owner, row):
    elsewhere = PlanFactory()
    MembershipFactory(plan=elsewhere, user=owner)
    their_other_row = PlanRowFactory(plan=elsewhere, owner=owner)

    Membership.objects.filter(plan=plan, user=owner).delete()

    row.refresh_from_db()
    their_other_row.refresh_from_db()
    assert row.owner is None
    assert their_other_row.owner == owner


# QuerySet methods named for intent.


@pytest.fixture
def review_rows(plan):
    day = datetime.timedelta(days=1)

    def row(review, status=RowStatus.PLANNED):
        return PlanRowFactory(
            plan=plan, scheduled_date=None, next_review_date=review, status=status
        )

    return {
        "yesterday": row(TODAY - day),
        "today": row(TODAY, RowStatus.ACTIVE),
        "tomorrow": row(TODAY + day),
        "no_date": row(None),
        "done": row(TODAY - day, RowStatus.DONE),
        "cancelled": row(TODAY - day, RowStatus.CANCELLED),
    }


def names(rows, queryset):
    return {name for name, row in rows.items() if queryset.filter(pk=row.pk).exists()}


def test_due_for_review_is_open_rows_due_on_or_before_the_day(review_rows):
    assert names(review_rows, PlanRow.objects.due_for_review(TODAY)) == {"yesterday", "today"}


def test_overdue_is_open_rows_due_before_the_day(review_rows):
    assert names(review_rows, PlanRow.objects.overdue(TODAY)) == {"yesterday"}


def test_totals_add_up_planned_hours_and_cost(plan):
    PlanRowFactory(plan=plan, planned_hours=Decimal("1.5"), planned_cost=Decimal("100"))
    PlanRowFactory(plan=plan, planned_hours=Decimal("2.25"), planned_cost=None)
    PlanRowFactory(plan=plan, planned_hours=None, planned_cost=Decimal("50.50"))

    no_actuals = {"actual_hours": 0, "actual_cost": 0}
    assert plan.rows.totals() == {
        "count": 3,
        "hours": Decimal("3.75"),
        "cost": Decimal("150.5"),
        **no_actuals,
    }
    assert plan.rows.none().totals() == {"count": 0, "hours": 0, "cost": 0, **no_actuals}
    assert plan.rows.filter(planned_cost__isnull=True).totals() == {
        "count": 1,
        "hours": Decimal("2.25"),
        "cost": 0,
        **no_actuals,
    }


def test_for_user_is_the_rows_of_the_persons_plans(
    row, manager, executive, outsider, django_user_model
):
    outsiders_row = PlanRowFactory(plan=outsider.memberships.get().plan)
    admin = django_user_model.objects.create_superuser("admin", "admin@example.com", "pw")

    assert list(PlanRow.objects.for_user(manager)) == [row]
    assert list(PlanRow.objects.for_user(executive)) == [row]
    assert list(PlanRow.objects.for_user(outsider)) == [outsiders_row]
    assert set(PlanRow.objects.for_user(admin)) == {row, outsiders_row}
    assert not PlanRow.objects.for_user(AnonymousUser()).exists()


# PostgreSQL 14 is supported (issue 11 §4).

PG15_ONLY = re.compile(r"ON DELETE SET (NULL|DEFAULT) \(", re.IGNORECASE)


def test_the_migrations_use_no_postgresql_15_only_syntax():
    """`ON DELETE SET NULL (column)` is a syntax error before PostgreSQL 15."""
    migrations = Path(__file__).resolve().parents[2].glob("*/migrations/0*.py")
    offending = [path.name for path in migrations if PG15_ONLY.search(path.read_text())]

    assert offending == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own catalogue")
def test_the_owners_key_needs_nothing_newer_than_postgresql_14(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conname = 'commplan_planrow_owner_is_member'"
        )
        (definition,) = cursor.fetchone()

    assert definition == (
        "FOREIGN KEY (plan_id, owner_id) REFERENCES commplan_membership(plan_id, user_id)"
    )


@given(
    text=st.text(alphabet="abcæøå ÆØÅ\u0301e\u0308S&OP–…\n", max_size=200),
    length=st.sampled_from([1, 2, 80, 120]),
)
def test_truncate_cuts_a_text_as_djangos_truncator_does(text, length):
    """The fast cut behind a message's label (and /my/) says what Truncator would say."""
    assert truncate(text, length) == Truncator(text).chars(length)
