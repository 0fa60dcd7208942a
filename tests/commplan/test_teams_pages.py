"""The Teams settings pages: a plan's channel (its managers) and a person's own Teams. The
address is checked strictly with a clear message, kept encrypted, never shown back in full; the
test button posts a card to the local stand-in for Teams (tests/fake_teams.py)."""

import logging

import pytest
from django.core import mail
from django.urls import reverse
from django.views.debug import SafeExceptionReporterFilter

from commplan.models import Profile, TeamsWebhook
from commplan.teams import crypto
from tests.fake_teams import FakeTeams

WORKFLOW = (
    "https://prod-27.westeurope.logic.azure.com:443/workflows/0b1c2d3e4f/triggers/manual/paths/"
    "invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=Zq8PageSecret9kW"
)
POWER_PLATFORM = (
    "https://default0a1b2c3d.4e.environment.api.powerplatform.com:443/powerautomate/automations/"
    "direct/workflows/5f6a7b8c/triggers/manual/paths/invoke?api-version=1&sig=PpSecret77"
)
LEGACY = (
    "https://contoso.webhook.office.com/webhookb2/1a2b3c4d-0000-1111-2222-333344445555@"
    "66667777-8888/IncomingWebhook/9f8e7d6c/0a0b0c0d"
)


def plan_url(plan):
    return reverse("commplan:plan_teams", args=[plan.pk])


@pytest.mark.parametrize("url", [WORKFLOW, POWER_PLATFORM, LEGACY])
def test_a_manager_connects_the_plans_channel_and_sees_only_the_end_of_the_address(
    manager_client, plan, url
):
    response = manager_client.post(plan_url(plan), {"url": url, "language": "da"})

    assert response.status_code == 302
    hook = TeamsWebhook.objects.get(plan=plan)
    assert crypto.decrypt(hook.url_encrypted) == url
    assert url not in hook.url_encrypted and hook.language == "da"
    page = manager_client.get(plan_url(plan)).content.decode()
    assert hook.hint in page and url[-4:] in page
    assert url.split("/")[-1] not in page.replace(hook.hint, "")  # the path never comes back


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (WORKFLOW.replace("https://", "http://"), "The address must start with https://."),
        ("https://prod-27.westeurope.logic.azure.com.evil.example/workflows/x?sig=a", "ends in"),
        ("https://evil.example/prod.logic.azure.com/workflows/x?sig=a", "ends in"),
        ("https://user:pw@prod-27.westeurope.logic.azure.com/workflows/x?sig=a", "ends in"),
        ("https://prod-27.westeurope.logic.azure.com:8443/workflows/abcdef?sig=a", "ends in"),
        (WORKFLOW.split("&sig=")[0], "“sig=” is missing"),
        ("https://contoso.webhook.office.com/", "The address is incomplete."),
        (WORKFLOW + " " + WORKFLOW, "in one line"),
        ("not an address", "https://"),
        ("https://[::1/x", "This is not a web address."),
    ],
)
def test_anything_but_a_teams_webhook_address_is_refused_clearly_and_nothing_is_saved(
    manager_client, plan, url, message
):
    response = manager_client.post(plan_url(plan), {"url": url, "language": "en"})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TeamsWebhook.objects.exists()
    if "sig=a" in url or "Secret" in url:
        assert url not in response.content.decode()  # the page does not echo it back


def test_an_empty_address_keeps_the_current_one_and_remove_forgets_it(manager_client, plan):
    manager_client.post(plan_url(plan), {"url": WORKFLOW, "language": "da"})

    manager_client.post(plan_url(plan), {"url": "", "language": "en"})
    hook = TeamsWebhook.objects.get(plan=plan)
    assert (crypto.decrypt(hook.url_encrypted), hook.language) == (WORKFLOW, "en")

    manager_client.post(plan_url(plan), {"url": "", "language": "en", "remove": "on"})
    assert not TeamsWebhook.objects.exists()


