"""All email leaves through here: templates rendered in the recipient's language, with absolute
links built from SITE_URL."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ..models import Profile, display_name


def absolute_url(path: str) -> str:
    """`path` (from reverse() or get_absolute_url()) on the public site."""
    return settings.SITE_URL + path


def preferred_language(user, fallback):
    """The language `user` chose in their profile, else `fallback`."""
    profile = getattr(user, "profile", None)
    return (profile and profile.language) or fallback


UNSUBSCRIBE_SALT = "commplan.unsubscribe-digest"


def unsubscribe_token(user):
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(user):
    """The signed address at which `user`, without signing in, turns their digest off."""
    return absolute_url(reverse("commplan:unsubscribe", kwargs={"token": unsubscribe_token(user)}))


def unsubscriber(token):
    """The active person whose unsubscribe address carries `token`, or None (forged, altered,
    or the account is gone or closed)."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return get_user_model().objects.filter(pk=pk, is_active=True).first()


def build_email(recipient, template, context, language=None, headers=None):
    """An email to `recipient` from `templates/emails/<template>_{subject.txt,body.txt,body.html}`.

    Rendered in `language`, else the recipient's profile language, else the site default, with
    the extra `headers`. The context gets `recipient`, `recipient_name`, `site_url` and
    `absolute_url` (a function).
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
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return message
