"""A person added to a plan gets a welcome email once the addition is saved: from an import's
invitation (a new account chooses its password through the email) or from the members page."""

import re
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from kombu.exceptions import OperationalError

from commplan import imports
from commplan.models import Membership, Profile, ReminderStatus, Role, WelcomeEmail
from commplan.reminders import sweep as reminders
from commplan.reminders import welcome
from commplan.tasks import send_welcome
from config.celery_app import app

from ..factories import MembershipFactory, UserFactory
from .import_files import excel_csv, toolkit_rows
from .test_imports_views import owner_field, upload


@pytest.fixture(autouse=True)
def eager_tasks():
    """The welcome task runs in the test's process, its email lands in mail.outbox."""
    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before


@pytest.fixture
def named_manager(manager):
    manager.first_name, manager.last_name = "Mette", "Madsen"
    manager.save()
    return manager


def import_inviting(client, plan, email, capture, name="Ny Person"):
    """Uploads a file naming `name` as owner and commits, inviting them with `email`."""
    location = upload(client, plan, excel_csv(toolkit_rows(["Salg", "Ny proces", "", name, ""])))
    location = location["Location"]
    field = owner_field(client.get(location), name)
    with capture(execute=True):
        response = client.post(
            location,
            {"action": "commit", field: "invite", field.replace("owner_", "email_"): email},
        )
    assert response.status_code == 302
    return response


def only_email_to(address):
    assert [m.to for m in mail.outbox] == [[address]]
    return mail.outbox[0]


def test_an_invited_new_person_chooses_a_password_and_signs_in(
    manager_client, named_manager, plan, django_capture_on_commit_callbacks
):
    plan.name = "Ny ERP 2027"
    plan.save()

    import_inviting(manager_client, plan, "ny@pumpe.dk", django_capture_on_commit_callbacks)

    email = only_email_to("ny@pumpe.dk")
    assert email.subject == 'You were added to the plan "Ny ERP 2027"'
    assert 'Mette Madsen added you to the communication plan "Ny ERP 2027"' in email.body
    assert "Your role: Communication owner." in email.body
    assert 'username "ny@pumpe.dk"' in email.body
    [link] = re.findall(r"http://\S+/accounts/reset/\S+/", email.body)
    assert f'href="{link}"' in email.alternatives[0][0]

    visitor = Client()
    form_page = visitor.get(link, follow=True)
    assert "new_password1" in form_page.content.decode()
    done = visitor.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Blaa-Kaffe-2027", "new_password2": "Blaa-Kaffe-2027"},
    )
    assert done.status_code == 302
    signed_in = visitor.post(
        reverse("login"), {"username": "ny@pumpe.dk", "password": "Blaa-Kaffe-2027"}
    )
    assert signed_in.status_code == 302
    assert visitor.get(plan.get_absolute_url()).status_code == 200
    # The link worked once.
    assert "new_password1" not in Client().get(link, follow=True).content.decode()


def test_with_sso_only_a_new_person_gets_the_plans_link_not_a_password(
    manager_client, plan, settings, django_capture_on_commit_callbacks
):
    settings.OIDC_ISSUER = "https://login.example.dk"
    settings.SSO_ONLY = True

    import_inviting(manager_client, plan, "ny@pumpe.dk", django_capture_on_commit_callbacks)

    email = only_email_to("ny@pumpe.dk")
    assert f"http://127.0.0.1:8000{plan.get_absolute_url()}" in email.body
    assert "/accounts/reset/" not in email.body
    assert "Choose your password" not in email.alternatives[0][0]


def test_an_invited_existing_person_gets_a_link_to_the_plan(
    manager_client, plan, django_capture_on_commit_callbacks
):
    UserFactory(username="else", email="else@example.com")

    import_inviting(manager_client, plan, "ELSE@example.com", django_capture_on_commit_callbacks)

    email = only_email_to("else@example.com")
    assert f"http://127.0.0.1:8000{plan.get_absolute_url()}" in email.body
    assert "/accounts/reset/" not in email.body
    assert "Choose your password" not in email.alternatives[0][0]


def test_inviting_a_member_again_sends_nothing(
    manager_client, owner, plan, django_capture_on_commit_callbacks
):
    import_inviting(manager_client, plan, owner.email, django_capture_on_commit_callbacks)

    assert plan.rows.get().owner == owner
    assert mail.outbox == []


def test_a_member_added_by_a_manager_is_welcomed(
    manager_client, named_manager, plan, django_capture_on_commit_callbacks
):
    person = UserFactory(username="kim", email="kim@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            reverse("commplan:member_create", args=[plan.pk]),
            {"person": "kim", "role": Role.EXECUTIVE},
        )

    assert response.status_code == 302
    email = only_email_to(person.email)
    assert "Mette Madsen added you" in email.body and "Your role: Executive." in email.body
    assert plan.get_absolute_url() in email.body


def test_a_role_change_sends_nothing(
    manager_client, owner, plan, django_capture_on_commit_callbacks
):
    membership = Membership.objects.get(plan=plan, user=owner)

    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            reverse("commplan:member_update", args=[plan.pk, membership.pk]),
            {"role": Role.MANAGER},
        )

    assert response.status_code == 302
    assert mail.outbox == []


def test_a_cancelled_preview_sends_nothing(
    manager_client, plan, django_capture_on_commit_callbacks
):
    content = excel_csv(toolkit_rows(["Salg", "Ny proces", "", "Ny Person", ""]))
    location = upload(manager_client, plan, content)["Location"]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        manager_client.post(location, {"action": "cancel"})

    assert (callbacks, mail.outbox) == ([], [])
    assert not get_user_model().objects.filter(first_name="Ny").exists()


def test_a_failed_import_sends_nothing(
    plan, manager, monkeypatch, django_capture_on_commit_callbacks
):
    table = imports.read_table(excel_csv(toolkit_rows(["Salg", "Ny proces", "", "Ny Person", ""])))
    [key] = imports.build_preview(plan, table).unknown_owners

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr("commplan.imports.saving.PlanRow", broken)  # after the invitation
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            imports.commit(
                plan, table, manager, {key: imports.Resolution(imports.INVITE, email="ny@pumpe.dk")}
            )

    assert (callbacks, mail.outbox) == ([], [])
    assert not Membership.objects.filter(user__email="ny@pumpe.dk").exists()


def test_a_danish_recipient_gets_danish(manager_client, plan, django_capture_on_commit_callbacks):
    person = UserFactory(username="jens", email="jens@example.dk")
    Profile.objects.create(user=person, language="da")

    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(
            reverse("commplan:member_create", args=[plan.pk]),
            {"person": "jens", "role": Role.OWNER},
        )

    email = only_email_to(person.email)
    assert email.subject == f"Du er blevet tilføjet til planen »{plan.name}«"
    assert "Din rolle: Kommunikationsansvarlig." in email.body


def test_without_a_language_the_email_follows_the_adder(
    manager, plan, django_capture_on_commit_callbacks
):
    Profile.objects.create(user=manager, language="da")
    client = Client()
    client.force_login(manager)

    import_inviting(client, plan, "ny@pumpe.dk", django_capture_on_commit_callbacks)

    assert only_email_to("ny@pumpe.dk").subject.startswith("Du er blevet tilføjet")


def test_a_person_removed_before_the_email_left_gets_none(plan, manager):
    kept, removed = MembershipFactory.create_batch(2, plan=plan, role=Role.OWNER)
    welcome.announce(kept, manager)
    welcome.announce(removed, manager)
    removed.delete()

    assert welcome.send_pending() == 1
    only_email_to(kept.user.email)


# Owed in the database: the queued task is a fast path, the sweep sends whatever is still owed.


def add_member(client, plan, username):
    return client.post(
        reverse("commplan:member_create", args=[plan.pk]),
        {"person": username, "role": Role.OWNER},
        follow=True,
    )


def test_the_sweep_does_not_welcome_again_what_the_task_sent(
    manager_client, plan, django_capture_on_commit_callbacks
):
    person = UserFactory(username="kim", email="kim@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        add_member(manager_client, plan, "kim")
    only_email_to(person.email)

    reminders.sweep()

    assert len(mail.outbox) == 1
    assert WelcomeEmail.objects.get().status == ReminderStatus.SENT


@pytest.mark.django_db(transaction=True)  # the request commits, as it does in production
def test_a_member_added_while_the_broker_is_down_is_welcomed_by_the_next_sweep(manager, plan):
    person = UserFactory(username="kim", email="kim@example.com")
    client = Client()
    client.force_login(manager)

    with mock.patch.object(send_welcome, "delay", side_effect=OperationalError("refused")):
        response = add_member(client, plan, "kim")

    html = response.content.decode()
    assert "kim was added to the plan." in html
    assert "the welcome email goes with the next sweep" in html
    assert mail.outbox == []

    reminders.sweep()
    reminders.sweep()

    assert only_email_to(person.email).subject == f'You were added to the plan "{plan.name}"'


def test_a_welcome_the_mail_server_refused_is_sent_by_a_later_sweep(
    manager_client, plan, settings, django_capture_on_commit_callbacks
):
    person = UserFactory(username="kim", email="kim@example.com")
    settings.EMAIL_BACKEND = "tests.commplan.test_reminders.DisconnectedBackend"
    with django_capture_on_commit_callbacks(execute=True):
        add_member(manager_client, plan, "kim")
    owed = WelcomeEmail.objects.get()
    assert (owed.status, owed.attempts) == (ReminderStatus.PENDING, 1)
    assert owed.last_error.startswith("SMTPServerDisconnected")

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # server fixed
    reminders.sweep(retry_now=True)

    only_email_to(person.email)
    assert WelcomeEmail.objects.get().status == ReminderStatus.SENT
