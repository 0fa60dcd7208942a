"""The meeting dates a plan's S&OP cycle proposes, on Danish working days."""

import datetime
from dataclasses import dataclass

from ..cadence import add_months, add_working_days, meeting_day
from ..models import Meeting, MeetingKind

# A recorded meeting this close to a proposed date is taken to be that meeting, moved.
SAME_MEETING_DAYS = 7


@dataclass(frozen=True)
class Proposal:
    kind: MeetingKind
    date: datetime.date


def cycle_meetings(plan, year, month):
    """The four meetings of `plan`'s cycle in a month: each kind its working days from the
    month's executive S&OP meeting (None without cycle settings)."""
    if not plan.has_sop_cycle:
        return None
    executive = meeting_day(year, month, plan.sop_meeting_week, plan.sop_meeting_weekday)
    return [Proposal(kind, add_working_days(executive, kind.cycle_offset)) for kind in MeetingKind]


def cycles(plan, start, end):
    """Every cycle meeting of `plan` from `start` to `end` (both included), in date order."""
    found = []
    month = start.replace(day=1)
    while month <= end:
        for proposal in cycle_meetings(plan, month.year, month.month) or []:
            if start <= proposal.date <= end:
                found.append(proposal)
        month = add_months(month, 1)
    return sorted(found, key=lambda p: (p.date, p.kind.cycle_offset))


def next_meetings(plan, today):
    """For each kind, the next meeting the cycle proposes from `today` on that is not recorded
    yet (a meeting of the kind within SAME_MEETING_DAYS counts as it). Empty without cycle
    settings. One query."""
    if not plan.has_sop_cycle:
        return []
    window = datetime.timedelta(days=SAME_MEETING_DAYS)
    recorded = {}
    for kind, day in Meeting.objects.filter(plan=plan, date__gte=today - window).values_list(
        "kind", "date"
    ):
        recorded.setdefault(kind, []).append(day)
    proposals = []
    for kind in MeetingKind:
        for proposal in cycles(plan, today, add_months(today, 3)):
            if proposal.kind != kind:
                continue
            if not any(abs(day - proposal.date) <= window for day in recorded.get(kind, [])):
                proposals.append(proposal)
                break
    return sorted(proposals, key=lambda p: p.date)
