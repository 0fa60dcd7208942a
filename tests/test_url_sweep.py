"""Every URL pattern of the project answers every persona as DESIGN.md §3 promises (issue 7 §1).

The pages of our apps are swept in tests/commplan/test_permissions.py (PAGES), the admin's
addresses are listed in tests/sweep_admin.py (ADMIN_PAGES, by the admin's own URL names for
every registered model); this module sweeps every pattern of the root resolver that is not one
of our apps' pages (sign-in and passwords, the language switch, the admin, an address that
matches nothing) and fails when any pattern, named or not, has no entry in one of them.
"""

import copy
import importlib

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import clear_url_caches, resolve, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.static import serve

import config.urls
from commplan.models import Profile

from .api.test_api_permissions import API_ROUTES
from .commplan.test_permissions import PAGES
from .matrix import (
    PASSWORD,
    PERSONAS,
    Address,
    answer_for,
    assert_changed,
    assert_our_refusal_page,
    changed_fields,
    changed_tables,
    same_cookies,
    seeded_once,
    signed_in,
    to,
    url_patterns,
)
from .sweep_admin import ADMIN_PAGES, SITE_ADMIN, build_admin_world

NEW_PASSWORD = "Kaffe-og-wienerbroed-42"


# Sign in, sign out, passwords, language.


def sign_in_data(w, persona):
    if persona == "anonymous":
        return {"username": w.owner.username, "password": "not-the-password"}
    return {"username": getattr(w, persona).username, "password": PASSWORD}


def sign_in_recorded(w, persona, diff):
    """A failed sign-in is counted against the username; a good one is logged. Every password
    checked is claimed in the username's sign-in gates (the throttle's atomic count)."""
    if persona == "anonymous":
        assert changed_tables(diff) == {"axes.AccessAttempt", "commplan.SignInGate"}
        assert AccessAttempt.objects.get(username=w.owner.username).failures_since_start == 1
    else:
        user = getattr(w, persona)
        # A person with no saved language gets the sign-in page's language on their profile.
        assert changed_tables(diff) <= {
            "auth.User",
            "axes.AccessLog",
            "commplan.Profile",
            "commplan.SignInGate",
        }
        assert {"auth.User", "axes.AccessLog"} <= changed_tables(diff)
        assert ("auth.User", user.pk, "last_login") in diff


def signed_out(w, persona, diff):
    """Signing out closes the person's access log, and nothing else."""
    assert {(label, field) for label, _pk, field in diff} <= {("axes.AccessLog", "logout_time")}
    assert bool(diff) == (persona != "anonymous")


def password_changed(w, persona, diff):
    if persona == "anonymous":
        assert diff == set()
    else:
        user = get_user_model().objects.get(pk=getattr(w, persona).pk)
        assert diff == {("auth.User", user.pk, "password")}
        assert user.check_password(NEW_PASSWORD)


def reset_mailed(w, persona, diff):
    """Asking for a reset changes nothing until the emailed link is used."""
    assert diff == set()
    assert [message.to for message in mail.outbox] == [[w.owner.email]]


def reset_link(w, token=None):
    owner = get_user_model().objects.get(pk=w.owner.pk)
    uid = urlsafe_base64_encode(force_bytes(owner.pk))
    token = token or default_token_generator.make_token(owner)
    return reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def language_saved(w, persona, diff):
    """The cookie for everyone; a signed-in person's profile remembers it too."""
    if persona == "anonymous":
        assert diff == set()
    else:
        assert changed_tables(diff) == {"commplan.Profile"}
        assert Profile.objects.get(user=getattr(w, persona)).language == "da"


def address(name, **kwargs):
    return lambda w: reverse(name, kwargs=kwargs)


