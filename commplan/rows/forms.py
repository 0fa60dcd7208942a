"""Forms for a plan's rows: the full form, the inline table form, and an owner's assurance."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.db import transaction
from django.forms.renderers import Jinja2
from django.template import engines
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stakeholders.models import Stakeholder

from ..fields import (
    CycleOffsetInput,
    DateInput,
    MemberChoiceField,
    MessageChoiceField,
    MilestoneChoiceField,
    ValuesChoiceField,
    keep_current,
    plan_members,
)
from ..locking import VersionedFormMixin
from ..models import (
    Cadence,
    Channel,
    Message,
    PlanRow,
)
from ..validators import PlausibleDatesMixin
from ..widgets import FastSelect


class CadenceFieldsMixin:
    """The review cadence's extra number is kept only for the cadence it belongs to."""

    def clean_cadence_fields(self, cleaned):
        cadence = cleaned.get("cadence")
        if cadence != Cadence.EVERY_N_WEEKS:
            cleaned.pop("cadence_weeks", None)
            self.instance.cadence_weeks = None
        if cadence != Cadence.SOP_CYCLE:
            cleaned.pop("cycle_offset", None)
            self.instance.cycle_offset = None
        return cleaned


# A row's links to the plan's objects: selects of up to hundreds of options in a large plan.
RELATED_FIELDS = ("stakeholder", "message", "channel", "owner", "milestone")
# Their options read as plain values, not model instances (commplan/fields.py).
RELATED_FIELD_CLASSES = {
    "stakeholder": ValuesChoiceField,
    "message": MessageChoiceField,
    "channel": ValuesChoiceField,
    "owner": MemberChoiceField,
    "milestone": MilestoneChoiceField,
}
# The row forms' widgets through Django's own Jinja2 widget templates: the same HTML, a
# fraction of the Django template language's time per widget (issue 16). Not project-wide: the
# admin's widgets have Django templates only.
WIDGET_RENDERER = Jinja2()

# The fields of the whole activity, in the order the form shows them.
ROW_FIELDS = [
    "stakeholder",
    "message",
    "channel",
    "owner",
    "assurance",
    "planned_hours",
    "planned_cost",
    "milestone",
    "scheduled_date",
    "cadence",
    "cadence_weeks",
    "cycle_offset",
    "next_review_date",
    "status",
    "notes",
]
# Edited in the full form only: too long, or too rarely changed, for a table cell.
FULL_FORM_ONLY = ("scheduled_date", "notes")


