"""Site-wide error views that render our own templates."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A styled 403 for a missing or wrong CSRF token; nothing was saved."""
    return render(request, "403_csrf.html", status=403)
