"""A form's crispy Layout of fieldsets, rows, columns and fields, written by one Jinja2 template
in crispy's Bootstrap 5 markup (issue 16): the row form's page spent most of its time in
crispy's templates, several per field. The layout stays the form's FormHelper; a layout object
this module does not know is refused, so it never renders a form differently without saying."""

from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.template import engines
from django.utils.safestring import mark_safe

TEMPLATE = "commplan/form_layout.jinja"
KNOWN = (Layout, Fieldset, Row, Column)


class FieldView:
    """One field as the template writes it: label, widget, errors and help, ready to print."""

    __slots__ = ("errors", "help", "id", "label", "required", "widget")

    def __init__(self, field):
        widget = field.field.widget
        self.id = field.auto_id
        self.label = field.label
        self.required = field.field.required
        self.errors = list(field.errors)
        self.help = field.help_text
        # The classes crispy's bootstrap5 pack gives a widget: its class name, then Bootstrap's.
        own = widget.attrs.get("class", "")
        name = type(widget).__name__.lower()
        css = f"{own} {name}".strip() if name not in own else own
        css += " form-select" if isinstance(widget, forms.Select) else " form-control"
        attrs = {"class": f"{css} is-invalid" if self.errors else css}
        if self.errors:
            described = [f"{self.id}_helptext"] if self.help else []
            attrs["aria-describedby"] = " ".join([*described, f"{self.id}_error"])
        self.widget = field.as_widget(attrs=attrs)


def _items(form, objects):
    """The template's nodes for crispy layout `objects`: (kind, payload) pairs."""
    for item in objects:
        if isinstance(item, str):
            yield "field", FieldView(form[item])
        elif isinstance(item, Fieldset):
            yield "fieldset", (item.legend, list(_items(form, item.fields)))
        elif isinstance(item, Row):
            yield "row", list(_items(form, item.fields))
        elif isinstance(item, Column):
            yield "column", list(_items(form, item.fields))
        else:
            raise TypeError(f"{type(item).__name__} is not a layout object formlayout writes.")


def render_layout(form):
    """`form`'s errors that belong to no field, then the form laid out by its helper's layout,
    then its hidden fields (the version an edit started from); no <form> tag and no CSRF
    token: the page's template has them."""
    helper = form.helper
    if helper.form_tag or not helper.disable_csrf or not isinstance(helper.layout, Layout):
        raise TypeError("formlayout writes a layout inside the page's own <form> only.")
    items = list(_items(form, helper.layout.fields))
    hidden = [str(field) for field in form.hidden_fields()] if helper.render_hidden_fields else []
    # As templates/bootstrap5/errors.html: during an edit conflict, includes/edit_conflict.html
    # says it, above what the other person changed.
    show_errors = helper.form_show_errors and not getattr(form, "conflict", None)
    errors = list(form.non_field_errors()) if show_errors else []
    template = engines["jinja2"].get_template(TEMPLATE).template
    # The output of an autoescaping template; widgets and hidden fields are Django's own HTML.
    return mark_safe(  # noqa: S308
        template.render(errors=errors, items=items, hidden=[mark_safe(h) for h in hidden])  # noqa: S308
    )
