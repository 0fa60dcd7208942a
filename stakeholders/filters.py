import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Category, Stakeholder


class StakeholderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    category = django_filters.ChoiceFilter(
        choices=Category.choices, label=_("Category"), empty_label=_("Any")
    )
    is_internal = django_filters.BooleanFilter(label=_("Internal"))

    class Meta:
        model = Stakeholder
        fields = ["q", "category", "is_internal"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(contact_name__icontains=value)
            | Q(contact_email__icontains=value)
            | Q(notes__icontains=value)
        )
