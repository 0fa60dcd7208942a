from django import forms
from django.utils.translation import gettext_lazy as _

from commplan.fields import MemberChoiceField, plan_members
from commplan.locking import VersionedFormMixin
from commplan.models import Channel

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
            "preferred_channel",
            "default_owner",
            "notes",
        ]
        field_classes = {"default_owner": MemberChoiceField}
        widgets = {
            "importance": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "involvement": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan = self.instance.plan_id  # None on a form built without a plan (tests' form_data)
        self.fields["preferred_channel"].queryset = Channel.objects.filter(plan=plan)
        self.fields["preferred_channel"].empty_label = _("No preferred channel")
        self.fields["default_owner"].queryset = plan_members(plan)
        self.fields["default_owner"].empty_label = _("No default owner")

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        # `plan` is not a form field, so Django leaves the plan's unique name to the database.
        taken = Stakeholder.objects.filter(plan_id=self.instance.plan_id, name=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("The plan already has a stakeholder with this name."))
        return name
