"""Calendar feeds by secret address, and turning a person's feed on, renewing and off.

The feed addresses carry no session: calendar apps fetch them unattended. The token in the
address is the only credential, so a token nobody has (never issued, renewed away, turned off,
or of a deactivated person) answers 404, exactly like a plan the person is not on.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..models import CommunicationPlan, Profile
from . import feeds

CALENDAR_ACTIONS = ("renew", "off")


def _ics(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # The address is a secret: no shared cache keeps it, no search engine lists it.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _profile_or_404(token):
    profile = feeds.profile_for_token(token)
    if profile is None:
        raise Http404
    return profile


@require_safe
def calendar_feed(request, token):
    """The person's own activities: scheduled communications and review dates."""
    return _ics(feeds.person_feed(_profile_or_404(token)), "activities.ics")


@require_safe
def calendar_plan_feed(request, token, pk):
    """A plan's milestones, for a member of the plan (the token says who)."""
    profile = _profile_or_404(token)
    plan = get_object_or_404(CommunicationPlan.objects.for_user(profile.user), pk=pk)
    return _ics(feeds.plan_feed(profile, plan), f"milestones-{plan.pk}.ics")


@login_required
def calendar_key(request):
    """Turn the signed-in person's feed on or give it a new address (`renew`: the old address
    stops working at once), or turn it off (`off`)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    action = request.POST.get("action")
    settings_url = reverse("commplan:my_settings") + "#calendar"
    if action not in CALENDAR_ACTIONS:
        messages.error(request, _("That calendar action is not known. Nothing was changed."))
        return redirect(settings_url)
    profile, _created = Profile.objects.get_or_create(user=request.user)
    had_feed = profile.calendar_token is not None
    profile.calendar_token = feeds.new_token() if action == "renew" else None
    profile.save(update_fields=["calendar_token", "updated_at"])
    if action == "off":
        text = _("Your calendar feed is turned off. Calendars subscribed to it stop updating.")
    elif had_feed:
        text = _(
            "Your calendar feed has a new address. The old one no longer works: subscribe to "
            "the new address in your calendar app."
        )
    else:
        text = _("Your calendar feed is on. Copy its address into your calendar app.")
    messages.success(request, text)
    return redirect(settings_url)
