"""Danish and English: who sees which language, in pages and emails, and how numbers read.

The browser decides, the switcher in the navigation overrides it, and a signed-in person's
saved language (Profile.language) follows them to every device and into every email.
"""

import datetime
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from commplan.followup import views
from commplan.language import SESSION_KEY
from commplan.models import Profile, Role
from commplan.reminders import sweep as reminders
from commplan.templatetags.commplan import hours, money, number, week
from milestones.models import MilestoneStatus, Phase

from .factories import MembershipFactory, MilestoneFactory, PlanRowFactory, UserFactory

SWITCH_URL = "/i18n/setlang/"
CPH = ZoneInfo("Europe/Copenhagen")
THURSDAY = datetime.date(2026, 11, 26)  # ISO week 48


def lang_of(response):
    """The language the page was written in, from its <html lang>."""
    html = response.content.decode()
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


def saved(user):
    return Profile.objects.filter(user=user).values_list("language", flat=True).first()


# The switcher ---------------------------------------------------------------------------------


def test_the_navigation_has_a_switcher_that_posts_with_a_csrf_token(owner_client):
    html = owner_client.get("/my/").content.decode()
    form = html.split(f'action="{SWITCH_URL}"', 1)[1].split("</form>", 1)[0]
    assert 'method="post"' in html.split(f'action="{SWITCH_URL}"', 1)[1][:30]
    assert 'name="csrfmiddlewaretoken"' in form
    # Each language is named in its own words, marked as that language for screen readers.
    options = re.findall(r"<option ([^>]*)>([^<]*)</option>", form)
    named = sorted((name, dict(re.findall(r'(\w+)="([^"]*)"', attrs))) for attrs, name in options)
    assert named == [
        ("Dansk", {"value": "da", "lang": "da"}),
        ("English", {"value": "en", "lang": "en"}),
    ]
    assert [name for attrs, name in options if re.search(r"\bselected\b", attrs)] == ["English"]
    # Without JavaScript a button submits it.
    assert '<button class="btn btn-sm btn-light ms-1" type="submit">' in form


def test_the_switcher_sets_the_language_and_saves_it_on_the_profile(owner_client, owner):
    response = owner_client.post(SWITCH_URL, {"language": "da", "next": "/my/"})

    assert response.status_code == 302
    assert response["Location"] == "/my/"
    assert owner_client.cookies["django_language"].value == "da"
    assert saved(owner) == "da"
    page = owner_client.get("/my/", HTTP_ACCEPT_LANGUAGE="en")
    assert lang_of(page) == "da"
    assert "Mine opgaver" in page.content.decode()

    owner_client.post(SWITCH_URL, {"language": "en", "next": "/my/"})
    assert saved(owner) == "en"
    assert lang_of(owner_client.get("/my/", HTTP_ACCEPT_LANGUAGE="da")) == "en"


@pytest.mark.django_db
def test_signed_out_the_switcher_sets_the_cookie_only(anonymous_client):
    response = anonymous_client.post(SWITCH_URL, {"language": "da", "next": "/accounts/login/"})

    assert response.status_code == 302
    assert anonymous_client.cookies["django_language"].value == "da"
    assert not Profile.objects.exists()
    assert "Log ind" in anonymous_client.get("/accounts/login/").content.decode()


@pytest.mark.parametrize("data", [{"language": "fr"}, {"language": ""}, {}])
def test_a_language_the_site_does_not_offer_is_refused_and_changes_nothing(
    owner_client, owner, data
):
    Profile.objects.create(user=owner, language="da")

    response = owner_client.post(SWITCH_URL, {**data, "next": "/my/"})

    assert response.status_code == 400
    assert "Nothing was changed." in response.content.decode()
    assert "django_language" not in owner_client.cookies
    assert saved(owner) == "da"


def test_the_switcher_does_not_change_anything_on_get(owner_client, owner):
    owner_client.get(SWITCH_URL, {"language": "da", "next": "/my/"})
    assert saved(owner) is None
    assert "django_language" not in owner_client.cookies


def test_the_switcher_refuses_a_post_without_csrf_token(owner, snapshot):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    before = snapshot()

    response = client.post(SWITCH_URL, {"language": "da", "next": "/my/"})

    assert response.status_code == 403
    assert snapshot() == before


def test_the_switcher_does_not_redirect_off_the_site(owner_client):
    response = owner_client.post(SWITCH_URL, {"language": "da", "next": "https://evil.example"})
    assert response.status_code in (204, 302)
    assert "evil.example" not in response.get("Location", "")