def test_a_new_address_ends_the_refusal(manager_client, plan):
    manager_client.post(plan_url(plan), {"url": WORKFLOW, "language": "en"})
    TeamsWebhook.objects.get(plan=plan).mark_broken("HTTP 404")

    manager_client.post(plan_url(plan), {"url": POWER_PLATFORM, "language": "en"})

    assert not TeamsWebhook.objects.get(plan=plan).broken


@pytest.mark.parametrize("name", ["plan_teams", "my_teams"])
def test_the_posted_address_is_hidden_from_error_reports(manager_client, plan, name):
    """Django's error reports (the 500 emails) list POST data: not the address."""
    url = reverse(f"commplan:{name}", args=[plan.pk] if name == "plan_teams" else [])

    response = manager_client.post(url, {"url": WORKFLOW, "language": "en"})

    reported = SafeExceptionReporterFilter().get_post_parameters(response.wsgi_request)
    assert reported["url"] != WORKFLOW and "Secret" not in reported["url"]


def test_the_test_button_posts_a_card_in_the_channels_language(manager_client, plan, caplog):
    caplog.set_level(logging.DEBUG)
    with FakeTeams() as teams:
        url = teams.url("plan")
        TeamsWebhook.objects.create(
            plan=plan, url_encrypted=crypto.encrypt(url), hint=crypto.hint(url), language="da"
        )
        response = manager_client.post(
            reverse("commplan:plan_teams_test", args=[plan.pk]), follow=True
        )

    [payload] = teams.cards_to("plan")
    content = payload["attachments"][0]["content"]
    assert content["lang"] == "da"
    assert content["body"][0]["text"] == "Testbesked fra S&OP-kommunikationsplanlæggeren"
    assert plan.name in content["body"][1]["inlines"][0]["text"]  # as typed, not Markdown
    assert "Teams took the test message" in response.content.decode()
    assert "sig=" not in caplog.text


def test_a_refused_test_says_so_marks_the_address_and_a_working_one_clears_it(manager_client, plan):
    with FakeTeams([(403, {}, 0), (202, {}, 0)]) as teams:
        url = teams.url("plan")
        hook = TeamsWebhook.objects.create(
            plan=plan, url_encrypted=crypto.encrypt(url), hint=crypto.hint(url)
        )
        test_url = reverse("commplan:plan_teams_test", args=[plan.pk])

        refused = manager_client.post(test_url, follow=True).content.decode()
        hook.refresh_from_db()
        assert hook.broken and "Teams refused the address (HTTP 403)" in refused
        assert len(mail.outbox) == 1  # the managers are told, as by the sweep

        manager_client.post(test_url)
        hook.refresh_from_db()
        assert not hook.broken


def test_a_test_with_no_address_changes_nothing(owner_client, snapshot):
    before = snapshot()

    response = owner_client.post(reverse("commplan:my_teams_test"), follow=True)

    assert "There is no Teams address to test yet." in response.content.decode()
    assert snapshot() == before


def test_a_persons_test_card_is_in_their_language(owner_client, owner):
    Profile.objects.create(user=owner, language="da")
    with FakeTeams() as teams:
        owner_client.post(reverse("commplan:my_teams"), {"url": LEGACY})
        hook = TeamsWebhook.objects.get(user=owner)
        url = teams.url("me")
        TeamsWebhook.objects.filter(pk=hook.pk).update(url_encrypted=crypto.encrypt(url))

        owner_client.post(reverse("commplan:my_teams_test"))

    [payload] = teams.cards_to("me")
    content = payload["attachments"][0]["content"]
    assert content["lang"] == "da"
    assert content["body"][1]["text"] == "Dine påmindelser kommer her som kort som dette."


def test_your_settings_link_to_teams_and_show_a_refusal(owner_client, owner):
    owner_client.post(reverse("commplan:my_teams"), {"url": LEGACY})
    TeamsWebhook.objects.get(user=owner).mark_broken("HTTP 410")

    page = owner_client.get(reverse("commplan:my_settings")).content.decode()

    assert reverse("commplan:my_teams") in page
    assert "Teams refused the address" in page and "HTTP 410" in page
