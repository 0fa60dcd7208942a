"""Calendar feeds (iCalendar, RFC 5545) that people subscribe to from Outlook or Google by a
secret address: their own activities, and a plan's milestones.

Everything the planner knows is a date (scheduled dates, review dates, milestones), so every
event is an all-day event (`DTSTART;VALUE=DATE`), the same day in every time zone; timestamps
(DTSTAMP, LAST-MODIFIED) are in UTC as RFC 5545 requires. The calendar still names the site's
time zone (Europe/Copenhagen) with a VTIMEZONE and X-WR-TIMEZONE, so a client that shows it
in another zone knows whose days these are.

Recurring activities are listed date by date over a window (a month back, half a year ahead)
rather than as an RRULE: the S&OP cycle skips weekends and Danish public holidays, and monthly
rows on the 29th–31st fall on the last day of short months, which no RRULE that Outlook and
Google both understand can say. Clients fetch the feed again every few hours, so the window
moves on by itself.
"""

import datetime
import secrets
import unicodedata
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vDuration
from icalendar.enums import TRANSP

from milestones.models import MilestoneStatus

from ..cadence import occurrences
from ..models import CommunicationPlan, PlanRow, Profile, display_name
from ..reminders.emails import absolute_url
from ..templatetags.commplan import hours, money

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

DAYS_BACK = 31
DAYS_AHEAD = 183
REFRESH = datetime.timedelta(hours=4)
PRODID = "-//S&OP Communication Planner//commplan//EN"
SUMMARY_LENGTH = 80


def new_token() -> str:
    """A fresh secret for a feed address: 256 random bits, URL-safe (fits a slug)."""
    return secrets.token_urlsafe(32)


def profile_for_token(token: str) -> Profile | None:
    """The profile whose feed address has `token` (an active person's), or None."""
    return (
        Profile.objects.select_related("user")
        .filter(calendar_token=token, user__is_active=True)
        .first()
    )


def feed_urls(profile: Profile) -> tuple[str, list[tuple[CommunicationPlan, str]]]:
    """The absolute addresses of `profile`'s feed and of its plans' milestone feeds."""
    plans = CommunicationPlan.objects.for_user(profile.user).active().only("pk", "name")
    token = profile.calendar_token
    return absolute_url(reverse("commplan:calendar_feed", args=[token])), [
        (plan, absolute_url(reverse("commplan:calendar_plan_feed", args=[token, plan.pk])))
        for plan in plans
    ]


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


# Characters that cannot stand in a calendar's text: control characters (line breaks and tabs
# are made spaces on one-line properties; icalendar escapes the line breaks of descriptions).
_CONTROL = {"Cc", "Cs", "Zl", "Zp"}


def _one_line(text: object) -> str:
    """`text` fit for a one-line property (a calendar's name, an event's summary)."""
    return "".join(" " if unicodedata.category(char) in _CONTROL else char for char in str(text))


def _multi_line(text: object) -> str:
    """`text` fit for a description: its line breaks kept, other control characters dropped."""
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(_one_line(line) for line in lines)


def _calendar(name: str, today: datetime.date) -> Calendar:
    name = _one_line(name)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    ttl = vDuration(REFRESH).to_ical()  # type: ignore[no-untyped-call]  # unannotated in icalendar
    calendar.add("x-published-ttl", ttl.decode())  # Outlook's name
    calendar.add_component(
        Timezone.from_tzid(
            settings.TIME_ZONE,
            first_date=today - datetime.timedelta(days=366),
            last_date=today + datetime.timedelta(days=DAYS_AHEAD + 366),
        )
    )
    return calendar


def _event(
    uid: str,
    day: datetime.date,
    summary: str,
    description: str,
    url: str,
    changed: datetime.datetime,
) -> Event:
    return Event.new(
        uid=f"{uid}@{_host()}",
        start=day,
        end=day + datetime.timedelta(days=1),
        stamp=_utc(changed),
        last_modified=_utc(changed),
        summary=_one_line(summary),
        description=_multi_line(description),
        url=url,
        transparency=TRANSP.TRANSPARENT,  # a reminder in the day, not a meeting that makes one busy
    )


def _lines(*pairs: tuple[str, object]) -> str:
    return "\n".join(f"{label}: {value}" for label, value in pairs if value not in (None, ""))


def _row_text(row: PlanRow) -> str:
    what = Truncator(" ".join(row.message.content.split())).chars(SUMMARY_LENGTH)
    return f"{row.stakeholder.name} – {what}"


