"""Requests the app will not handle: too large (refused before a view reads them) or with a
method the address does not take, each with a page that says why.

Django refuses form fields over DATA_UPLOAD_MAX_MEMORY_SIZE and more than
DATA_UPLOAD_MAX_NUMBER_FIELDS fields, but it does not count uploaded files; the middleware caps
the whole body at MAX_REQUEST_SIZE, so an upload cannot fill the disk either.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat


def declared_length(request: HttpRequest) -> int:
    """The body's length as the client declared it; Django reads a garbled one as 0."""
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


class RequestSizeLimitMiddleware:
    """Refuses a request whose body is over settings.MAX_REQUEST_SIZE before anything reads it.

    Goes after the language middleware, so the refusal is in the person's language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if declared_length(request) > settings.MAX_REQUEST_SIZE:
            raise RequestDataTooBig("Request body over MAX_REQUEST_SIZE.")
        return self.get_response(request)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 400 page (handler400). Too much data is a 413 naming the limit that was passed, too
    many fields says so; nothing was saved in any case."""
    context: dict[str, Any] = {"problem": "bad"}
    status = 400
    if isinstance(exception, RequestDataTooBig):
        over_all = declared_length(request) > settings.MAX_REQUEST_SIZE
        limit = settings.MAX_REQUEST_SIZE if over_all else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        context, status = {"problem": "too_big", "limit": filesizeformat(limit)}, 413
    elif isinstance(exception, TooManyFieldsSent):
        context = {"problem": "too_many_fields", "limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}
    return render(request, "400.html", context, status=status)


class MethodNotAllowedPageMiddleware:
    """A 405 from a view (a sign-out or an archive address opened by hand, say) says what to do
    instead of showing a blank page. htmx requests and answers that already have a body are
    left as they are; the Allow header is kept."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.content or request.headers.get("HX-Request"):
            return response
        page = render(request, "405.html", {"opened": request.method == "GET"}, status=405)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page
