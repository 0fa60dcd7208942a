"""Factories for the domain; each builds a consistent object graph inside one plan."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from commplan.models import (
    Channel,
    CommunicationPlan,
    Decision,
    Meeting,
    MeetingKind,
    Membership,
    Message,
    PlanRow,
    Role,
)
from milestones.models import Milestone, Phase
from stakeholders.models import Stakeholder


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("pw")


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunicationPlan

    name = factory.Sequence(lambda n: f"S&OP plan {n}")
    organisation = "Nordisk Pumpefabrik A/S"
    purpose = "Alle interessenter informeres."
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2026, 12, 31)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    plan = factory.SubFactory(PlanFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.OWNER


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stakeholder

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Stakeholder {n}")
    importance = 4
    involvement = 4


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    phase = Phase.PILOT
    planned_date = datetime.date(2026, 6, 1)


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Channel {n}")


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    plan = factory.SubFactory(PlanFactory)
    content = factory.Sequence(lambda n: f"Message {n}")
    goal = "Everyone knows why"


class PlanRowFactory(factory.django.DjangoModelFactory):
    """A row whose stakeholder, message, channel and milestone all live in the row's plan."""

    class Meta:
        model = PlanRow

    plan = factory.SubFactory(PlanFactory)
    stakeholder = factory.SubFactory(StakeholderFactory, plan=factory.SelfAttribute("..plan"))
    message = factory.SubFactory(MessageFactory, plan=factory.SelfAttribute("..plan"))
    channel = factory.SubFactory(ChannelFactory, plan=factory.SelfAttribute("..plan"))
    milestone = factory.SubFactory(MilestoneFactory, plan=factory.SelfAttribute("..plan"))
    planned_hours = Decimal("2.00")
    planned_cost = Decimal("1000.00")
    scheduled_date = datetime.date(2026, 5, 1)
    next_review_date = datetime.date(2026, 5, 15)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    plan = factory.SubFactory(PlanFactory)
    kind = MeetingKind.EXECUTIVE
    date = datetime.date(2026, 5, 20)  # a Wednesday; the working day after is Thursday 21


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Decision {n}")
    rationale = "Capacity is short in the third quarter."


def form_data(form, **changes):
    """POST data that submits `form` as it stands (its initial values), with `changes` applied.

    A change of None leaves the field out of the POST.
    """
    data = {name: form[name].value() for name in form.fields}
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}
