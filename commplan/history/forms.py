"""The forms of the history pages: filtering a plan's changes, saving a baseline."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commplan.models import Baseline, display_name

from .timeline import KINDS

SYSTEM = "system"


class ChangesFilterForm(forms.Form):
    """Which changes of the plan to list: of one kind, by one person (or by the system)."""

    kind = forms.ChoiceField(label=_("What changed"), required=False)
    person = forms.ChoiceField(label=_("Changed by"), required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Everything"))] + [
            (kind, label) for kind, (_model, label) in KINDS.items()
        ]
        members = sorted(
            (display_name(m.user), m.user_id) for m in plan.memberships.select_related("user")
        )
        self.fields["person"].choices = [
            ("", _("Anyone")),
            (SYSTEM, _("System (imports, commands)")),
            *[(str(pk), name) for name, pk in members],
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def filter(self, records_by_kind):
        """`records_by_kind` narrowed to what the (valid) form asks for."""
        kind = self.cleaned_data.get("kind")
        if kind:
            records_by_kind = {kind: records_by_kind[kind]}
        person = self.cleaned_data.get("person")
        if person == SYSTEM:
            lookup = {"history_user__isnull": True}
        elif person:
            lookup = {"history_user_id": int(person)}
        else:
            return records_by_kind
        return {kind: records.filter(**lookup) for kind, records in records_by_kind.items()}


class BaselineForm(forms.ModelForm):
    class Meta:
        model = Baseline
        fields = ["name", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "name": _("What the plan was agreed for, e.g. “Pilot approved”."),
        }

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Baseline.objects.filter(plan_id=self.instance.plan_id, name__iexact=name).exists():
            raise forms.ValidationError(_("The plan already has a baseline with this name."))
        return name
