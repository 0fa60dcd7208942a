"""Saving an import: validated again against the plan as it is now, then everything in one
transaction, every new object recorded in the history as made by the person importing."""

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from milestones.models import Milestone
from stakeholders.models import Stakeholder

from ..history.recording import change_reason, create_with_history
from ..models import Channel, CommunicationPlan, Membership, Message, PlanRow, Role
from ..reminders import welcome
from . import section_changes
from .headings import LABELS
from .matching import PlanContext, name_key, without_title
from .preview import ASK, build_preview

MEMBER, INVITE, UNASSIGNED = "member", "invite", "unassigned"


@dataclass(frozen=True)
class Resolution:
    """What to do with the rows of a person the file names who is not a member of the plan."""

    action: str = UNASSIGNED
    user_id: int | None = None  # MEMBER: the member to give the rows to
    email: str = ""  # INVITE: who to add to the plan as a communication owner


class CommitFailed(Exception):
    """Nothing was saved; `message` says why and `preview` holds the rows' errors, if any."""

    def __init__(self, message, preview=None):
        super().__init__(message)
        self.message, self.preview = message, preview


def commit(plan, table, user, resolutions=None, owners=ASK, source_name="", preview=None):
    """Imports `table` into `plan` for `user` (None from the command line) and returns the
    preview that was saved; CommitFailed, with nothing saved, when it cannot be. `preview`, of
    the same table with the same `owners` just before, is saved as it is when the plan has not
    changed since (checked under the plan's lock); otherwise the preview is built again."""
    try:
        with transaction.atomic():
            return _commit(plan, table, user, resolutions or {}, owners, source_name, preview)
    except IntegrityError as error:
        raise CommitFailed(
            _("The plan was changed by someone else at the same time. Try the import again.")
        ) from error


def _commit(plan, table, user, resolutions, owners, source_name, preview):
    # Lock the plan so that two imports into it run one after the other.
    plan = CommunicationPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.is_archived:
        raise CommitFailed(_("This plan is archived and can no longer be changed."))
    if not _still_true(preview, plan, owners):
        preview = build_preview(plan, table, owners)
    if not preview.is_valid:
        raise CommitFailed(_("The file has errors: nothing was imported."), preview)
    history = {
        "user": user,
        "reason": _("Imported from %(file)s") % {"file": source_name or _("a file")},
    }
    if owners == ASK:
        _settle_owners(plan, preview, resolutions, history)

    def create(model, found, build):
        """{name key: object} of the kind, the plan's and the ones made now."""
        specs = found.new
        made = create_with_history(model, [build(spec) for spec in specs.values()], **history)
        return dict(found.matched) | dict(zip(specs.keys(), made, strict=True))

    section_changes.save(plan, preview, history)
    stakeholders = create(
        Stakeholder, preview.stakeholders, lambda name: Stakeholder(plan=plan, name=name)
    )
    channels = create(Channel, preview.channels, lambda name: Channel(plan=plan, name=name))
    milestones = create(Milestone, preview.milestones, lambda spec: Milestone(plan=plan, **spec))
    messages = create(
        Message, preview.messages, lambda spec: Message(plan=plan, content=spec[0], goal=spec[1])
    )
    rows = [
        PlanRow(
            plan=plan,
            stakeholder=stakeholders[name_key(draft.stakeholder)],
            message=messages[draft.message_key],
            channel=channels[name_key(draft.channel)] if draft.channel else None,
            milestone=milestones[name_key(draft.milestone)] if draft.milestone else None,
            owner=draft.owner,
            **draft.row_values(),
        )
        for draft in preview.rows
    ]
    create_with_history(PlanRow, rows, **history)
    if preview.header:
        for name, text in preview.header.items():
            setattr(plan, name, text)
        plan._history_user = user  # the request's user is not known from the command line
        plan._change_reason = change_reason(history["reason"])
        plan.save(update_fields=[*preview.header, "updated_at"])
    return preview


def _still_true(preview, plan, owners):
    """Whether `preview` is what building it now, under the lock, would give: made for the
    same owners choice, in the same language, from a plan and objects that have not changed."""
    if preview is None or (preview.owners, preview.language) != (owners, get_language()):
        return False
    return preview.state == PlanContext(plan).state(plan)


def _settle_owners(plan, preview, resolutions, history):
    """Gives each unknown person's rows to a member, to a person invited now, or to nobody
    (keeping the name in the rows' notes)."""
    owners, new_members, new_accounts = {}, [], set()
    context = preview.context
    for key, unknown in preview.unknown_owners.items():
        resolution = resolutions.get(key, Resolution())
        if resolution.action == MEMBER:
            owners[key] = context.member(resolution.user_id)
            if owners[key] is None:
                raise CommitFailed(
                    _("%(person)s is no longer a member of the plan: choose again.")
                    % {"person": unknown.label}
                )
        elif resolution.action == INVITE:
            person, created = _invited(unknown, resolution.email)
            owners[key] = person
            if created:
                new_accounts.add(person.pk)
            if context.member(person.pk) is None:
                new_members.append(Membership(plan=plan, user=person, role=Role.OWNER))
    for membership in create_with_history(Membership, new_members, **history):
        welcome.announce(membership, history["user"], membership.user_id in new_accounts)
    for draft in preview.rows:
        if not draft.unknown_owner:
            continue
        draft.owner = owners.get(draft.unknown_owner)
        if draft.owner is None:
            draft.add_note(LABELS["owner"], draft.owner_text)


def _invited(unknown, email):
    """(account, created): the account with `email`, or a new one for the person, with a
    random password (they choose theirs through the welcome email's link)."""
    email = (email or unknown.email).strip()
    try:
        validate_email(email)
    except ValidationError as error:
        raise CommitFailed(
            _("Give a valid email address to invite %(person)s.") % {"person": unknown.label}
        ) from error
    users = get_user_model().objects.filter(email__iexact=email, is_active=True)
    matches = list(users[:2])
    if len(matches) > 1:
        raise CommitFailed(
            _("More than one account has the email %(email)s: add the person as a member first.")
            % {"email": email}
        )
    if matches:
        return matches[0], False
    first, _sep, last = without_title(unknown.name).partition(" ")
    user = get_user_model()(username=_free_username(email), email=email)
    user.first_name, user.last_name = first[:150], last[:150]
    user.set_password(secrets.token_urlsafe(32))
    user.save()
    return user, True


def _free_username(email):
    model = get_user_model()
    base = email[:140]
    candidate, number = base, 1
    while model.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate
