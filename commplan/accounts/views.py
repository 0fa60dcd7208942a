"""Sign in, and reset a forgotten password: Django's views with our forms and templates."""

from axes.helpers import get_lockout_message
from axes.utils import reset as reset_attempts
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.generic import UpdateView

from ..calendar import feeds
from ..language import remember_language, remember_on_device
from ..models import Profile, TeamsWebhook
from . import throttle
from .forms import ProfileForm, ResetRequestForm, SignInForm

TOO_MANY_REQUESTS = 429


class SignInView(auth_views.LoginView):
    """The sign-in page; a throttled attempt answers 429 with the reason on the form."""

    form_class = SignInForm

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


class ResetRequestView(auth_views.PasswordResetView):
    form_class = ResetRequestForm


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password through the emailed link also lifts a sign-in lock: whoever
    reads the person's email is the person."""

    def form_valid(self, form):
        reset_attempts(username=self.user.get_username())
        throttle.forget(self.user.get_username())
        return super().form_valid(form)


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
