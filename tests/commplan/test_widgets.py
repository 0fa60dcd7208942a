"""FastSelect writes the same <select> as Django's template-rendered Select, and formlayout the
same row form as crispy, only faster."""

import pytest
import time_machine
from crispy_forms.layout import HTML
from crispy_forms.utils import render_crispy_form
from django import forms
from django.test.html import parse_html
from django.utils import timezone

from commplan.formlayout import render_layout
from commplan.rows.forms import PlanRowForm, PlanRowInlineForm
from commplan.widgets import FastSelect

from ..factories import StakeholderFactory


@pytest.mark.parametrize("name", ["stakeholder", "message", "channel", "owner", "milestone"])
def test_fast_select_writes_what_djangos_select_writes(row, name):
    StakeholderFactory(plan=row.plan, name='Sales & "Ops" <team>')
    form = PlanRowInlineForm(instance=row, auto_id="row1_%s")
    field = form[name]
    assert isinstance(field.field.widget, FastSelect)

    fast = field.as_widget()
    widget = field.field.widget
    plain = field.as_widget(widget=forms.Select(attrs=widget.attrs, choices=widget.choices))

    assert parse_html(fast) == parse_html(plain)  # as assertHTMLEqual: attribute order aside
    assert "selected" in fast or getattr(row, name) is None


@pytest.mark.parametrize("data", [None, {"planned_hours": "-1", "cadence": "every_n_weeks"}])
def test_the_row_forms_layout_is_what_crispy_writes(row, data):
    """commplan.formlayout writes the row form's FormHelper layout in crispy's markup, faster."""
    StakeholderFactory(plan=row.plan, name='Sales & "Ops" <team>')

    # The hidden version is signed with the time in seconds when a form is made: both forms
    # are made (and rendered) in the same frozen second.
    with time_machine.travel(timezone.now(), tick=False):
        form = PlanRowForm(data, instance=row)
        fast = render_layout(form)
        crispy = render_crispy_form(PlanRowForm(data, instance=row))
    if data:
        assert form.errors

    assert parse_html(fast) == parse_html(crispy)
    assert "Sales &amp; &quot;Ops&quot; &lt;team&gt;" in fast


def test_the_layout_writer_refuses_a_layout_object_it_does_not_know(row):
    form = PlanRowForm(instance=row)
    form.helper.layout.append(HTML("<p>more</p>"))

    with pytest.raises(TypeError, match="HTML"):
        render_layout(form)
