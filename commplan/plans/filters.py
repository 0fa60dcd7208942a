import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..models import CommunicationPlan

DUE_SOON_DAYS = 14
ANY = _("Any")


class PlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))

    class Meta:
        model = CommunicationPlan
        fields = ["q"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(organisation__icontains=value))