# A person's saved language on any device ------------------------------------------------------


def test_the_saved_language_is_used_on_a_fresh_session_whatever_the_device_says(owner):
    Profile.objects.create(user=owner, language="da")
    device = Client(HTTP_ACCEPT_LANGUAGE="en")
    device.cookies["django_language"] = "en"  # someone chose English on this device before

    assert lang_of(device.get("/accounts/login/")) == "en"  # signed out: the device decides
    device.post("/accounts/login/", {"username": "owner", "password": "pw"})
    page = device.get("/my/")

    assert lang_of(page) == "da"
    assert page["Content-Language"] == "da"


@pytest.mark.parametrize("browser", ["da", "en"])
def test_without_a_saved_language_the_browser_decides(owner_client, browser):
    assert lang_of(owner_client.get("/my/", HTTP_ACCEPT_LANGUAGE=browser)) == browser


def test_a_session_from_before_sign_in_saved_languages_loads_it_once(owner_client, owner):
    session = owner_client.session
    del session[SESSION_KEY]
    session.save()
    Profile.objects.create(user=owner, language="da")

    assert lang_of(owner_client.get("/my/")) == "da"
    assert owner_client.session[SESSION_KEY] == "da"


def test_clearing_the_language_in_the_settings_hands_the_pages_back_to_the_browser(
    owner_client, owner
):
    owner_client.post(SWITCH_URL, {"language": "da", "next": "/my/"})
    owner_client.cookies.pop("django_language")

    owner_client.post("/my/settings/", {"reminder_frequency": "daily", "language": ""})

    assert saved(owner) == ""
    assert lang_of(owner_client.get("/my/", HTTP_ACCEPT_LANGUAGE="en")) == "en"


def test_the_settings_page_explains_the_choice_in_danish(owner_client):
    owner_client.post(SWITCH_URL, {"language": "da", "next": "/my/"})
    html = owner_client.get("/my/settings/").content.decode()
    assert "Ikke valgt: siderne følger browseren; e-mails: Engelsk" in html


# Emails --------------------------------------------------------------------------------------


def at(day, hour=9):
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=CPH)


def mail_to(user):
    [message] = [m for m in mail.outbox if m.to == [user.email]]
    return message


