"""The planner's pages, one `urls.py` per feature package (see the map in `commplan/__init__.py`).

Every name is in the `commplan` namespace. Sign-in and password pages keep Django's global names
and are routed by `config/urls.py` (`commplan.accounts.urls`); the person's own settings page is
routed here because its name is `commplan:my_settings`.
"""

from django.urls import include, path

from .accounts import views as accounts_views

app_name = "commplan"

FEATURES = (
    # First: the public pulse page is opened by thousands of phones in a company-wide pulse
    # (issue 19 §4), and each pattern tried before it costs every one of them.
    "feedback",
    "site",
    "followup",
    "dashboard",
    "calendar",
    "reminders",
    "plans",
    "starter",
    "rows",
    "catalogue",
    "exports",
    "imports",
    "history",
    "meetings",
    "api",
    "readiness",
    "teams",
)

urlpatterns = [
    path("my/settings/", accounts_views.ProfileUpdateView.as_view(), name="my_settings"),
    *(path("", include(f"commplan.{feature}.urls")) for feature in FEATURES),
]
