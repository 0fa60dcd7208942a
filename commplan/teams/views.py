"""A plan's Teams channel (its managers) and a person's own Teams (under Your settings): the
webhook address, and a button that posts a test card."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from ..access import ensure_writable, get_plan_and_role
from ..models import Role, TeamsWebhook
from . import cards, crypto, delivery, posting
from .forms import WebhookForm


def _managed_plan(request, plan_pk):
    """The plan, for its managers only: outsiders 404, other members 403, before the method."""
    plan, role = get_plan_and_role(request.user, plan_pk)
    if role != Role.MANAGER:
        raise PermissionDenied(_("Only the plan's managers may change where its reminders go."))
    ensure_writable(plan)
    return plan, role


def _save(form, hook, **owner):
    url = form.cleaned_data["url"]
    if form.cleaned_data.get("remove"):
        hook.delete()
        return _("Reminders are no longer posted to Teams; the address is forgotten.")
    hook = hook or TeamsWebhook(**owner)
    if url:
        hook.url_encrypted = crypto.encrypt(url)
        hook.hint = crypto.hint(url)
        # A new address is tried again: the cards held back for the old one go out with it.
        hook.broken_at, hook.broken_reason = None, ""
    if "language" in form.cleaned_data:
        hook.language = form.cleaned_data["language"]
    hook.save()
    return _("The Teams address was saved. Send a test message to check it.")


def _page(request, template_context, hook, for_plan, owner, back):
    if request.method == "POST":
        form = WebhookForm(request.POST, hook=hook, for_plan=for_plan)
        if form.is_valid():
            message = _save(form, hook, **owner)
            messages.success(request, message)
            return redirect(back)
    else:
        initial = {"language": (hook and hook.language) or request.LANGUAGE_CODE}
        form = WebhookForm(hook=hook, for_plan=for_plan, initial=initial)
    context = {**template_context, "form": form, "hook": hook}
    return TemplateResponse(request, "commplan/teams/webhook_form.html", context)


@sensitive_post_parameters("url")
@login_required
def plan_teams(request, plan_pk):
    """The plan channel's webhook address and its cards' language."""
    plan, role = _managed_plan(request, plan_pk)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    hook = TeamsWebhook.objects.filter(plan=plan).first()
    context = {"plan": plan, "role": role, "can_manage": True, "active_tab": "reminders"}
    return _page(request, context, hook, True, {"plan": plan}, request.path)


@sensitive_post_parameters("url")
@login_required
def my_teams(request):
    """The signed-in person's own webhook: their reminders as cards, in their language."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    hook = TeamsWebhook.objects.filter(user=request.user).first()
    return _page(request, {}, hook, False, {"user": request.user}, request.path)


def _test(request, hook, payload, back):
    if hook is None:
        messages.error(request, _("There is no Teams address to test yet."))
        return redirect(back)
    error = posting.deliver_one(hook, payload)
    if error is None:
        if hook.broken:
            hook.mark_working()
        messages.success(request, _("Teams took the test message. Look for it in the channel."))
    elif isinstance(error, delivery.TeamsRefused):
        messages.error(
            request,
            _(
                "Teams refused the address (%(reason)s). Copy the HTTP POST URL from the "
                "workflow again and save it here."
            )
            % {"reason": str(error)},
        )
    elif isinstance(error, delivery.TeamsThrottled):
        messages.warning(request, _("Teams asks us to wait a little. Try again in a minute."))
    else:
        messages.warning(
            request,
            _("Teams could not be reached (%(reason)s). Reminders will be tried again later.")
            % {"reason": str(error)},
        )
    return redirect(back)


@login_required
def plan_teams_test(request, plan_pk):
    """Post a test card to the plan's channel now."""
    plan, _role = _managed_plan(request, plan_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    hook = TeamsWebhook.objects.filter(plan=plan).first()
    payload = hook and cards.hello_card(hook.card_language(), plan)
    return _test(request, hook, payload, reverse("commplan:plan_teams", args=[plan.pk]))


@login_required
def my_teams_test(request):
    """Post a test card to the signed-in person's Teams now, in their language."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    hook = TeamsWebhook.objects.filter(user=request.user).first()
    payload = hook and cards.hello_card(hook.card_language())
    return _test(request, hook, payload, reverse("commplan:my_teams"))
