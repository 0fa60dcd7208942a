"""The corpus of real-life sheets (issue 12): each imports with no hand fixes and stores the
values it must, field by field."""

import pytest

from commplan import imports
from commplan.models import Membership, Role

from ..factories import UserFactory
from .sheet_corpus import CASES, OWNERS, sheet


@pytest.fixture
def members(plan, manager):
    # The manager persona's name is Faker's, drawn from a generator every test shares: a
    # "Maria Holm" drawn in one order made "MH" ambiguous and the initials case fail.
    manager.first_name, manager.last_name = "Anna", "Berg"
    manager.save()
    users = {}
    for username, (first, last) in OWNERS.items():
        users[username] = UserFactory(
            username=username, first_name=first, last_name=last, email=f"{username}@firma.dk"
        )
        Membership.objects.create(plan=plan, user=users[username], role=Role.OWNER)
    return users


def stored(row):
    return {
        "stakeholder": row.stakeholder.name,
        "content": row.message.content,
        "goal": row.message.goal,
        "channel": row.channel.name if row.channel else "",
        "owner": row.owner.username if row.owner else "",
        "hours": row.planned_hours,
        "cost": row.planned_cost,
        "day": row.scheduled_date,
        "cadence": row.cadence,
        "cadence_weeks": row.cadence_weeks,
        "status": row.status,
        "phase": row.milestone.phase if row.milestone else None,
        "notes": row.notes,
    }


def wanted(activity):
    return {
        "stakeholder": activity.stakeholder,
        "content": activity.content,
        "goal": activity.goal,
        "channel": activity.channel,
        "owner": activity.owner,
        "hours": activity.hours,
        "cost": activity.cost,
        "day": activity.day,
        "cadence": activity.cadence,
        "cadence_weeks": activity.cadence_weeks,
        "status": activity.status,
        "phase": activity.phase,
        "notes": activity.notes,
    }


@pytest.mark.parametrize(
    ("fmt", "language", "features"),
    CASES,
    ids=[f"{f}-{lang}-{'+'.join(feats) or 'plain'}" for f, lang, feats in CASES],
)
def test_every_layout_imports_what_the_sheet_says(plan, manager, members, fmt, language, features):
    made = sheet(fmt, language, features)
    table = imports.read_table(made.content)

    preview = imports.build_preview(plan, table)
    assert preview.errors == []
    assert preview.unknown_owners == {}
    imports.commit(plan, table, manager, source_name=made.name)

    rows = sorted(
        plan.rows.select_related("stakeholder", "message", "channel", "owner", "milestone"),
        key=lambda r: r.scheduled_date,
    )
    assert [stored(row) for row in rows] == [wanted(a) for a in made.expected]


def test_the_corpus_has_at_least_twenty_sheets():
    assert len(CASES) >= 20
