"""The public pulse form, and the form that makes a link for an activity or one occurrence."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ..models import Meaning, Question
from ..models.feedback import SCALE, UNCLEAR_MAX_LENGTH

HONEYPOT = "website"  # a field people never see; software that fills every field fills it


SCALE_CHOICES = [(n, str(n)) for n in SCALE]


class Shared:
    """A field that every form shares instead of a deep copy per form (Django copies each field
    so that a form may change its own; this one changes none, and neither do Django's validation
    and rendering). The public page's post makes one form per answer (issue 19 §4)."""

    def __deepcopy__(self, memo):
        return self


class ScaleField(Shared, forms.TypedChoiceField):
    pass


class ChoiceField(Shared, forms.ChoiceField):
    pass


class CharField(Shared, forms.CharField):
    pass


class PulseForm(forms.Form):
    """The 1–3 questions the message's pulse asks, and "What is unclear?"; at least one
    answer."""

    clarity = ScaleField(
        label=Question.CLARITY.label,
        choices=SCALE_CHOICES,
        help_text=_("1 = not clear at all, 5 = very clear"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    meaning = ChoiceField(
        label=Question.MEANING.label,
        choices=Meaning.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    support = ScaleField(
        label=Question.SUPPORT.label,
        choices=SCALE_CHOICES,
        help_text=_("1 = not at all, 5 = fully"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    unclear = CharField(
        label=_("What is unclear? (optional)"),
        max_length=UNCLEAR_MAX_LENGTH,
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": UNCLEAR_MAX_LENGTH}),
        help_text=_("Please leave out names: anyone reading it should not know who wrote it."),
    )
    website = CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for question in Question:
            if question not in questions:
                del self.fields[question.value]

    @property
    def is_spam(self):
        return bool(self.data.get(HONEYPOT))

    def clean_unclear(self):
        # No control characters but line breaks: the text is shown to the plan's managers.
        text = self.cleaned_data["unclear"]
        return "".join(c for c in text if c in "\n\t" or c.isprintable()).strip()

    def clean(self):
        cleaned = super().clean()
        answers = [cleaned.get(name) for name in self.fields if name != HONEYPOT]
        if not self.errors and not any(answers):
            raise forms.ValidationError(_("Answer at least one question, then send."))
        return cleaned

    def answers(self):
        """The answers as record_answer takes them."""
        data = self.cleaned_data
        return {
            "clarity": data.get("clarity"),
            "meaning": data.get("meaning") or "",
            "support": data.get("support"),
            "unclear": data.get("unclear", ""),
        }


class LinkForm(forms.Form):
    """Which link to make: for the activity as a whole, or one of its occurrences."""

    occurrence = forms.TypedChoiceField(required=False, label=_("For"), coerce=str)

    def __init__(self, *args, dates=(), activity_free=True, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("the activity as a whole"))] if activity_free else []
        choices += [(day.isoformat(), date_format(day, "DATE_FORMAT")) for day in dates]
        self.fields["occurrence"].choices = choices
        self.dates = {day.isoformat(): day for day in dates}

    def clean_occurrence(self):
        return self.dates.get(self.cleaned_data["occurrence"])