SIGN_IN = to("login")
SITE_PAGES = {
    "login": Address(
        address("login"),
        get=200,
        post={"anonymous": 200, "*": to("commplan:home")},
        data=sign_in_data,
        changed=sign_in_recorded,
    ),
    # Django 5 signs out on POST only.
    "logout": Address(address("logout"), get=405, post=SIGN_IN, changed=signed_out),
    # Single sign-on (tests/accounts/test_sso.py signs in through a real provider): with
    # OIDC_ISSUER unset, as here, both addresses are our 404 page and only GET is answered.
    "sso_start": Address(address("sso_start"), get=404, post=405),
    "sso_callback": Address(
        lambda w: reverse("sso_callback") + "?code=a-code&state=a-state", get=404, post=405
    ),
    "password_change": Address(
        address("password_change"),
        get=signed_in(200),
        post=signed_in(to("password_change_done")),
        data=lambda w, persona: {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        changed=password_changed,
    ),
    "password_change_done": Address(
        address("password_change_done"), get=signed_in(200), post=signed_in(405)
    ),
    "password_reset": Address(
        address("password_reset"),
        get=200,
        post=to("password_reset_done"),
        data=lambda w, persona: {"email": w.owner.email},
        changed=reset_mailed,
    ),
    "password_reset_done": Address(address("password_reset_done"), get=200, post=405),
    # Public by secret: a good link is kept in the session and leads on to the password form,
    # whoever opens it; the password changes only when that form is posted.
    "password_reset_confirm": Address(
        reset_link,
        get=to(lambda w: reset_link(w, "set-password")),
        post=to(lambda w: reset_link(w, "set-password")),
    ),
    "password_reset_complete": Address(address("password_reset_complete"), get=200, post=405),
    "set_language": Address(
        address("set_language"),
        get=to(lambda w: "/"),
        post=to(lambda w: "/plans/"),
        data=lambda w, persona: {"language": "da", "next": "/plans/"},
        changed=language_saved,
    ),
    # The admin's sign-in is ours (config/urls.py): this pattern comes first, so the admin's own
    # `admin:login` is never reached; its name still builds the address the admin sends people to.
    "admin/login/": Address(
        lambda w: "/admin/login/?next=/admin/",
        get=to(lambda w: "/accounts/login/?next=/admin/"),
        post=to(lambda w: "/accounts/login/?next=/admin/"),
    ),
    "admin:login": Address(address("admin:login"), get=SIGN_IN, post=SIGN_IN),
    # The same JSON for everyone, signed in or not; 503 here because no reminder sweep has run.
    "healthz": Address(address("healthz"), get=503, post=405),
}


# An address that matches no pattern: our 404 page, for everyone.
NO_PATTERN = "(no pattern)"
ELSEWHERE = {NO_PATTERN: Address(lambda w: "/no-such-page/", get=404, post=404)}
ADDRESSES = {**SITE_PAGES, **ADMIN_PAGES, **ELSEWHERE}


def sweep():
    """(key, persona, method) of every pattern that is not one of our apps' pages nor an API
    route (tests/api/test_api_permissions.py)."""
    swept = {key for key, _namespace in url_patterns()} - set(PAGES) - set(API_ROUTES)
    keys = [*sorted(swept), NO_PATTERN]
    cases = []
    for key in keys:
        cases += [(key, persona, method) for persona in PERSONAS for method in ("GET", "POST")]
        if key in ADMIN_PAGES:
            cases.append((key, SITE_ADMIN, "GET"))
    return cases


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with seeded_once(django_db_blocker, build_admin_world) as seeded:
        yield seeded


@pytest.fixture
def world(db, seeded):
    return copy.deepcopy(seeded[0])


def test_every_pattern_has_an_entry():
    """A new pattern, named or not, must say who may use it: in PAGES for our apps' pages
    (tests/commplan/test_permissions.py), in API_ROUTES for the API
    (tests/api/test_api_permissions.py), here for the rest."""
    patterns = {key for key, _namespace in url_patterns()}
    entries = set(PAGES) | set(SITE_PAGES) | set(ADMIN_PAGES) | set(API_ROUTES)
    assert patterns - entries == set(), "patterns without an entry"
    assert entries - patterns == set(), "entries without a pattern"
    assert not set(PAGES) & (set(SITE_PAGES) | set(ADMIN_PAGES))


@pytest.mark.parametrize(("key", "persona", "method"), sweep())
def test_sweep(seeded, world, snapshot, key, persona, method):
    page = ADDRESSES[key]
    client = seeded[1][persona]
    url = page.url(world)
    before = snapshot()

    with same_cookies(client):
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, page.data(world, persona))

    expected = answer_for(page.get if method == "GET" else page.post, persona)
    if callable(expected):
        assert (response.status_code, response.get("Location")) == (302, expected(url, world))
    else:
        assert response.status_code == expected, response.content.decode()[:2000]
        assert_our_refusal_page(response)
    if method == "POST" and page.changed is not None:
        assert_changed(page.changed, world, persona, changed_fields(before, snapshot()))
    else:
        assert snapshot() == before


