from django import forms

from .models import Stakeholder


class StakeholderForm(forms.ModelForm):
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
        return " ".join(self.cleaned_data["name"].split())