class RowFormBase(PlausibleDatesMixin, VersionedFormMixin, CadenceFieldsMixin, forms.ModelForm):
    """What the row forms share: the links limited to the row's plan, and the cadence fields."""

    default_renderer = WIDGET_RENDERER

    class Meta:
        model = PlanRow
        fields = ROW_FIELDS
        field_classes = RELATED_FIELD_CLASSES
        widgets = {
            **dict.fromkeys(RELATED_FIELDS, FastSelect),
            "scheduled_date": DateInput(),
            "next_review_date": DateInput(),
            "assurance": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "cycle_offset": CycleOffsetInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan = self.instance.plan
        self.fields["stakeholder"].queryset = Stakeholder.objects.filter(plan=plan)
        self.fields["message"].queryset = Message.objects.filter(plan=plan)
        self.fields["channel"].queryset = Channel.objects.filter(plan=plan)
        self.fields["owner"].queryset = plan_members(plan)
        self.fields["milestone"].queryset = plan.milestones.all()
        keep_current(self, RELATED_FIELDS)

    def clean(self):
        return self.clean_cadence_fields(super().clean())


class PlanRowForm(RowFormBase):
    """The whole activity, with a stakeholder or message created on the spot when needed."""

    new_stakeholder = forms.CharField(
        label=_("…or a new stakeholder"),
        max_length=200,
        required=False,
        help_text=_("Type a name to add a stakeholder to the plan."),
    )
    new_message_content = forms.CharField(
        label=_("…or a new message"),
        required=False,
        max_length=Message._meta.get_field("content").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What do we want to communicate about?"),
    )
    new_message_goal = forms.CharField(
        label=_("Goal of the new message"),
        required=False,
        max_length=Message._meta.get_field("goal").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What do we want to achieve?"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan = self.instance.plan
        self.fields["stakeholder"].required = False
        self.fields["message"].required = False
        # A list is named for the toolkit's column it fills (what a screen reader announces and
        # what people search by), and an empty choice says what to do or what it means instead
        # of "---------".
        self.fields["stakeholder"].label = _("Stakeholders (target group)")
        self.fields["message"].label = _("Message content and goal")
        for name, empty in [
            ("stakeholder", _("Choose a stakeholder")),
            ("message", _("Choose a message")),
            ("channel", _("No channel yet")),
            ("owner", _("No owner yet")),
            ("milestone", _("No milestone")),
        ]:
            self.fields[name].empty_label = empty
        self.fields["planned_cost"].label = _("Planned cost (%(currency)s)") % {
            "currency": plan.currency
        }
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's <form> has the token
        self.helper.render_hidden_fields = True  # the version the edit started from
        self.helper.layout = Layout(
            Fieldset(
                _("Stakeholders (target group)"),
                Row(Column("stakeholder"), Column("new_stakeholder")),
            ),
            Fieldset(
                _("Message content and goal"),
                "message",
                Row(Column("new_message_content"), Column("new_message_goal")),
            ),
            Fieldset(pgettext_lazy("toolkit column", "Channel"), "channel"),
            Fieldset(pgettext_lazy("toolkit column", "Owner"), "owner", "assurance"),
            Fieldset(
                pgettext_lazy("toolkit column", "Time and resources"),
                Row(Column("planned_hours"), Column("planned_cost")),
            ),
            Fieldset(
                _("Timing and follow-up"),
                Row(Column("milestone"), Column("scheduled_date")),
                Row(
                    Column("cadence"),
                    Column("cadence_weeks"),
                    Column("cycle_offset"),
                    Column("next_review_date"),
                ),
                Row(Column("status")),
                "notes",
            ),
        )

    def clean_new_stakeholder(self):
        return " ".join(self.cleaned_data["new_stakeholder"].split())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("stakeholder") and cleaned.get("new_stakeholder"):
            self.add_error(
                "new_stakeholder", _("Choose a stakeholder or type a new one, not both.")
            )
        elif not cleaned.get("stakeholder") and not cleaned.get("new_stakeholder"):
            if "stakeholder" not in self.errors:
                self.add_error("stakeholder", _("Choose a stakeholder or type a new one."))
        new_content = cleaned.get("new_message_content", "").strip()
        if cleaned.get("message") and new_content:
            self.add_error(
                "new_message_content", _("Choose a message or write a new one, not both.")
            )
        elif not cleaned.get("message") and not new_content:
            if "message" not in self.errors:
                self.add_error("message", _("Choose a message or write a new one."))
        if cleaned.get("new_message_goal", "").strip() and not new_content:
            self.add_error("new_message_content", _("Write the message the goal belongs to."))
        return cleaned

    @transaction.atomic
    def save(self, commit=True):
        plan = self.instance.plan
        name = self.cleaned_data.get("new_stakeholder")
        if name:
            existing = Stakeholder.objects.filter(plan=plan, name__iexact=name).first()
            self.instance.stakeholder = existing or Stakeholder.objects.create(plan=plan, name=name)
        content = self.cleaned_data.get("new_message_content", "").strip()
        if content:
            self.instance.message = Message.objects.create(
                plan=plan, content=content, goal=self.cleaned_data.get("new_message_goal", "")
            )
        return super().save(commit=commit)


class PlanRowInlineForm(RowFormBase):
    """The fields a manager edits in place in the plan table."""

    class Meta(RowFormBase.Meta):
        fields = [name for name in ROW_FIELDS if name not in FULL_FORM_ONLY]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            css = "form-select form-select-sm" if select else "form-control form-control-sm"
            field.widget.attrs["class"] = css

    # The in-place edit's grid: each field and its column's classes at each width.
    GRID = (
        ("stakeholder", "col-12 col-md-6 col-xl-2"),
        ("message", "col-12 col-md-6 col-xl-3"),
        ("channel", "col-6 col-md-4 col-xl-2"),
        ("owner", "col-6 col-md-4 col-xl-2"),
        ("planned_hours", "col-6 col-md-2 col-xl-1"),
        ("planned_cost", "col-6 col-md-2 col-xl-2"),
        ("assurance", "col-12 col-md-6 col-xl-5"),
        ("milestone", "col-12 col-md-6 col-xl-3"),
        ("next_review_date", "col-6 col-md-4 col-xl-2"),
        ("status", "col-6 col-md-4 col-xl-2"),
        ("cadence", "col-12 col-md-6 col-xl-3"),
        ("cadence_weeks", "col-6 col-md-3 col-xl-2"),
        ("cycle_offset", "col-6 col-md-3 col-xl-3"),
    )

    def render_fields(self):
        """The fields in the in-place edit's grid, by one Jinja2 template (issue 16: an include
        per field was a large part of opening a row for editing)."""
        fields = []
        for name, css in self.GRID:
            field = self[name]
            view = {
                "id_for_label": field.id_for_label,
                "auto_id": field.auto_id,
                "label": field.label,
                "widget": str(field),
                "help": field.help_text,
                "errors": list(field.errors),
            }
            fields.append((css, view))
        template = engines["jinja2"].get_template("commplan/row_edit_fields.jinja").template
        # The output of an autoescaping template; the widgets are Django's own (safe) HTML.
        return mark_safe(template.render(fields=fields))  # noqa: S308

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] += " is-invalid"
                attrs["aria-describedby"] = f"{self[name].auto_id}_error"


class AssuranceForm(VersionedFormMixin, forms.ModelForm):
    """What an owner may change on their own row: how they make sure it happens."""

    class Meta:
        model = PlanRow
        fields = ["assurance"]
        widgets = {"assurance": forms.Textarea(attrs={"rows": 4})}
