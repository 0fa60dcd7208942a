"""Sessions that end after a period without requests; signed-in pages kept out of caches."""

import time

from django.conf import settings

REFRESHED_AT = "_refreshed_at"


class IdleTimeoutMiddleware:
    """Pushes a session's end on (SESSION_COOKIE_AGE from now) when a request comes in and it
    was last pushed on SESSION_REFRESH_SECONDS ago or more.

    Django's SESSION_SAVE_EVERY_REQUEST would do it on every page and htmx call, each a write
    to the session table; this writes at most once per SESSION_REFRESH_SECONDS, and a session
    still ends after SESSION_COOKIE_AGE minus at most that without a request. It must come
    after SessionMiddleware, so that the session is saved after this has marked it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - session.get(REFRESHED_AT, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[REFRESHED_AT] = now
        return response


def mark_signed_in(sender, request, user, **kwargs):
    """Signing in saves a fresh session: count that as its first push."""
    if request is not None and hasattr(request, "session"):
        request.session[REFRESHED_AT] = int(time.time())


class PrivatePagesMiddleware:
    """What a signed-in person is shown (pages, exports, htmx fragments) is never stored by a
    shared cache, nor by the browser's own: `Cache-Control: private, no-store`, unless the view
    said otherwise. Comes after AuthenticationMiddleware, which tells who is signed in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response
