"""The welcome email to a person added to a plan: queued only when the addition commits, so a
cancelled or failed import or form tells nobody anything."""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from kombu.exceptions import OperationalError

from .emails import absolute_url, build_email, preferred_language
from .models import Membership, display_name

logger = logging.getLogger(__name__)


def announce(membership, added_by, new_account=False):
    """Welcomes the person of `membership` (just created by `added_by`, None from the command
    line) once the current transaction commits. `new_account`: the account was made for them
    now, so the email lets them choose a password."""
    if added_by is not None and added_by.pk == membership.user_id:
        return
    from .tasks import send_welcome  # the tasks module imports this one

    kwargs = {
        "membership_id": membership.pk,
        "added_by_id": getattr(added_by, "pk", None),
        "new_account": new_account,
        "language": translation.get_language(),
    }

    def enqueue():
        try:
            send_welcome.delay(**kwargs)
        except OperationalError:  # the broker is down: the addition stands, unannounced
            logger.exception("Could not queue the welcome email for membership %s", membership.pk)

    transaction.on_commit(enqueue)


def send(membership_id, added_by_id, new_account, language):
    """Sends the welcome email (the worker's side of announce())."""
    membership = (
        Membership.objects.select_related("plan", "user__profile").filter(pk=membership_id).first()
    )
    if membership is None or not membership.user.is_active or not membership.user.email:
        return  # removed again before the email left, or nowhere to send it
    user = membership.user
    adder = get_user_model().objects.filter(pk=added_by_id).first() if added_by_id else None
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
        "added_by_name": display_name(adder) if adder else "",
        "link": absolute_url(link),
        "new_account": new_account,
        "username": user.get_username(),
    }
    build_email(user, "welcome", context, language=preferred_language(user, language)).send()
