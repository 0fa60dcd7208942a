"""Top-level URLs; each app owns its own paths."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from commplan.language import set_language
from config.health import healthz

handler400 = "config.limits.bad_request"
handler403 = "config.views.permission_denied"

urlpatterns = [
    path("accounts/", include("commplan.accounts.urls")),
    # One sign-in page for everyone, with its throttling messages and password reset link.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    # Django's set_language, which also saves a signed-in person's choice on their profile.
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    # For load balancers and uptime monitors (DESIGN.md §6): no sign-in, JSON, 200 or 503.
    path("healthz/", healthz, name="healthz"),
    path("plans/<int:plan_pk>/stakeholders/", include("stakeholders.urls")),
    path("plans/<int:plan_pk>/milestones/", include("milestones.urls")),
    path("", include("commplan.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.STATIC_URL, document_root=settings.STATIC_ROOT)
