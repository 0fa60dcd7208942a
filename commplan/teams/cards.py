"""The Adaptive Cards (version 1.4, in the Teams Workflows message envelope): the digest, the
escalation and the weekly summary, worded in the reader's language with links (Action.OpenUrl)
to the review forms and dashboards, as the emails are (templates/emails/)."""

from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import ReminderKind, display_name
from ..reminders.emails import absolute_url

# A card stays well under Teams' 28 KB message limit: the first rows and plans, each text
# shortened, then a link to the rest.
CARD_ROWS = 15
CARD_PLANS = 10
TEXT_CHARS = 300


def envelope(card, language):
    """The Workflows "post to a channel when a webhook request is received" payload."""
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": {
                    "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                    "type": "AdaptiveCard",
                    "version": "1.4",
                    "lang": language,
                    "msteams": {"width": "Full"},
                    **card,
                },
            }
        ],
    }


def text(value, **options):
    value = Truncator(str(value)).chars(TEXT_CHARS)
    return {"type": "TextBlock", "text": value, "wrap": True, **options}


def literal(value, spacing=None, **run):
    """Text people typed (names, messages), as a TextRun, which Teams never reads as Markdown:
    a stakeholder named "[Click](https://…)" stays text, not a link in the channel."""
    inline = {"type": "TextRun", "text": Truncator(str(value)).chars(TEXT_CHARS), **run}
    block = {"type": "RichTextBlock", "inlines": [inline]}
    if spacing:
        block["spacing"] = spacing
    return block


def link(title, url):
    return {"type": "Action.OpenUrl", "title": str(title), "url": url}


def _date(value):
    return date_format(value, "SHORT_DATE_FORMAT")


def _due(row, today):
    date = _date(row.next_review_date)
    days = (today - row.next_review_date).days
    if days > 0:
        return ngettext(
            "Due %(date)s, %(counter)s day overdue",
            "Due %(date)s, %(counter)s days overdue",
            days,
        ) % {"date": date, "counter": days}
    return _("Due %(date)s") % {"date": date}


def _row_item(row, today, review, show_plan):
    name = f"{row.stakeholder.name} – {row.message}"
    facts = _due(row, today)
    if show_plan:
        name = f"{row.plan.name}: {name}"
    owner = display_name(row.owner) if row.owner_id else _("No owner")
    facts += f" · {_('Owner:')} {owner}"
    if review:
        url = reverse("commplan:review_create", kwargs={"plan_pk": row.plan_id, "pk": row.pk})
        action = link(_("Record the review"), absolute_url(url))
    else:
        action = link(_("Open the activity"), absolute_url(row.get_absolute_url()))
    return {
        "type": "Container",
        "separator": True,
        "items": [
            literal(name, weight="Bolder"),
            literal(facts, spacing="None", isSubtle=True),
            {"type": "ActionSet", "actions": [action]},
        ],
    }


def rows_card(kind, rows, today, language, plan=None):
    """The digest or the escalation: for a person (`plan` None) or for a plan's channel."""
    with translation.override(language):
        digest = kind == ReminderKind.DIGEST
        total = len(rows)
        if digest:
            title = ngettext(
                "%(counter)s communication activity is due for follow-up",
                "%(counter)s communication activities are due for follow-up",
                total,
            ) % {"counter": total}
        else:
            title = ngettext(
                "%(counter)s communication activity is seriously overdue for follow-up",
                "%(counter)s communication activities are seriously overdue for follow-up",
                total,
            ) % {"counter": total}
        body = [literal(plan.name, size="Small", isSubtle=True)] if plan else []
        body.append(text(title, size="Large", weight="Bolder"))
        if plan is not None:
            intro = _(
                "Record a review for each: did it happen, was the goal reached, and what did "
                "it cost?"
            )
        elif digest:
            intro = _(
                "These communication activities you own are due for follow-up. Record a review "
                "for each: did it happen, was the goal reached, and what did it cost."
            )
        else:
            intro = _(
                "As a manager of these plans, you are told when a review is overdue by more than "
                "the plan's escalation days. These activities have not been followed up:"
            )
        body.append(text(intro))
        body += [_row_item(row, today, digest, plan is None) for row in rows[:CARD_ROWS]]
        more = total - CARD_ROWS
        if plan is not None:
            more_url = reverse("commplan:plan_detail", kwargs={"pk": plan.pk})
            actions = [link(_("Open the plan"), absolute_url(more_url))]
        else:
            more_url = reverse("commplan:my_work" if digest else "commplan:plan_list")
            actions = [
                link(
                    _("All your activities") if digest else _("Your plans"), absolute_url(more_url)
                )
            ]
        if more > 0:
            body.append(
                text(
                    ngettext(
                        "…and %(counter)s more activity:",
                        "…and %(counter)s more activities:",
                        more,
                    )
                    % {"counter": more},
                    isSubtle=True,
                )
            )
        if plan is None:
            actions.append(link(_("Your settings"), absolute_url(reverse("commplan:my_settings"))))
        return envelope({"body": body, "actions": actions}, language)


def _plan_summary(plan):
    facts = [f"{_('Phase:')} {plan.phase_label}", f"{plan.health.symbol} {plan.health.word}"]
    if plan.cost_burn_text:
        facts.append(f"{_('Budget used:')} {plan.cost_burn_text}")
    items = [
        literal(plan.name, weight="Bolder", size="Medium"),
        literal(" · ".join(facts), spacing="None"),
    ]
    if plan.health:
        items += [literal(f"- {warning.message}", spacing="None") for warning in plan.health]
    else:
        items.append(text(_("No warnings: the plan is on track."), spacing="None"))
    url = reverse("commplan:plan_dashboard", kwargs={"pk": plan.pk})
    items.append(
        {"type": "ActionSet", "actions": [link(_("Open the dashboard"), absolute_url(url))]}
    )
    return {"type": "Container", "separator": True, "items": items}


def summary_card(plans, today, language, for_person=True):
    """The weekly summary: each plan's phase, health and warnings, linking to its dashboard."""
    with translation.override(language):
        title = _("S&OP communication, week %(week)s: where your plans stand") % {
            "week": date_format(today, "W")
        }
        body = [
            text(title, size="Large", weight="Bolder"),
            text(_("This week's summary of the communication of your S&OP implementation:")),
            *(_plan_summary(plan) for plan in plans[:CARD_PLANS]),
        ]
        more = len(plans) - CARD_PLANS
        if more > 0:
            body.append(
                text(
                    ngettext("…and %(counter)s more plan.", "…and %(counter)s more plans.", more)
                    % {"counter": more},
                    isSubtle=True,
                )
            )
        rollup = absolute_url(reverse("commplan:dashboard"))
        actions = [link(_("Open the dashboard"), rollup)] if more > 0 else []
        if for_person:
            actions.append(link(_("Your settings"), absolute_url(reverse("commplan:my_settings"))))
        return envelope({"body": body, "actions": actions}, language)


def hello_card(language, plan=None):
    """The card the "Send test message" button posts."""
    with translation.override(language):
        if plan is None:
            line = _("Your reminders will appear here as cards like this one.")
        else:
            line = _(
                "Reminders about the plan %(plan)s will appear in this channel as cards like "
                "this one."
            ) % {"plan": plan.name}
        body = [
            text(_("Test message from the S&OP Communication Planner"), weight="Bolder"),
            literal(line) if plan else text(line),
        ]
        return envelope({"body": body, "actions": []}, language)
