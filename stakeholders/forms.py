from django import forms
from django.utils.translation import gettext_lazy as _

from commplan.locking import VersionedFormMixin

from .models import Stakeholder


class StakeholderForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Stakeholder
        fields = [
            "name",
            "is_internal",
            "category",
            "importance",
            "involvement",
            "contact_name",
            "contact_email",
            "notes",
        ]
        widgets = {
            "importance": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "involvement": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        # `plan` is not a form field, so Django leaves the plan's unique name to the database.
        taken = Stakeholder.objects.filter(plan_id=self.instance.plan_id, name=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("The plan already has a stakeholder with this name."))
        return name
