"""`manage.py bench --only decisions`: drafting the activities of a decision that affects 20
groups, and saving them, as the draft screen does (issue 15: ≤ 100 ms).

Figures, not tests. Runs inside the bench command's throwaway database.
"""

import datetime
import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from stakeholders.models import Stakeholder

from ..models import Channel, CommunicationPlan, Decision, Meeting, Membership, Role
from .drafting import create_activities, drafts_for

GROUPS = 20
TARGET_MS = 100


def _plan(manager, owner):
    plan = CommunicationPlan.objects.create(name="Bench: S&OP decisions")
    Membership.objects.create(plan=plan, user=manager, role=Role.MANAGER)
    Membership.objects.create(plan=plan, user=owner, role=Role.OWNER)
    channel = Channel.objects.create(plan=plan, name="E-mail")
    groups = [
        Stakeholder.objects.create(
            plan=plan, name=f"Group {n}", preferred_channel=channel, default_owner=owner
        )
        for n in range(GROUPS)
    ]
    meeting = Meeting.objects.create(plan=plan, kind="executive", date=datetime.date(2026, 5, 20))
    return meeting, groups


def run(manager, owner, runs):
    """Median wall and CPU milliseconds (and queries) of drafting and saving the activities of
    a fresh decision affecting GROUPS groups, over `runs` decisions."""
    meeting, groups = _plan(manager, owner)
    wall, cpu, queries = [], [], []
    for number in range(runs):
        decision = Decision.objects.create(meeting=meeting, title=f"Decision {number}")
        decision.affected.set(groups)
        decision = Decision.objects.select_related("meeting").get(pk=decision.pk)
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            rows = create_activities(decision, drafts_for(decision), manager)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        if len(rows) != GROUPS:
            raise RuntimeError(f"{len(rows)} activities drafted for {GROUPS} groups")
        queries.append(len(captured))
    return {
        "wall_ms": statistics.median(wall),
        "cpu_ms": statistics.median(cpu),
        "queries": max(queries),
    }
