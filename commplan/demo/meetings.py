"""The demo plan's S&OP meetings: last month's executive meeting with one decision that has
reached every group and one that is late, this month's cycle ahead, and the groups' preferred
channels and default owners."""

from datetime import timedelta

from django.db import transaction

from stakeholders.models import Stakeholder

from ..cadence import add_working_days
from ..history.recording import create_with_history, save_with_history
from ..meetings.drafting import create_activities, drafts_for
from ..models import Decision, Meeting, MeetingKind, PlanRow, Role, RowStatus

DEMO_DECISIONS = [
    (
        "Produktionen af CR-pumper flyttes fra Bjerringbro til Aarhus fra 1. marts",
        "Kapaciteten i Bjerringbro skal bruges til den nye pumpeserie.",
        ["Salg", "Produktion og forsyning", "Indkøb"],
        True,
    ),
    (
        "Sikkerhedslageret af reservedele hæves til seks ugers forbrug",
        "Leveringsevnen på reservedele faldt til 91 % i sidste kvartal.",
        ["Logistik og lager", "Nøglekunder"],
        False,
    ),
]


@transaction.atomic
def add_demo_meetings(plan, users, today):
    """The demo meetings of `plan` (once: nothing when it has meetings already), recorded in
    the history as the command's work, like the rest of the demo."""
    if plan.meetings.exists():
        return
    manager = users[Role.MANAGER]
    groups = {group.name: group for group in plan.stakeholders.all()}
    email = plan.channels.filter(name__icontains="mail").first()
    for group in groups.values():
        group.preferred_channel = email
        group.default_owner = users[Role.OWNER]
    save_with_history(
        Stakeholder, groups.values(), ["preferred_channel", "default_owner"], user=None
    )
    held = add_working_days(today - timedelta(days=21), 0)
    meetings = create_with_history(
        Meeting,
        [
            Meeting(
                plan=plan,
                kind=kind,
                date=add_working_days(held, kind.cycle_offset),
                minutes="Prognosen blev godkendt; kapacitetsbalancen for næste kvartal drøftet.",
            )
            for kind in MeetingKind
        ]
        + [Meeting(plan=plan, kind=MeetingKind.EXECUTIVE, date=held + timedelta(days=28))],
        user=None,
    )
    executive_meeting = meetings[3]
    executive_meeting.attendees.add(users[Role.EXECUTIVE], manager)
    for title, rationale, affected, reached in DEMO_DECISIONS:
        decision = Decision.objects.create(
            meeting=executive_meeting, title=title, rationale=rationale
        )
        decision.affected.set([groups[name] for name in affected if name in groups])
        rows = create_activities(decision, drafts_for(decision), None, reason="")
        if reached:
            for row in rows:
                row.status = RowStatus.DONE
            save_with_history(PlanRow, rows, ["status"], user=None)
