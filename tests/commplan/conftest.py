"""Helpers for the tests of plans built in bulk (from the template, or copied), and a clock
for the tests of issue 19's figures."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

PLAN_CHILDREN = ("memberships", "stakeholders", "channels", "messages", "milestones", "rows")


@pytest.fixture
def assert_built_by():
    """A function asserting that `plan` and everything in it has exactly one history record:
    created by `user`, giving `reason`."""

    def check(plan, user, reason):
        objects = [plan]
        for relation in PLAN_CHILDREN:
            objects += list(getattr(plan, relation).all())
        assert len(objects) > len(PLAN_CHILDREN)
        for obj in objects:
            (record,) = obj.history.all()
            assert (record.history_type, record.history_user) == ("+", user), obj
            assert record.history_change_reason == reason

    return check


@pytest.fixture
def june_clock():
    """Frozen at 9:00 on Monday 15 June 2026 in Copenhagen, where the figures are counted."""
    moment = datetime.datetime(2026, 6, 15, 9, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    with time_machine.travel(moment, tick=False) as traveller:
        yield traveller
