"""Form widgets shared by the apps."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """A <select> whose options are written in Python from its choices, not through a template
    per option nor Django's option dictionaries.

    The HTML is what Django's own templates write; it is several times faster for the selects
    of a large plan (hundreds of messages or stakeholders), which dominated the time of the row
    edit pages under load (issue 7 §5, issue 16).
    """

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        # As Select.optgroups: the values as strings; one option selected unless multiple.
        wanted = set(self.format_value(value))
        found = False

        def option(option_value, label):
            nonlocal found
            option_value = "" if option_value is None else str(option_value)
            selected = option_value in wanted and (self.allow_multiple_selected or not found)
            found = found or selected
            return format_html(
                '<option value="{}"{}>{}</option>',
                option_value,
                " selected" if selected else "",
                label,
            )

        parts = [format_html('<select name="{}"{}>', name, flatatt(attrs))]
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                parts.append(format_html('<optgroup label="{}">', option_value))
                parts.extend(option(*choice) for choice in label)
                parts.append("</optgroup>")
            else:
                parts.append(option(option_value, label))
        parts.append("</select>")
        return mark_safe("\n".join(parts))  # noqa: S308 - every part above is escaped
