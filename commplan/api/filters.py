"""Filters of the API's lists (django-filter): `?status=active&owner=3&next_review_before=…`."""

import django_filters as filters

from milestones.models import Milestone
from stakeholders.models import Stakeholder

from ..models import Channel, CommunicationPlan, Message, PlanRow, Review


class PlanFilter(filters.FilterSet):
    archived = filters.BooleanFilter(field_name="archived_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = CommunicationPlan
        fields = ["archived"]


def by_id(name):
    """A filter by the id of a linked object, without looking it up: an id that is not in the
    plan simply matches nothing."""
    return filters.NumberFilter(field_name=f"{name}_id")


class RowFilter(filters.FilterSet):
    owner = by_id("owner")
    stakeholder = by_id("stakeholder")
    message = by_id("message")
    channel = by_id("channel")
    milestone = by_id("milestone")
    next_review_before = filters.DateFilter(field_name="next_review_date", lookup_expr="lte")
    next_review_after = filters.DateFilter(field_name="next_review_date", lookup_expr="gte")

    class Meta:
        model = PlanRow
        fields = ["status", "owner", "stakeholder", "message", "channel", "milestone", "cadence"]


class StakeholderFilter(filters.FilterSet):
    class Meta:
        model = Stakeholder
        fields = ["is_internal", "category", "importance", "involvement"]


class MilestoneFilter(filters.FilterSet):
    class Meta:
        model = Milestone
        fields = ["phase", "status"]


class MessageFilter(filters.FilterSet):
    class Meta:
        model = Message
        fields = ["objective"]


class ChannelFilter(filters.FilterSet):
    class Meta:
        model = Channel
        fields = ["kind"]


class ReviewFilter(filters.FilterSet):
    row = by_id("row")
    reviewed_after = filters.DateFilter(field_name="reviewed_on", lookup_expr="gte")
    reviewed_before = filters.DateFilter(field_name="reviewed_on", lookup_expr="lte")

    class Meta:
        model = Review
        fields = ["row", "happened", "goal_reached"]
