from django import forms

from commplan.fields import DateInput
from commplan.locking import VersionedFormMixin
from commplan.validators import PlausibleDatesMixin

from .models import Milestone


class MilestoneForm(PlausibleDatesMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "phase", "planned_date", "actual_date", "status", "description"]
        widgets = {
            "planned_date": DateInput(),
            "actual_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
