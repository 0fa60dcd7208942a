"""The engagement approach follows from importance × involvement (DESIGN.md §4)."""

import pytest

from stakeholders.models import Approach

from ..factories import StakeholderFactory


@pytest.mark.parametrize(
    ("importance", "involvement", "approach"),
    [
        (5, 5, Approach.MANAGE_CLOSELY),
        (4, 4, Approach.MANAGE_CLOSELY),  # just above the middle on both
        (4, 3, Approach.KEEP_SATISFIED),  # 3 is not high
        (5, 1, Approach.KEEP_SATISFIED),
        (3, 4, Approach.KEEP_INFORMED),
        (1, 5, Approach.KEEP_INFORMED),
        (3, 3, Approach.MONITOR),
        (1, 1, Approach.MONITOR),
    ],
)
def test_approach_quadrants_and_their_boundaries(importance, involvement, approach):
    assert Approach.for_scores(importance, involvement) == approach


def test_a_stakeholder_shows_its_approach(db):
    stakeholder = StakeholderFactory.build(importance=5, involvement=2)

    assert stakeholder.approach == Approach.KEEP_SATISFIED
    assert stakeholder.get_approach_display() == "Keep satisfied"
