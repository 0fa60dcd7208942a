"""Sign in (with a password or single sign-on) and out, and reset a forgotten password:
Django's and mozilla-django-oidc's views with our forms and templates."""

from axes.helpers import get_lockout_message
from axes.utils import reset as reset_attempts
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import UpdateView, View
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from ..calendar import feeds
from ..language import remember_language, remember_on_device
from ..models import Profile, TeamsWebhook
from . import sso, throttle
from .forms import ProfileForm, ResetRequestForm, SignInForm

TOO_MANY_REQUESTS = 429
SSO_END_SESSION = "sso_end_session"  # the provider's sign-out, offered once


class SignInView(auth_views.LoginView):
    """The sign-in page; a throttled attempt answers 429 with the reason on the form."""

    form_class = SignInForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if sso.enabled():
            context["sso_name"] = sso.display_name()
            context["sso_only"] = settings.SSO_ONLY
            # Offered once, right after signing out of an SSO session (SignOutView).
            context["sso_end_session"] = self.request.session.pop(SSO_END_SESSION, None)
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        # This browser is now known for this person: the slow-down of guessing elsewhere
        # never applies to it (commplan/accounts/throttle.py).
        response.set_cookie(
            throttle.DEVICE_COOKIE,
            throttle.new_device_cookie(form.get_user().get_username()),
            max_age=throttle.DEVICE_MAX_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.throttled:
            response.status_code = TOO_MANY_REQUESTS
        return response


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the failure that locks a username shows the sign-in page, whose
    form already says for how long (SignInForm). Every sign-in goes through SignInView (the
    admin's login redirects there); anything else gets django-axes' plain message."""
    if not isinstance(original_response, HttpResponse):
        return HttpResponse(get_lockout_message(), status=TOO_MANY_REQUESTS)
    original_response.status_code = TOO_MANY_REQUESTS
    return original_response


class PasswordsOffMixin:
    """With SSO_ONLY, passwords belong to the provider: the page says so and changes nothing
    (with `superuser_allowed`, the break-glass superuser may still use it)."""

    superuser_allowed = False

    def dispatch(self, request, *args, **kwargs):
        if settings.SSO_ONLY and not (self.superuser_allowed and request.user.is_superuser):
            status = 200 if request.method in ("GET", "HEAD") else 403
            context = {"sso_name": sso.display_name()}
            return render(request, "registration/passwords_off.html", context, status=status)
        return super().dispatch(request, *args, **kwargs)


class PasswordChangeView(PasswordsOffMixin, auth_views.PasswordChangeView):
    superuser_allowed = True


class ResetRequestView(PasswordsOffMixin, auth_views.PasswordResetView):
    form_class = ResetRequestForm


class ResetConfirmView(PasswordsOffMixin, auth_views.PasswordResetConfirmView):
    """Setting a new password through the emailed link also lifts a sign-in lock: whoever
    reads the person's email is the person."""

    def form_valid(self, form):
        reset_attempts(username=self.user.get_username())
        throttle.forget(self.user.get_username())
        return super().form_valid(form)


def sso_refused(request, reason):
    """The page of a refused single sign-on: what happened and what to do, never a 500."""
    # capfirst: the default name, "your company account", may open the sentence.
    message = capfirst(reason.message % {"name": sso.display_name()})
    context = {"message": message, "sso_name": sso.display_name()}
    return render(request, "registration/sso_refused.html", context, status=reason.status)


class SsoStartView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider, with state, nonce and a PKCE challenge kept in the
    session (mozilla-django-oidc)."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # the library's reads settings we take from discovery
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request):
        if not sso.enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = sso.discovery()["authorization_endpoint"]
        except sso.Refused as refusal:
            return sso_refused(request, refusal.reason)
        except KeyError:
            return sso_refused(request, sso.UNTRUSTED)
        return super().get(request)

    def get_extra_params(self, request):
        # The library builds redirect_uri from the Host header; the registered one is SITE_URL's.
        return {"redirect_uri": sso.callback_url(), "ui_locales": translation.get_language()}


class SsoCallbackView(View):
    """Where the provider sends the browser back: the state must be one this session started
    (used once, even when the sign-in fails), then the code is exchanged and the ID token
    checked (commplan/accounts/sso.py). Every failure is a page that says why."""

    http_method_names = ["get"]

    def get(self, request):
        if not sso.enabled():
            raise Http404
        states = request.session.get("oidc_states")
        flow = None
        if isinstance(states, dict):
            flow = states.pop(request.GET.get("state", ""), None)
            request.session.modified = True
        if request.GET.get("error"):
            return sso_refused(request, sso.PROVIDER_SAID_NO)
        if not isinstance(flow, dict) or not request.GET.get("code"):
            return sso_refused(request, sso.STALE)
        try:
            user = auth.authenticate(
                request, nonce=flow.get("nonce"), code_verifier=flow.get("code_verifier")
            )
        except sso.Refused as refusal:
            return sso_refused(request, refusal.reason)
        if user is None:
            return sso_refused(request, sso.UNTRUSTED)
        next_url = request.session.pop("oidc_login_next", None)
        auth.login(request, user, backend=sso.BACKEND)
        return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))


class SignOutView(auth_views.LogoutView):
    """Ends the session here; after an SSO session the sign-in page then offers the
    provider's own sign-out, where its discovery document names one."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get(sso.ID_TOKEN)
        end_session = sso.end_session_url(id_token) if id_token and sso.enabled() else None
        response = super().post(request, *args, **kwargs)
        if end_session:
            request.session[SSO_END_SESSION] = end_session
        return response


class ProfileUpdateView(LoginRequiredMixin, UpdateView):
    """A person's reminder emails and language, and their calendar feed's addresses."""

    form_class = ProfileForm
    template_name = "commplan/accounts/profile_form.html"

    def get_object(self, queryset=None):
        # Unsaved until the person saves: opening the page writes nothing.
        user = self.request.user
        return Profile.objects.filter(user=user).first() or Profile(user=user)

    def get_context_data(self, **kwargs):
        kwargs["teams_hook"] = TeamsWebhook.objects.filter(user=self.request.user).first()
        if self.object.calendar_token:
            kwargs["feed_url"], kwargs["plan_feeds"] = feeds.feed_urls(self.object)
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        language = form.instance.language
        remember_language(self.request, language)
        if language:
            # This response and signed-out pages on this device follow the choice too.
            translation.activate(language)
            remember_on_device(response, language)
        messages.success(self.request, _("Your settings were saved."))
        return response

    def get_success_url(self):
        return reverse("commplan:my_settings")
