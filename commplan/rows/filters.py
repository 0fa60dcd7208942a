from datetime import timedelta
from typing import Any

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from milestones.models import Milestone, Phase
from stakeholders.models import Stakeholder

from .. import dashboard
from ..fields import MemberChoiceField, plan_members
from ..models import Channel, CommunicationPlan, PlanRow, RowStatus
from ..widgets import FastSelect

DUE_SOON_DAYS = 14
ANY = _("Any")


class MemberFilter(django_filters.ModelChoiceFilter):
    field_class = MemberChoiceField


def _descending(label):
    return gettext("%s (descending)") % label


class OrderingFilter(django_filters.OrderingFilter):
    """django-filter's, with the "(descending)" labels translated when a page is drawn: its own
    are formatted once, at import, in whatever language was active then."""

    def build_choices(self, fields, labels):
        ascending = [(param, labels[field]) for field, param in fields.items()]
        descending = [(f"-{param}", lazy(_descending, str)(label)) for param, label in ascending]
        return [choice for pair in zip(ascending, descending, strict=True) for choice in pair]


class PlanRowFilter(django_filters.FilterSet):
    """The plan table's filters; every choice is limited to the plan being shown."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    stakeholder = django_filters.ModelChoiceFilter(
        queryset=Stakeholder.objects.none(),
        label=_("Stakeholder"),
        empty_label=ANY,
        widget=FastSelect,
    )
    channel = django_filters.ModelChoiceFilter(
        queryset=Channel.objects.none(), label=_("Channel"), empty_label=ANY, widget=FastSelect
    )
    owner = MemberFilter(
        queryset=get_user_model().objects.none(),
        label=_("Owner"),
        empty_label=ANY,
        widget=FastSelect,
    )
    milestone = django_filters.ModelChoiceFilter(
        queryset=Milestone.objects.none(), label=_("Milestone"), empty_label=ANY, widget=FastSelect
    )
    phase = django_filters.ChoiceFilter(
        field_name="milestone__phase", choices=Phase.choices, label=_("Phase"), empty_label=ANY
    )
    status = django_filters.ChoiceFilter(
        choices=RowStatus.choices, label=_("Status"), empty_label=ANY
    )
    due = django_filters.ChoiceFilter(
        method="filter_due",
        label=_("Review"),
        empty_label=ANY,
        choices=[
            ("overdue", _("Overdue")),
            ("today", _("Due today")),
            ("due", _("Due or overdue")),
            ("soon", _("Due in the next 14 days")),
        ],
    )
    missing = django_filters.ChoiceFilter(
        method="filter_missing",
        label=_("Missing"),
        empty_label=ANY,
        choices=[
            ("owner", _("Owner (open activities)")),
            ("budget", _("Budget (open activities)")),
            ("review", _("Review after a passed milestone")),
        ],
    )
    sort = OrderingFilter(
        label=_("Sort by"),
        empty_label=_("Milestone"),
        fields=[
            ("next_review_date", "next_review"),
            ("scheduled_date", "scheduled"),
            ("stakeholder__name", "stakeholder"),
            ("owner__first_name", "owner"),
            ("status", "status"),
        ],
        field_labels={
            "next_review_date": _("Next review"),
            "scheduled_date": _("Scheduled date"),
            "stakeholder__name": _("Stakeholder"),
            "owner__first_name": _("Owner"),
            "status": _("Status"),
        },
    )

    class Meta:
        model = PlanRow
        fields = [
            "q",
            "stakeholder",
            "channel",
            "owner",
            "milestone",
            "phase",
            "status",
            "due",
            "missing",
        ]

    def __init__(self, *args: Any, plan: CommunicationPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["stakeholder"].queryset = plan.stakeholders.all()
        self.filters["channel"].queryset = plan.channels.all()
        self.filters["owner"].queryset = plan_members(plan)
        self.filters["milestone"].queryset = plan.milestones.all()
        for field in self.form.fields.values():
            if type(field.widget) is forms.Select:
                # Written in Python, not a template per option: the filter bar is on every view
                # of the table (issue 16).
                field.widget = FastSelect(attrs=field.widget.attrs, choices=field.widget.choices)
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{css} form-select-sm form-control-sm"

    def applied(self):
        """(label, value) of each filter in use, in words: what a printout says it shows."""
        form = self.form
        form.is_valid()  # cleans once; a value that was not understood is ignored, as on screen
        applied = []
        for name, value in getattr(form, "cleaned_data", {}).items():
            if name == "sort" or value in (None, "", []):
                continue
            field = form.fields[name]
            if hasattr(field, "label_from_instance"):
                value = field.label_from_instance(value)
            elif getattr(field, "choices", None):
                value = {str(key): text for key, text in field.choices}.get(str(value), value)
            applied.append((field.label, value))
        return applied

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(stakeholder__name__icontains=word)
                | Q(message__content__icontains=word)
                | Q(message__goal__icontains=word)
                | Q(channel__name__icontains=word)
                | Q(assurance__icontains=word)
                | Q(notes__icontains=word)
                | Q(owner__first_name__icontains=word)
                | Q(owner__last_name__icontains=word)
                | Q(milestone__title__icontains=word)
            )
        return queryset

    def filter_due(self, queryset, name, value):
        today = timezone.localdate()
        if value == "overdue":
            return queryset.overdue(today)
        if value == "today":
            return queryset.open().filter(next_review_date=today)
        if value == "due":
            return queryset.due_for_review(today)
        return queryset.open().filter(
            next_review_date__gte=today,
            next_review_date__lte=today + timedelta(days=DUE_SOON_DAYS),
        )

    def filter_missing(self, queryset, name, value):
        """The rows a dashboard warning counts (commplan.dashboard), so its link shows them."""
        if value == "owner":
            return queryset.open().filter(dashboard.NO_OWNER)
        if value == "budget":
            return queryset.open().filter(dashboard.NO_BUDGET)
        return queryset.filter(dashboard.unreviewed_after_milestone(timezone.localdate()))