def _row_description(row: PlanRow, url: str) -> str:
    planned = ", ".join(
        part
        for part in (
            f"{hours(row.planned_hours)} {_('h')}" if row.planned_hours is not None else "",
            money(row.planned_cost, row.plan.currency),
        )
        if part
    )
    return _lines(
        (_("Plan"), row.plan.name),
        (_("Stakeholders (target group)"), row.stakeholder.name),
        (_("Message"), row.message.content),
        (_("Goal"), row.message.goal),
        (_("Channel"), row.channel.name if row.channel else ""),
        (_("How it is ensured"), row.assurance),
        (_("Time and resources"), planned),
        (_("Next review"), date_format(row.next_review_date) if row.next_review_date else ""),
        (_("Open in the planner"), url),
    )


def person_rows(user: "AbstractUser") -> QuerySet[PlanRow]:
    """The open activities `user` owns in the plans they are still on that are not archived."""
    plans = CommunicationPlan.objects.for_user(user).active()
    return (
        PlanRow.objects.open()
        .filter(owner=user, plan__in=plans)
        .select_related("plan", "stakeholder", "message", "channel")
        .order_by("pk")
    )


def person_feed(profile: Profile, today: datetime.date | None = None) -> Calendar:
    """`profile`'s own activities: each scheduled communication on its cadence within the
    window, and each next review date, in the person's language."""
    today = today or timezone.localdate()
    start = today - datetime.timedelta(days=DAYS_BACK)
    end = today + datetime.timedelta(days=DAYS_AHEAD)
    with translation.override(profile.email_language):
        calendar = _calendar(
            _("S&OP activities – %(person)s") % {"person": display_name(profile.user)}, today
        )
        for row in person_rows(profile.user):
            url = absolute_url(row.get_absolute_url())
            text, description = _row_text(row), _row_description(row, url)
            last_day = row.plan.end_date
            for day in occurrences(row, start, end):
                # Repeats stop at the plan's end; the scheduled date itself always shows.
                if last_day and day > last_day and day != row.scheduled_date:
                    break
                calendar.add_component(
                    _event(
                        f"row-{row.pk}-{day:%Y%m%d}",
                        day,
                        _("Communication: %(activity)s") % {"activity": text},
                        description,
                        url,
                        row.updated_at,
                    )
                )
            if row.next_review_date:
                calendar.add_component(
                    _event(
                        f"row-{row.pk}-review",
                        row.next_review_date,
                        _("Review: %(activity)s") % {"activity": text},
                        description,
                        url,
                        row.updated_at,
                    )
                )
    return calendar


def plan_feed(
    profile: Profile, plan: CommunicationPlan, today: datetime.date | None = None
) -> Calendar:
    """`plan`'s milestones and S&OP meetings (none once it is archived), in `profile`'s
    language; cancelled milestones are left out."""
    today = today or timezone.localdate()
    milestones = (
        () if plan.is_archived else plan.milestones.exclude(status=MilestoneStatus.CANCELLED)
    )
    meetings = () if plan.is_archived else plan.meetings.all()
    with translation.override(profile.email_language):
        calendar = _calendar(_("Milestones – %(plan)s") % {"plan": plan.name}, today)
        for meeting in meetings:
            url = absolute_url(meeting.get_absolute_url())
            calendar.add_component(
                _event(
                    f"meeting-{meeting.pk}",
                    meeting.date,
                    _("S&OP meeting: %(kind)s") % {"kind": meeting.get_kind_display()},
                    _lines((_("Plan"), plan.name), (_("Open in the planner"), url)),
                    url,
                    meeting.updated_at,
                )
            )
        for milestone in milestones:
            day = milestone.actual_date or milestone.planned_date
            url = absolute_url(plan.get_absolute_url() + f"?milestone={milestone.pk}")
            reached = milestone.status == MilestoneStatus.REACHED
            summary = _("Milestone reached: %(title)s") if reached else _("Milestone: %(title)s")
            description = _lines(
                (_("Plan"), plan.name),
                (_("Phase"), milestone.get_phase_display()),
                (_("Status"), milestone.get_status_display()),
                (_("Planned date"), date_format(milestone.planned_date)),
                (
                    _("Actual date"),
                    date_format(milestone.actual_date) if milestone.actual_date else "",
                ),
                (_("Description"), milestone.description),
                (_("Open in the planner"), url),
            )
            calendar.add_component(
                _event(
                    f"milestone-{milestone.pk}",
                    day,
                    summary % {"title": milestone.title},
                    description,
                    url,
                    milestone.updated_at,
                )
            )
    return calendar
