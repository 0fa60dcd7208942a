"""The welcome email to a person added to a plan. It is owed (a WelcomeEmail row) in the same
step as the addition and queued only when the addition commits, so a cancelled or failed import
or form tells nobody anything; the queued task is a fast path, and the reminder sweep sends any
welcome still owed (the broker was down, the mail server refused), claimed like a reminder."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ..models import ReminderStatus, WelcomeEmail, display_name
from . import claims
from .emails import absolute_url, build_email, preferred_language


def announce(membership, added_by, new_account=False):
    """Owes the person of `membership` (just created by `added_by`, None from the command line)
    a welcome email, queued once the current transaction commits. `new_account`: the account
    was made for them now, so the email lets them choose a password. Returns enqueue_on_commit's
    outcome ({} when nobody is owed an email)."""
    if added_by is not None and added_by.pk == membership.user_id:
        return {}
    from ..tasks import enqueue_on_commit, send_welcome  # the tasks module imports this one

    with transaction.atomic():
        owed = WelcomeEmail.objects.create(
            membership=membership,
            added_by=added_by,
            new_account=new_account,
            language=translation.get_language() or "",
        )
        return enqueue_on_commit(send_welcome, owed.pk)


def message_for(membership, added_by, new_account, language):
    """The welcome email for `membership` (added by `added_by`, or None). With SSO_ONLY there
    is no password to choose: a new person gets the plan's link and signs in by single sign-on,
    which finds their account by its verified email."""
    user = membership.user
    new_account = new_account and not settings.SSO_ONLY
    if new_account:
        link = reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    else:
        link = membership.plan.get_absolute_url()
    context = {
        "plan": membership.plan,
        "membership": membership,
        "added_by_name": display_name(added_by) if added_by else "",
        "link": absolute_url(link),
        "new_account": new_account,
        "username": user.get_username(),
    }
    return build_email(user, "welcome", context, language=preferred_language(user, language))


def send_pending(now=None, retry_now=False, pk=None):
    """Sends the welcome emails owed (only `pk`'s for the fast path) that no other sender holds;
    returns how many were sent."""
    owed = WelcomeEmail.objects.all() if pk is None else WelcomeEmail.objects.filter(pk=pk)
    ids = list(
        owed.sendable(now or timezone.now(), claims.lease(), retry_now)
        .order_by("pk")
        .values_list("pk", flat=True)[: settings.REMINDER_BATCH_SIZE]
    )
    token = ids and claims.claim(
        WelcomeEmail.objects.filter(pk__in=ids), now or timezone.now(), retry_now
    )
    if not token:
        return 0
    batch = WelcomeEmail.objects.filter(claim_token=token, status=ReminderStatus.SENDING)
    sent = 0
    connection = get_connection()
    try:
        for welcome in batch.select_related(
            "membership__plan", "membership__user__profile", "added_by"
        ):
            user = welcome.membership.user
            if not user.is_active or not user.email:
                # Nowhere to send it (the sweep need not look again).
                WelcomeEmail.objects.filter(pk=welcome.pk, claim_token=token).update(
                    status=ReminderStatus.SKIPPED, updated_at=timezone.now()
                )
                continue
            if not claims.renew(welcome, token):
                continue
            try:
                message = message_for(
                    welcome.membership, welcome.added_by, welcome.new_account, welcome.language
                )
            except Exception as error:  # a bug, not the mail server: logged, failed after 3
                claims.fail(welcome, token, error)
                continue
            try:
                connection.send_messages([message])
            except Exception as error:  # refused, timed out, dropped: the sweep retries it
                claims.fail(welcome, token, error)
                connection.close()
                continue
            claims.mark_sent(welcome, token)
            sent += 1
    finally:
        connection.close()
    return sent
