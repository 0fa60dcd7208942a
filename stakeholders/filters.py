import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Category, Stakeholder


class StakeholderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    category = django_filters.ChoiceFilter(
        choices=Category.choices, label=_("Category"), empty_label=_("Any")
    )
    is_internal = django_filters.BooleanFilter(
        label=_("Internal or external"),
        # Not NullBooleanSelect: its "Unknown" reads as a value, not as "no filter".
        widget=forms.Select(
            choices=[("", _("Any")), ("true", _("Internal")), ("false", _("External"))]
        ),
    )

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
