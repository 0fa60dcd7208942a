"""What a browser asks of the site itself: the web app manifest for adding it to a home screen."""

from django.contrib.auth.decorators import login_required
from django.http import (
    JsonResponse,
)
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from ..models import Membership, Role

BRAND = "#12395b"  # static/css/app.css --app-brand


@require_GET
@cache_control(max_age=24 * 60 * 60)
@vary_on_headers("Cookie", "Accept-Language")
def web_app_manifest(request):
    """The app's name and icons, in the person's language, for an owner's home screen."""
    icons = [
        {"src": static("img/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("img/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {
            "src": static("img/icons/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
        {"src": static("img/icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
    ]
    manifest = {
        "name": gettext("S&OP Communication Planner"),
        "short_name": gettext("S&OP plans"),
        "lang": get_language(),
        "start_url": reverse("commplan:home"),
        "scope": "/",
        "display": "standalone",
        "theme_color": BRAND,
        "background_color": "#ffffff",
        "icons": icons,
    }
    return JsonResponse(manifest, content_type="application/manifest+json")


@login_required
def home(request):
    """Send each person to what they need: managers to plans, owners to their work, executives
    to the dashboard."""
    roles = set(Membership.objects.filter(user=request.user).values_list("role", flat=True))
    if request.user.is_superuser or Role.MANAGER in roles or not roles:
        return redirect("commplan:plan_list")
    if Role.OWNER in roles:
        return redirect("commplan:my_work")
    return redirect("commplan:dashboard")
