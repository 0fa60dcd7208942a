import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Milestone, MilestoneStatus, Phase


class MilestoneFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    phase = django_filters.ChoiceFilter(
        choices=Phase.choices, label=_("Phase"), empty_label=_("Any")
    )
    status = django_filters.ChoiceFilter(
        choices=MilestoneStatus.choices, label=_("Status"), empty_label=_("Any")
    )

    class Meta:
        model = Milestone
        fields = ["q", "phase", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))
