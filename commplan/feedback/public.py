"""What the public page `/f/<token>/` reads of its link, kept in each process for a few seconds,
and the page itself, written once per link, state and language (issue 19 §4: 200 answers a
second on two cores leaves a few milliseconds of CPU for each page and post).

A process keeps a link's state (open, or closed: the link closed or its plan archived), its
message's title and its questions for LINK_SECONDS. Saving or deleting a link, a row, a message
or a plan in this process forgets them at once; a change made in another process shows there
within LINK_SECONDS. Until then a link closed elsewhere may still show its questions, but it
takes no answer: `services.record_answer` saves only while the link is open, in the statement
that saves, and the phone is then shown the closed page.

The pages kept are those of anonymous visitors without a session or a query string, the same for
everyone who opens the link in that language; only the CSRF token differs between responses,
and it is written into each response.
"""

import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.signals import setting_changed
from django.db.models.signals import post_delete, post_save
from django.middleware.csrf import get_token
from django.template.loader import render_to_string

from ..models import CommunicationPlan, FeedbackLink, Message, PlanRow, PulseKind
from ..models.catalogue import message_label

LINK_SECONDS = 10  # the longest a change made in another process takes to show on the page
MAX_LINKS = 500  # links kept per process (each with up to six pages of about 8 KB)
TEMPLATE = "commplan/feedback/answer.html"
# Stands in for the CSRF token in a kept page; letters only, so no escaping changes it.
TOKEN_MARK = "csrfTokenMarkWrittenPerResponse"  # noqa: S105 - a placeholder


@dataclass
class PublicLink:
    """A link as its public page shows it."""

    pk: int
    title: str
    questions: tuple
    closed: bool  # the link closed, or its plan archived
    read_at: float
    pages: dict = field(default_factory=dict)  # (state, language) -> the page split at the token

    def shows(self):
        """What its pages show: they are kept while it stays the same."""
        return (self.title, self.questions, self.closed)


_links: dict[str, PublicLink] = {}


def public_link(token):
    """The link of `token` (signed, see `token_is_signed`), or None when there is none."""
    link = _links.get(token)
    if link is not None and time.monotonic() - link.read_at < LINK_SECONDS:
        return link
    found = (
        FeedbackLink.objects.filter(token=token)
        .order_by()
        .values_list(
            "pk", "closed_at", "plan__archived_at", "row__message__content", "row__message__pulse"
        )
        .first()
    )
    if found is None:
        _links.pop(token, None)
        return None
    pk, closed_at, archived_at, content, pulse = found
    fresh = PublicLink(
        pk=pk,
        title=message_label(content),
        questions=PulseKind(pulse).questions,
        closed=closed_at is not None or archived_at is not None,
        read_at=time.monotonic(),
    )
    if link is not None and link.shows() == fresh.shows():
        fresh.pages = link.pages
    _links.pop(token, None)
    if len(_links) >= MAX_LINKS:
        del _links[next(iter(_links))]  # the one read longest ago
    _links[token] = fresh
    return fresh


def forget(**kwargs):
    """Read every link again on its next page: something a page shows may have changed."""
    _links.clear()


for _model in (FeedbackLink, PlanRow, Message, CommunicationPlan):
    post_save.connect(forget, sender=_model, dispatch_uid=f"pulse_forget_{_model.__name__}")
    post_delete.connect(forget, sender=_model, dispatch_uid=f"pulse_forget_del_{_model.__name__}")
# The threshold and the months the page states, the languages.
setting_changed.connect(forget, dispatch_uid="pulse_forget_settings")


def kept(request):
    """Whether `request` gets a kept page: anonymous, with no session (so no messages and no
    name to show) and no query string (which the language switcher's `next` would carry)."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and not request.META.get(
        "QUERY_STRING"
    )


def page(request, link, state, language, context):
    """The page of `link` in `state` for `request` (see `kept`): written the first time, from
    `context()`, with a mark where the CSRF token goes; after that only the token is written
    in."""
    parts = link.pages.get((state, language))
    if parts is None:
        html = render_to_string(TEMPLATE, {**context(), "csrf_token": TOKEN_MARK}, request)
        parts = link.pages[(state, language)] = html.split(TOKEN_MARK)
    return get_token(request).join(parts)
