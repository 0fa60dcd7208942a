"""Sign-in and password-reset forms: Django's, with throttling and our own email."""

import math

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import (
    Profile,
)
from ..reminders.emails import absolute_url, build_email, preferred_language
from . import sso, throttle


def refusal_message(refusal):
    """What a person reads when a sign-in is refused: for how long, and what they can do."""
    if refusal.locked:
        minutes = math.ceil(refusal.seconds_left / 60)
        until = formats.time_format(timezone.localtime(refusal.until), "TIME_FORMAT")
        return ngettext(
            "Too many failed sign-ins for this username: it is locked for %(minutes)d more "
            "minute (until %(until)s). Try again then, or reset your password by email.",
            "Too many failed sign-ins for this username: it is locked for %(minutes)d more "
            "minutes (until %(until)s). Try again then, or reset your password by email.",
            minutes,
        ) % {"minutes": minutes, "until": until}
    seconds = refusal.seconds_left
    return ngettext(
        "Several sign-ins for this username have failed. Wait %(seconds)d second, then try again.",
        "Several sign-ins for this username have failed. Wait %(seconds)d seconds, then try again.",
        seconds,
    ) % {"seconds": seconds}


class SignInForm(AuthenticationForm):
    """Django's sign-in form; a username that failed too often is refused before its password
    is checked, with a message that says until when."""

    def clean(self):
        username = self.cleaned_data.get("username")
        address = throttle.client_ip(self.request)
        self.device = throttle.device_token(self.request, username)
        if username:
            refusal = throttle.claim(username, address, self.device)
            if refusal is not None:
                raise forms.ValidationError(refusal_message(refusal), code="throttled")
        try:
            cleaned_data = super().clean()
        except forms.ValidationError:
            # This failure was the one that locked the username (django-axes flagged it).
            if username and getattr(self.request, "axes_locked_out", False):
                refusal = throttle.address_lock(username, address)
                if refusal is not None:
                    raise forms.ValidationError(
                        refusal_message(refusal), code="throttled"
                    ) from None
            raise
        throttle.signed_in(username, address, self.device)
        return cleaned_data

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if settings.SSO_ONLY and not user.is_superuser:
            raise forms.ValidationError(
                _("Password sign-in is turned off here: use the “Sign in with %(name)s” button.")
                % {"name": sso.display_name()},
                code="sso_only",
            )

    @property
    def throttled(self):
        return any(error.code == "throttled" for error in self.non_field_errors().as_data())


class ResetRequestForm(PasswordResetForm):
    """Django's reset request; the email goes through our helper, in the person's language
    (their setting, else the language they asked in), with the link built from SITE_URL."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        user = context["user"]
        link = reverse(
            "password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]}
        )
        language = preferred_language(user, translation.get_language())
        build_email(
            user,
            "password_reset",
            {"reset_url": absolute_url(link), "username": user.get_username()},
            language=language,
        ).send()


class ProfileForm(forms.ModelForm):
    """A person's reminder emails and language."""

    class Meta:
        model = Profile
        fields = ["reminder_frequency", "weekly_summary", "language"]
        widgets = {"reminder_frequency": forms.RadioSelect}
        help_texts = {
            "reminder_frequency": _(
                "One email lists all your activities that are due or overdue for review. "
                "Whatever you choose here, an activity overdue by more than the plan's "
                "escalation days is still reported to the plan's managers."
            ),
            "language": _(
                "The language of these pages on every device you sign in on, and of your "
                "emails. The language menu at the top changes it too."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default = dict(settings.LANGUAGES).get(settings.LANGUAGE_CODE, settings.LANGUAGE_CODE)
        self.fields["language"].choices = [
            (
                "",
                _("Not chosen: pages follow the browser; emails: %(language)s")
                % {"language": default},
            ),
            *settings.LANGUAGES,
        ]
