"""What the API shows of each object, and (for the schema) what a write may send.

Writes are validated by the pages' own forms (commplan/api/writes.py); these serializers only
describe and render, and a write may send exactly the fields of the object's form. Links to
other objects are their ids, read without a query.
"""

from rest_framework import serializers

from commplan.catalogue.forms import ChannelForm, MessageForm
from commplan.followup.forms import ReviewForm
from commplan.plans.forms import PlanForm
from commplan.rows.forms import PlanRowForm
from milestones.forms import MilestoneForm
from milestones.models import Milestone
from stakeholders.forms import StakeholderForm
from stakeholders.models import Stakeholder

from ..models import Channel, CommunicationPlan, Message, PlanRow, Review, Role

READ_ONLY = ("id", "plan", "created_at", "updated_at")


def link(name, **kwargs):
    """The id of the linked object `name`, read from its `<name>_id` column."""
    return serializers.IntegerField(source=f"{name}_id", **kwargs)


class PlanSerializer(serializers.ModelSerializer):
    your_role = serializers.ChoiceField(
        choices=Role.choices,
        read_only=True,
        help_text="Your role in the plan: what you may change through this API.",
    )
    archived = serializers.BooleanField(source="is_archived", read_only=True)

    class Meta:
        model = CommunicationPlan
        fields = ["id", *PlanForm.Meta.fields, "archived", "your_role", "created_at", "updated_at"]
        read_only_fields = ("id", "created_at", "updated_at")


class RowSerializer(serializers.ModelSerializer):
    stakeholder = link("stakeholder")
    message = link("message")
    channel = link("channel", allow_null=True, required=False)
    owner = link("owner", allow_null=True, required=False)
    milestone = link("milestone", allow_null=True, required=False)
    plan = link("plan", read_only=True)
    actual_hours = serializers.DecimalField(
        max_digits=9, decimal_places=2, read_only=True, allow_null=True
    )
    actual_cost = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, allow_null=True
    )

    class Meta:
        model = PlanRow
        fields = [
            "id",
            "plan",
            *PlanRowForm.Meta.fields,
            "actual_hours",
            "actual_cost",
            "created_at",
            "updated_at",
        ]
        read_only_fields = READ_ONLY


class StakeholderSerializer(serializers.ModelSerializer):
    plan = link("plan", read_only=True)

    class Meta:
        model = Stakeholder
        fields = ["id", "plan", *StakeholderForm.Meta.fields, "created_at", "updated_at"]
        read_only_fields = READ_ONLY


class MilestoneSerializer(serializers.ModelSerializer):
    plan = link("plan", read_only=True)

    class Meta:
        model = Milestone
        fields = ["id", "plan", *MilestoneForm.Meta.fields, "created_at", "updated_at"]
        read_only_fields = READ_ONLY


class MessageSerializer(serializers.ModelSerializer):
    plan = link("plan", read_only=True)

    class Meta:
        model = Message
        fields = ["id", "plan", *MessageForm.Meta.fields, "created_at", "updated_at"]
        read_only_fields = READ_ONLY


class ChannelSerializer(serializers.ModelSerializer):
    plan = link("plan", read_only=True)

    class Meta:
        model = Channel
        fields = ["id", "plan", *ChannelForm.Meta.fields, "created_at", "updated_at"]
        read_only_fields = READ_ONLY


class ReviewSerializer(serializers.ModelSerializer):
    row = link("row")
    reviewed_by = link("reviewed_by", read_only=True, allow_null=True)
    next_review_date = serializers.DateField(
        write_only=True,
        required=False,
        allow_null=True,
        help_text="The activity's next review; leave out to follow its review cadence.",
    )
    row_status = serializers.ChoiceField(
        choices=PlanRow._meta.get_field("status").choices,
        write_only=True,
        required=False,
        help_text="The activity's status from here; leave out to keep it.",
    )
    row_assurance = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        help_text="How it is ensured from here; leave out to keep it.",
    )

    class Meta:
        model = Review
        fields = [
            "id",
            "row",
            "reviewed_by",
            "due_date",
            *ReviewForm.Meta.fields,
            "next_review_date",
            "row_status",
            "row_assurance",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ("id", "due_date", "created_at", "updated_at")


class FiguresSerializer(serializers.Serializer):
    """Planned (activities) and actual (reviews) figures of one group of activities."""

    key = serializers.CharField(allow_null=True, help_text="The group's id (or phase number).")
    label = serializers.CharField()
    rows = serializers.IntegerField(help_text="Activities.")
    done = serializers.IntegerField(help_text="Activities done.")
    planned_hours = serializers.DecimalField(max_digits=14, decimal_places=2)
    planned_cost = serializers.DecimalField(max_digits=16, decimal_places=2)
    reviews = serializers.IntegerField()
    on_time = serializers.IntegerField(help_text="Reviews whose communication happened on time.")
    goal_reached = serializers.IntegerField(help_text="Reviews that found the goal reached.")
    actual_hours = serializers.DecimalField(max_digits=14, decimal_places=2)
    actual_cost = serializers.DecimalField(max_digits=16, decimal_places=2)


class DashboardSerializer(serializers.Serializer):
    """A plan's dashboard figures: totals, and per milestone, phase, channel and owner."""

    plan = serializers.IntegerField()
    today = serializers.DateField()
    currency = serializers.CharField()
    current_phase = serializers.IntegerField(allow_null=True)
    totals = FiguresSerializer()
    milestones = FiguresSerializer(many=True)
    phases = FiguresSerializer(many=True)
    channels = FiguresSerializer(many=True)
    owners = FiguresSerializer(many=True)
