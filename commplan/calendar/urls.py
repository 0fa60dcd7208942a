"""The calendar feature's addresses (in the `commplan` namespace, see `commplan/urls.py`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("my/settings/calendar/", views.calendar_key, name="calendar_key"),
    # Public by secret: the token is the credential (commplan/calendar/views.py).
    path("calendar/<slug:token>.ics", views.calendar_feed, name="calendar_feed"),
    path(
        "calendar/<slug:token>/plans/<int:pk>.ics",
        views.calendar_plan_feed,
        name="calendar_plan_feed",
    ),
]