def test_one_sweep_writes_each_email_in_its_readers_language(plan, manager, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    danish = MembershipFactory(
        plan=plan, role=Role.OWNER, user__first_name="Mette", user__last_name="Holm"
    ).user
    english = MembershipFactory(
        plan=plan, role=Role.OWNER, user__first_name="John", user__last_name="Smith"
    ).user
    Profile.objects.create(user=danish, language="da")
    Profile.objects.create(user=manager, language="da")
    PlanRowFactory(plan=plan, owner=danish, next_review_date=THURSDAY)
    # Overdue by more than the plan's escalation days: the (Danish) manager hears of it too.
    PlanRowFactory(plan=plan, owner=english, next_review_date=THURSDAY - datetime.timedelta(30))

    with translation.override("en"):
        reminders.sweep(now=at(THURSDAY))
        assert translation.get_language() == "en"  # the sweep only borrowed the languages
    with translation.override("da"):
        danish_subject = ngettext(
            "%(counter)s communication activity is due for follow-up",
            "%(counter)s communication activities are due for follow-up",
            1,
        ) % {"counter": 1}
        escalation_subject = ngettext(
            "%(counter)s communication activity is seriously overdue for follow-up",
            "%(counter)s communication activities are seriously overdue for follow-up",
            1,
        ) % {"counter": 1}
    assert danish_subject == "1 kommunikationsaktivitet skal følges op"
    to_danish = mail_to(danish)
    assert to_danish.subject == danish_subject
    assert "Hej Mette Holm" in to_danish.body
    assert "Forfalder 26.11.2026" in to_danish.body
    assert "Hej Mette Holm" in to_danish.alternatives[0][0]

    to_english = mail_to(english)
    assert to_english.subject == "1 communication activity is due for follow-up (1 overdue)"
    assert "Hello John Smith," in to_english.body
    assert "2026-10-27, 30 days overdue" in to_english.body

    to_manager = mail_to(manager)
    assert to_manager.subject == escalation_subject
    assert "Som planansvarlig" in to_manager.body


def test_the_weekly_summary_reads_phase_and_budget_in_each_readers_language(plan, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    monday = THURSDAY - datetime.timedelta(days=3)
    danish, english = UserFactory(), UserFactory()
    for person, language in ((danish, "da"), (english, "")):
        MembershipFactory(plan=plan, user=person, role=Role.EXECUTIVE)
        Profile.objects.create(user=person, weekly_summary=True, language=language)
    MilestoneFactory(plan=plan, phase=Phase.RECOGNITION, status=MilestoneStatus.PLANNED)
    PlanRowFactory(plan=plan, planned_cost=Decimal("1000"), next_review_date=None)

    with translation.override("en"):
        reminders.sweep(now=at(monday, 8))

    to_danish, to_english = mail_to(danish), mail_to(english)
    assert "uge 48" in to_danish.subject
    assert "Fase: 1. Erkendelse" in to_danish.body
    assert "Forbrugt budget: 0\xa0%" in to_danish.body
    assert "week 48" in to_english.subject
    assert "Phase: 1. Recognition" in to_english.body
    assert "Budget used: 0%" in to_english.body


# Numbers, money and weeks ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "amount", "currency", "expected"),
    [
        ("da", "1234.5", "DKK", "1.234,50\xa0kr."),
        ("en", "1234.5", "DKK", "DKK\xa01,234.50"),
        ("da", "1234567.891", "EUR", "1.234.567,89\xa0EUR"),
        ("en", "1234567.891", "EUR", "EUR\xa01,234,567.89"),
        ("da", "0", "DKK", "0,00\xa0kr."),
        ("en", None, "DKK", ""),
    ],
)
def test_money_reads_as_each_language_writes_it(language, amount, currency, expected):
    with translation.override(language):
        assert money(None if amount is None else Decimal(amount), currency) == expected


@pytest.mark.parametrize(
    ("language", "value", "expected_hours", "expected_number"),
    [("da", "1234.50", "1.234,5", "1.234"), ("en", "1234.50", "1,234.5", "1,234")],
)
def test_hours_and_counts_are_grouped_and_use_the_languages_decimal_mark(
    language, value, expected_hours, expected_number
):
    with translation.override(language):
        assert hours(Decimal(value)) == expected_hours
        assert hours(Decimal("2.00")) == "2"
        assert number(int(Decimal(value))) == expected_number


@pytest.mark.parametrize(
    ("language", "day", "expected"),
    [
        ("da", THURSDAY, "uge 48"),
        ("en", THURSDAY, "week 48"),
        # ISO weeks, as Danish calendars print them: these days belong to the neighbour year.
        ("da", datetime.date(2025, 12, 29), "uge 1"),
        ("da", datetime.date(2027, 1, 1), "uge 53"),
        ("en", None, ""),
    ],
)
def test_the_week_filter_gives_the_iso_week(language, day, expected):
    with translation.override(language):
        assert week(day) == expected


def test_the_plan_table_totals_in_danish_and_english(manager_client, plan):
    PlanRowFactory(plan=plan, planned_cost=Decimal("1234.50"), planned_hours=Decimal("1.5"))
    url = reverse("commplan:plan_detail", args=[plan.pk])

    danish = manager_client.get(url, HTTP_ACCEPT_LANGUAGE="da").content.decode()
    english = manager_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<strong data-total="cost">1.234,50\xa0kr.</strong>' in danish
    assert '<strong data-total="hours">1,5 timer</strong>' in danish
    assert '<strong data-total="cost">DKK\xa01,234.50</strong>' in english
    assert '<strong data-total="hours">1.5 hours</strong>' in english


@pytest.mark.parametrize(("language", "expected"), [("da", "uge 23"), ("en", "week 23")])
def test_milestones_show_their_week(manager_client, plan, language, expected):
    MilestoneFactory(plan=plan, planned_date=datetime.date(2026, 6, 1))
    pages = [
        reverse("milestones:milestone_list", args=[plan.pk]),
        reverse("commplan:plan_dashboard", args=[plan.pk]),
    ]
    for url in pages:
        html = manager_client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert expected in html, url
    date = "01.06.2026" if language == "da" else "2026-06-01"
    assert date in html


@pytest.mark.parametrize(("language", "expected"), [("da", "uge 48"), ("en", "week 48")])
def test_my_work_shows_the_week_of_each_due_date(owner_client, plan, owner, language, expected):
    PlanRowFactory(plan=plan, owner=owner, next_review_date=THURSDAY)
    with time_machine.travel(at(THURSDAY - datetime.timedelta(days=3)), tick=False):
        html = owner_client.get("/my/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert expected in html


# The toolkit's words ---------------------------------------------------------------------------

# DESIGN.md §2: the toolkit's guiding question for each column, word for word.
TOOLKIT_QUESTIONS = {
    "Whom do we want to communicate with?": "Hvem ønsker man at kommunikere med?",
    "What do we want to communicate about, and what do we want to achieve?": (
        "Hvad ønsker man at kommunikere om, og hvad vil man opnå?"
    ),
    "Through which medium do we reach the stakeholders?": (
        "Hvilket medie skal der kommunikeres gennem til interessenterne?"
    ),
    "How do we make sure the communication happens as planned, with the desired result?": (
        "Hvordan sikres det, at kommunikationen sker som planlagt med det ønskede resultat?"
    ),
    "How do we make sure the necessary resources are set aside and used cost-effectively?": (
        "Hvordan sikres det, at de nødvendige ressourcer afsættes og anvendes omkostningseffektivt?"
    ),
}


def test_the_toolkit_questions_are_worded_as_the_toolkit_words_them():
    with translation.override("da"):
        assert {english: gettext(english) for english in TOOLKIT_QUESTIONS} == TOOLKIT_QUESTIONS


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_row_form_asks_the_toolkit_questions(manager_client, plan, language):
    url = reverse("commplan:row_create", args=[plan.pk])
    html = manager_client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for english, danish in TOOLKIT_QUESTIONS.items():
        assert (danish if language == "da" else english) in html


# Error pages -----------------------------------------------------------------------------------


def test_error_pages_speak_danish(manager, outsider_client, executive_client, plan, settings):
    """400, 403, 404 and 500 (and the expired form) in the reader's language."""
    settings.DEBUG = False
    da = {"HTTP_ACCEPT_LANGUAGE": "da"}
    crashing = Client(raise_request_exception=False, enforce_csrf_checks=True, **da)
    crashing.force_login(manager)
    pages = {
        "Siden blev ikke fundet": outsider_client.get(f"/plans/{plan.pk}/", **da),
        "Det har du ikke adgang til her": executive_client.get(f"/plans/{plan.pk}/edit/", **da),
        "Forespørgslen kunne ikke forstås": executive_client.post(
            SWITCH_URL, {"language": "xx"}, **da
        ),
        "Formularen er udløbet": crashing.post(SWITCH_URL, {"language": "da"}),
    }
    for text, response in pages.items():
        assert response.status_code in (400, 403, 404)
        assert lang_of(response) == "da"
        assert text in response.content.decode()


def test_the_500_page_speaks_danish(manager_client, monkeypatch, caplog, settings):
    settings.DEBUG = False

    def crash(self, request, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.MyWorkView, "get", crash)
    manager_client.raise_request_exception = False
    with caplog.at_level("CRITICAL", logger="django.request"):
        response = manager_client.get("/my/", HTTP_ACCEPT_LANGUAGE="da")

    assert response.status_code == 500
    assert "Der opstod en fejl hos os" in response.content.decode()


# A person's language follows what they use -----------------------------------------------------


@pytest.mark.parametrize(
    ("device", "language"),
    [({"HTTP_ACCEPT_LANGUAGE": "da"}, "da"), ({"HTTP_ACCEPT_LANGUAGE": "en"}, "en")],
)
def test_signing_in_on_pages_in_a_language_saves_it_when_none_is_saved(owner, device, language):
    client = Client(**device)

    client.post("/accounts/login/", {"username": "owner", "password": "pw"})

    assert saved(owner) == language


def test_signing_in_keeps_a_language_the_person_chose(owner):
    Profile.objects.create(user=owner, language="en")
    client = Client(HTTP_ACCEPT_LANGUAGE="da")

    client.post("/accounts/login/", {"username": "owner", "password": "pw"})

    assert saved(owner) == "en"


def test_a_person_who_only_used_danish_pages_gets_a_danish_digest(owner, plan, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client = Client()
    client.cookies["django_language"] = "da"  # chose Dansk on the sign-in page, never settings
    client.post("/accounts/login/", {"username": "owner", "password": "pw"})
    PlanRowFactory(plan=plan, owner=owner, next_review_date=THURSDAY)

    with translation.override("en"):
        reminders.sweep(now=at(THURSDAY))

    message = mail_to(owner)
    assert message.subject == "1 kommunikationsaktivitet skal følges op"
    assert f"Hej {owner.get_full_name()}" in message.body


def test_the_demo_people_are_danish(db):
    from commplan.demo.users import ensure_demo_users

    users = ensure_demo_users()

    assert {saved(user) for user in users.values()} == {"da"}
