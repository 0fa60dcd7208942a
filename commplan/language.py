"""A signed-in person's language: saved on their profile, followed on any device.

Which language a page is in, first match wins:
1. a signed-in person's saved language (Profile.language), kept in the session from sign-in;
   a person who has not saved one gets the language of the pages they signed in on;
2. the language cookie, set by the switcher (the device's last choice; also for signed-out pages);
3. the browser's Accept-Language;
4. settings.LANGUAGE_CODE.

The switcher and the settings page save the choice on the profile as well as in the cookie, so
the choice reaches every device the person signs in on, and their emails.
"""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.utils import translation
from django.views import i18n

from .models import Profile

SESSION_KEY = "profile_language"


def _valid(language):
    return language if language in dict(settings.LANGUAGES) else ""


def saved_language(user):
    """The language `user` saved on their profile, or '' when they have not chosen one."""
    language = Profile.objects.filter(user=user).values_list("language", flat=True).first()
    return _valid(language or "")


def remember_language(request, language):
    """Makes `language` ('' for none) the signed-in person's language for this session."""
    request.session[SESSION_KEY] = _valid(language)


def remember_on_device(response, language):
    """Sets the language cookie on `response`, as Django's set_language does, so this device's
    signed-out pages follow the person's choice too."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def language_at_sign_in(request, user):
    """The person's saved language; when they have none yet, the language of the pages they
    signed in on (switcher cookie or browser) becomes it, so their emails follow what they use."""
    language = saved_language(user)
    if not language:
        # LocaleMiddleware's choice (cookie or browser); a sign-in outside a page has none.
        language = _valid(getattr(request, "LANGUAGE_CODE", ""))
        if language:
            profile, _created = Profile.objects.get_or_create(user=user)
            if not profile.language:
                profile.language = language
                profile.save(update_fields=["language", "updated_at"])
    return language


def load_saved_language(sender, request, user, **kwargs):
    """At sign-in (the user_logged_in signal): the person's language for this session."""
    if request is not None and hasattr(request, "session"):
        remember_language(request, language_at_sign_in(request, user))


class ProfileLanguageMiddleware:
    """Shows a signed-in person's pages in their saved language. Goes after
    AuthenticationMiddleware; LocaleMiddleware has already chosen from cookie and browser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if SESSION_KEY not in request.session:
                # A session from before sign-in loaded the language: load it once.
                remember_language(request, language_at_sign_in(request, user))
            language = request.session[SESSION_KEY]
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)


def set_language(request):
    """Django's set_language (POST `language` and `next`; sets the cookie), which also saves
    the choice on a signed-in person's profile. A language the site does not offer is a 400 and
    changes nothing (Django's view would set a cookie for any language Django knows)."""
    if request.method != "POST":
        return i18n.set_language(request)  # changes nothing, goes back to `next`
    language = _valid(request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER, ""))
    if not language:
        raise BadRequest("Unknown language")
    response = i18n.set_language(request)
    if request.user.is_authenticated:
        Profile.objects.update_or_create(user=request.user, defaults={"language": language})
        remember_language(request, language)
    return response
