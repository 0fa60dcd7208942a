"""Top-level URLs; each app owns its own paths."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("accounts/", include("accounts.urls")),
    # One sign-in page for everyone, with its throttling messages and password reset link.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("plans/<int:plan_pk>/stakeholders/", include("stakeholders.urls")),
    path("plans/<int:plan_pk>/milestones/", include("milestones.urls")),
    path("", include("commplan.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.STATIC_URL, document_root=settings.STATIC_ROOT)
