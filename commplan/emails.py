"""All email leaves through here: templates rendered in the recipient's language, with absolute
links built from SITE_URL."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from .models import Profile, display_name


def absolute_url(path):
    """`path` (from reverse() or get_absolute_url()) on the public site."""
    return settings.SITE_URL + path


def preferred_language(user, fallback):
    """The language `user` chose in their profile, else `fallback`."""
    profile = getattr(user, "profile", None)
    return (profile and profile.language) or fallback


def build_email(recipient, template, context, language=None):
    """An email to `recipient` from `templates/emails/<template>_{subject.txt,body.txt,body.html}`.

    Rendered in `language`, else the recipient's profile language, else the site default. The
    context gets `recipient`, `recipient_name`, `site_url` and `absolute_url` (a function).
    """
    if language is None:
        profile = getattr(recipient, "profile", None) or Profile(user=recipient)
        language = profile.email_language
    context = {
        **context,
        "recipient": recipient,
        "recipient_name": display_name(recipient),
        "site_url": settings.SITE_URL,
    }
    with translation.override(language):
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        text = render_to_string(f"emails/{template}_body.txt", context)
        html = render_to_string(f"emails/{template}_body.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
    )
    message.attach_alternative(html, "text/html")
    return message
