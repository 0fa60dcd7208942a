"""Site-wide error views that render our own templates."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# Tells the page's script why an in-place edit was refused (see static/js/app.js).
REFUSED_HEADER = "X-Refused"


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 403 page; a change to an archived plan says so and links back to the plan."""
    plan = getattr(exception, "plan", None)
    context = {"exception": str(exception), "archived_plan": plan}
    response = render(request, "403.html", context, status=403)
    if plan is not None:
        response[REFUSED_HEADER] = "archived"
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A styled 403 for a missing or wrong CSRF token; nothing was saved."""
    return render(request, "403_csrf.html", status=403)
