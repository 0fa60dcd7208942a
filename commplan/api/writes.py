"""Writes through the pages' own forms, under the same version check as the forms.

A change (PATCH, DELETE) must send the ETag it read in If-Match: 428 without one, 412 when the
object changed since (commplan.locking's lock and version, so two writers of one version cannot
both succeed).
"""

from django.db import transaction
from django.utils.http import parse_etags
from django.utils.translation import gettext as _
from rest_framework import exceptions

from ..locking import VERSION_FIELD, as_data, etag_of, locked_current, version_of
from .errors import PreconditionFailed, PreconditionRequired, invalid


class FormRejected(Exception):
    """The form found the data invalid; `response` is the 400 that says why."""

    def __init__(self, response):
        super().__init__("The form found the data invalid.")
        self.response = response


def payload_of(request):
    """The request's JSON object; a 400 for anything else (a list, a number)."""
    if not isinstance(request.data, dict):
        raise exceptions.ParseError(_("Send a JSON object with the fields to save."))
    return request.data


def form_data(form_class, instance, payload, form_kwargs):
    """POST data for `form_class`: `instance`'s current values (a new one's defaults), with
    `payload`'s on top, so a PATCH need only send what changes and a new object gets the same
    defaults as on its page. Fields the form does not have are left out."""
    unbound = form_class(instance=instance, **form_kwargs)
    data = {name: as_data(unbound[name].value()) for name in unbound.fields}
    for name, value in payload.items():
        if name in unbound.fields and name != VERSION_FIELD:
            if isinstance(value, (dict, list)):
                raise FormRejected(invalid({name: [_("Give a single value.")]}))
            data[name] = as_data(value)
    return data


def expected_etag(request):
    """The version the client read (If-Match); 428 without one."""
    header = request.headers.get("If-Match", "")
    tags = [tag.removeprefix("W/") for tag in parse_etags(header) if tag != "*"]
    if not tags:
        raise PreconditionRequired(
            _(
                "Send the ETag of the version you read in an If-Match header, so that nobody's "
                "change is overwritten unseen."
            )
        )
    return tags


def current_version(request, instance):
    """`instance` locked as it is now, when it is still the version the request read; else 412
    (or 404 when it was deleted). Call inside `transaction.atomic()`."""
    tags = expected_etag(request)
    current = locked_current(instance)
    if current is None:
        raise exceptions.NotFound(_("Someone else deleted this. Nothing was saved."))
    if etag_of(current).removeprefix("W/") not in tags:
        raise PreconditionFailed(
            _(
                "Someone else changed this after you read it, so nothing was saved. Read it again "
                "(its new ETag) and make your change on that version."
            )
        )
    return current


def form_errors(form):
    return {
        name: [error["message"] for error in errors]
        for name, errors in form.errors.get_json_data().items()
    }


def save_with_form(request, form_class, instance, form_kwargs=None, save=None):
    """Validate the request's JSON with `form_class` and save it; a new object when `instance`
    has no pk, else a change of the version If-Match names. `save(form)` saves (default:
    `form.save()`). Returns the saved object; raises FormRejected with the 400."""
    form_kwargs = form_kwargs or {}
    payload = payload_of(request)
    with transaction.atomic():
        if instance.pk:
            instance = current_version(request, instance)
        data = form_data(form_class, instance, payload, form_kwargs)
        if instance.pk:
            data[VERSION_FIELD] = version_of(instance)
        form = form_class(data, instance=instance, **form_kwargs)
        if not form.is_valid():
            raise FormRejected(invalid(form_errors(form)))
        return save(form) if save else form.save()


def delete_version(request, instance, before=None):
    """Delete `instance` when it is still the version If-Match names; `before(instance)` runs
    first, in the same transaction (e.g. to detach rows)."""
    with transaction.atomic():
        current = current_version(request, instance)
        if before is not None:
            before(current)
        current.delete()
