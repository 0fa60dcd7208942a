"""Telling people that Teams refused an address: an email to the plan's managers (or to the
person whose address it is), in each reader's language. The plan's pages show it too, from the
webhook's `broken_at`."""

import logging
import smtplib

from django.urls import reverse

from ..models import Membership, Role
from ..reminders.emails import absolute_url, build_email

logger = logging.getLogger(__name__)


def settings_url(hook):
    """The page on which `hook`'s address is changed."""
    if hook.plan_id is not None:
        return absolute_url(reverse("commplan:plan_teams", kwargs={"plan_pk": hook.plan_id}))
    return absolute_url(reverse("commplan:my_teams"))


def readers(hook):
    if hook.plan_id is None:
        return [hook.user] if hook.user.is_active and hook.user.email else []
    managers = Membership.objects.filter(
        plan_id=hook.plan_id, role=Role.MANAGER, user__is_active=True
    ).exclude(user__email="")
    return [membership.user for membership in managers.select_related("user__profile")]


def tell_broken(hook):
    """Email the people who can fix `hook`; a mail failure is logged (the pages still say it)."""
    context = {
        "plan": hook.plan,
        "hint": hook.hint,
        "reason": hook.broken_reason,
        "unreadable": hook.broken_reason == "unreadable",
        "settings_url": settings_url(hook),
    }
    for person in readers(hook):
        try:
            build_email(person, "teams_broken", context).send()
        except (smtplib.SMTPException, OSError) as error:
            logger.warning(
                "Could not email %s about Teams webhook %s: %s", person.pk, hook.pk, error
            )
