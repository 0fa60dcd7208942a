"""The form for a new personal API token."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import ApiToken

EXPIRY_CHOICES = [
    ("30", _("In 30 days")),
    ("90", _("In 90 days")),
    ("365", _("In a year")),
    ("", _("Never (revoke it when it is no longer needed)")),
]


class ApiTokenForm(forms.ModelForm):
    expires_in = forms.ChoiceField(
        label=_("Expires"), choices=EXPIRY_CHOICES, initial="90", required=False
    )

    class Meta:
        model = ApiToken
        fields = ["name"]

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())
