"""The plan health's checks of its audience: S&OP decisions not communicated in time, key groups
behind their desired readiness, and key groups that find their messages less clear than the
target. Each a small function giving its warnings for all the plans at once (see checks.py)."""

from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext

from stakeholders.models import HIGH_SCORE

from ..meetings.follow import late_decisions
from ..readiness.standing import standings
from ..understanding.figures import below_target
from ..understanding.privacy import Privacy
from .common import percent_text, plan_rows_url
from .health_warnings import Entry, HealthItem, _collect, _date


def _release_text(day):
    return gettext("to go out on %(date)s") % {"date": _date(day)}


def decisions_late(facts):
    """S&OP decisions not communicated by their release day (one query), each with the day it
    was to go out."""
    return _collect(
        "decisions_late",
        (
            Entry(
                decision.meeting.plan_id,
                1,
                HealthItem(
                    decision.title,
                    decision.get_absolute_url(),
                    # Lazy: the weekly summary words it in each reader's language.
                    detail=lazy(_release_text, str)(decision.release_day),
                ),
            )
            for decision in late_decisions(facts.plan_ids, facts.today)
        ),
        lambda plan_id: reverse("commplan:meeting_list", kwargs={"plan_pk": plan_id}),
    )


def behind(facts):
    """Key stakeholders (high importance) not known to stand where they must by the next open
    milestone, or never assessed though they have a target (two queries, none when the caller
    passed `readiness`), each linking to its readiness page."""
    upcoming = facts.upcoming()
    readiness = facts.readiness
    if readiness is None:
        readiness = standings(facts.plan_ids, facts.milestones, upcoming)
    late = sorted(
        (
            (stakeholder_id, standing)
            for stakeholder_id, standing in readiness.items()
            if standing.importance > HIGH_SCORE and standing.behind
        ),
        key=lambda item: (-item[1].importance, item[1].name, item[0]),
    )
    return _collect(
        "behind",
        (
            Entry(
                standing.plan_id,
                1,
                HealthItem(
                    standing.name,
                    reverse(
                        "commplan:readiness_detail",
                        kwargs={"plan_pk": standing.plan_id, "pk": stakeholder_id},
                    ),
                    detail=standing.summary,
                ),
            )
            for stakeholder_id, standing in late
        ),
        lambda plan_id: reverse("commplan:plan_dashboard", kwargs={"pk": plan_id}) + "#readiness",
        lambda plan_id: (
            {"milestone": upcoming[plan_id].title, "date": upcoming[plan_id].planned_date}
            if plan_id in upcoming
            else {}
        ),
    )


def understanding(facts):
    """Key stakeholders whose pulse answers of the last weeks find their messages less clear
    than the messages' targets, each linking to its activities: from the plans' privacy
    reading (one query unless the page has read it), whose weekly points shown alone count
    (figures.below_target)."""
    privacy = facts.privacy or Privacy(facts.plan_ids, facts.today)
    return _collect(
        "understanding",
        (
            Entry(
                group.plan_id,
                1,
                HealthItem(
                    group.name,
                    plan_rows_url(group.plan_id, stakeholder=group.stakeholder_id),
                    detail=ngettext(
                        "%(share)s clear or very clear, target %(target)s (%(count)d answer)",
                        "%(share)s clear or very clear, target %(target)s (%(count)d answers)",
                        group.landing.clarity_answered,
                    )
                    % {
                        "share": percent_text(group.landing.understanding),
                        "target": percent_text(group.target),
                        "count": group.landing.clarity_answered,
                    },
                ),
            )
            for group in below_target(facts.today, HIGH_SCORE, privacy)
        ),
        lambda plan_id: (
            reverse("commplan:plan_dashboard", kwargs={"pk": plan_id}) + "#understanding"
        ),
    )


def _behind_message(count, context):
    if context.get("milestone"):
        return ngettext(
            "%(count)d key stakeholder is behind its desired readiness for the next "
            "milestone, “%(milestone)s” on %(date)s",
            "%(count)d key stakeholders are behind their desired readiness for the next "
            "milestone, “%(milestone)s” on %(date)s",
            count,
        ) % {"count": count, "milestone": context["milestone"], "date": _date(context["date"])}
    return ngettext(
        "%(count)d key stakeholder is behind its desired readiness",
        "%(count)d key stakeholders are behind their desired readiness",
        count,
    ) % {"count": count}