@pytest.mark.parametrize("persona", ["anonymous", "manager"])
def test_the_admin_sends_everyone_else_to_our_sign_in_page(db, seeded, persona):
    """Through /admin/login/ to our one sign-in page, which tells a signed-in person why."""
    url = reverse("admin:commplan_planrow_changelist")

    response = seeded[1][persona].get(url, follow=True)

    html = response.content.decode()
    assert response.request["PATH_INFO"] == reverse("login")
    assert response.context["next"] == url
    assert "registration/login.html" in [template.name for template in response.templates]
    warned = "Your account cannot open that page. Sign in as someone who can." in html
    assert warned == (persona != "anonymous")


def every_post(world):
    """(key, url, data) of a POST to every pattern that would succeed for the person allowed
    to make it."""
    for key, page in PAGES.items():
        yield key, reverse(key, kwargs=page.kwargs(world)), page.data(world)
    for key, page in {**SITE_PAGES, **ADMIN_PAGES}.items():
        yield key, page.url(world), page.data(world, "manager")


# POSTs that come from outside our pages by design, each with why no CSRF token is needed.
CSRF_EXEMPT = {
    # RFC 8058 one-click unsubscribe: the mail provider posts, not our form; the signed address
    # is the credential, and it can only turn that person's digest off.
    "commplan:unsubscribe": "one-click unsubscribe",
}


def test_no_write_without_the_csrf_token(seeded, world, snapshot):
    """A POST that did not come from our own form (no CSRF token) is refused everywhere, even
    to the plan's manager and in the admin to the site administrator, with our page, and
    changes nothing."""
    clients = {}
    for persona in ("manager", SITE_ADMIN):
        clients[persona] = Client(enforce_csrf_checks=True)
        clients[persona].force_login(getattr(world, persona))
    before = snapshot()

    for key, url, data in every_post(world):
        if key in CSRF_EXEMPT:
            continue
        client = clients[SITE_ADMIN if key in ADMIN_PAGES else "manager"]
        response = client.post(url, data)

        assert response.status_code == 403, key
        assert "403_csrf.html" in [template.name for template in response.templates], key
    assert snapshot() == before


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_no_change_but_by_post(seeded, world, snapshot, method):
    """Every change is a POST through the page's form: other methods change nothing, even for
    the plan's manager, and every plan page refuses them (an HTTP DELETE used to delete without
    the form's checks, down to the plan's last manager)."""
    client = seeded[1]["manager"]
    before = snapshot()

    for key, page in PAGES.items():
        response = client.generic(method, reverse(key, kwargs=page.kwargs(world)))

        assert response.status_code == 405 or page.scope == "site", key
    assert snapshot() == before


def test_static_files_are_routed_only_when_debugging(settings):
    """With DEBUG on (config.settings.local) the only pattern added serves the static files,
    which are public: every page needs them, the sign-in page too. Otherwise WhiteNoise serves
    them before any pattern is tried."""
    debug = settings.DEBUG
    try:
        settings.DEBUG = True
        clear_url_caches()
        importlib.reload(config.urls)
        added = {key for key, _namespace in url_patterns()} - set(PAGES) - set(ADDRESSES)
        added -= set(API_ROUTES)
        served = resolve(f"{settings.STATIC_URL}css/app.css")
    finally:
        settings.DEBUG = debug
        clear_url_caches()
        importlib.reload(config.urls)

    assert added == {"^static/(?P<path>.*)$"}
    assert served.func is serve
