"""Every API error is JSON with a `detail` message a person can act on (and `errors` per field
for invalid data); a server error too, though none should happen."""

import logging

from django.db.models import ProtectedError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

logger = logging.getLogger(__name__)


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


def invalid(errors):
    """A 400 for `errors` ({field: [message, …]}, '__all__' for the whole object)."""
    return Response(
        {"detail": _("The data is not valid; nothing was saved."), "errors": errors},
        status=status.HTTP_400_BAD_REQUEST,
    )


def json_exception_handler(exc, context):
    if isinstance(exc, ProtectedError):
        return Response(
            {"detail": _("It is still used by activities. Move or delete them first.")},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found: it does not exist, or it is not in your plans."))
    response = exception_handler(exc, context)
    if response is None:
        logger.exception("API error", exc_info=exc)
        return Response(
            {"detail": _("Something went wrong on our side; nothing was saved. Try again.")},
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"__all__": response.data}
        response.data = {"detail": _("The data is not valid; nothing was saved."), "errors": errors}
    elif not isinstance(response.data, dict) or "detail" not in response.data:
        response.data = {"detail": str(exc)}
    return response
