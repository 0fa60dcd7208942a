"""Forms for a plan's header, its channels and messages, and its members."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..locking import VersionedFormMixin
from ..models import (
    Channel,
    Message,
)


class ChannelForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Channel
        fields = ["name", "kind", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        # `plan` is not a form field, so Django leaves the plan's unique name to the database.
        taken = Channel.objects.filter(plan_id=self.instance.plan_id, name=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("The plan already has a channel with this name."))
        return name


class MessageForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Message
        fields = ["content", "goal", "objective", "pulse", "target_share", "target_responses"]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 3}),
            "goal": forms.Textarea(attrs={"rows": 3}),
        }
