"""A roll-up never narrows to fewer answers than the anonymity threshold (issue 19 §1).

The attack is written out: given the atoms (the answers of one activity, group, phase and
channel in one week) and the figures a page shows, an attacker adds and subtracts shown figures
in every way (exactly: is the set's sum in the span of the shown figures?) and looks for a set
of fewer answers than the threshold whose share comes out. Hand-computed cases first, against
the suppression alone; then the plan of test_understanding.py through every page that shows it.
"""

import datetime
import itertools
from fractions import Fraction

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from commplan.dashboard import plan_dashboard, rollup
from commplan.models import CommunicationPlan
from commplan.understanding import privacy
from commplan.understanding.export import export_lines
from commplan.understanding.privacy import (
    FEW,
    MEASURES,
    UNIVERSE,
    WITHHELD,
    Privacy,
    atoms,
    plan_decisions,
    slice_keys,
    suppress,
)

from .test_understanding import TODAY, answer, answered, d  # noqa: F401 - the fixture

T = 5


def rank(vectors):
    """The rank of `vectors` (lists of numbers), exactly."""
    rows = [[Fraction(x) for x in v] for v in vectors]
    found = 0
    for column in range(len(rows[0]) if rows else 0):
        pivot = next((i for i in range(found, len(rows)) if rows[i][column]), None)
        if pivot is None:
            continue
        rows[found], rows[pivot] = rows[pivot], rows[found]
        for i in range(len(rows)):
            if i != found and rows[i][column]:
                factor = rows[i][column] / rows[found][column]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[found], strict=True)]
        found += 1
    return found


def attack(sizes, shown, threshold=T):
    """Every set of atoms with 1 to threshold - 1 answers whose sum the `shown` figures (atom
    index sets) give away; `sizes`: the answers of each atom."""
    atoms_ = [i for i, size in enumerate(sizes) if size]
    vectors = [[int(i in figure) for i in atoms_] for figure in shown]
    base = rank(vectors)
    small = [i for i in atoms_ if sizes[i] < threshold]
    found = []
    for count in range(1, threshold):
        for chosen in itertools.combinations(small, count):
            if sum(sizes[i] for i in chosen) >= threshold:
                continue
            target = [int(i in chosen) for i in atoms_]
            if rank([*vectors, target]) == base:
                found.append(chosen)
    return found


def run(families, sizes):
    """Suppress the slices `families` ({key: atom indexes}) over atoms of `sizes`; returns
    (hidden, the shown slices' atom sets, universe included)."""
    slices, containing = {}, {}
    for key, members in [*families.items(), (UNIVERSE, range(len(sizes)))]:
        mask = sum(1 << i for i in members)
        slices[key] = (mask, sum(sizes[i] for i in members))
        for i in members:
            containing.setdefault(1 << i, []).append(key)
    hidden = suppress(slices, T, containing, sizes)
    shown = [set(members) for key, members in families.items() if key not in hidden]
    return hidden, [*shown, set(range(len(sizes)))]


def test_a_week_of_two_is_not_the_total_less_the_weeks_shown():
    # A group's 12 weeks: 6 + 2 + 5 = 13 answers.
    sizes = [6, 2, 5]
    families = {("week", 1): [0], ("week", 2): [1], ("week", 3): [2], ("group",): [0, 1, 2]}

    hidden, shown = run(families, sizes)

    assert hidden == {("week", 2): FEW, ("week", 3): WITHHELD}  # 5 is next-smallest to 2
    assert attack(sizes, shown) == []
    # Without the withheld week the attacker gets the two answers: 13 - 6 - 5.
    assert attack(sizes, [{0}, {2}, {0, 1, 2}]) == [(1,)]


def test_two_small_cells_withheld_together_still_add_up_to_the_threshold():
    # 2 + 2 hidden is still 4 < 5: a third is withheld, the smallest shown one.
    sizes = [2, 2, 9, 6]
    families = {("channel", n): [n] for n in range(4)}

    hidden, shown = run(families, sizes)

    assert hidden == {("channel", 0): FEW, ("channel", 1): FEW, ("channel", 3): WITHHELD}
    assert attack(sizes, shown) == []


def test_an_overlapping_slice_may_not_differ_by_fewer_than_the_threshold():
    # An activity of all time (atoms 0, 1) against its group's last weeks (atom 0 only): 3
    # answers before the weeks would be the difference.
    sizes = [17, 3]
    families = {("row", 1): [0, 1], ("group", 1): [0], ("week", 1, "w"): [0]}

    hidden, shown = run(families, sizes)

    assert set(hidden) == {("group", 1), ("week", 1, "w")}
    assert attack(sizes, shown) == []
    assert attack(sizes, [{0, 1}, {0}]) == [(1,)]


def test_a_plan_of_groups_phases_and_channels_across_weeks():
    # Atoms: (group, phase, channel, week) → answers. Group totals, weeks, phases, channels.
    cells = {
        ("A", 2, "X", 1): 6,
        ("A", 2, "X", 2): 2,
        ("A", 4, "Y", 2): 5,
        ("B", 4, "X", 1): 7,
        ("B", 4, "X", 2): 3,
        ("C", 2, "Y", 1): 8,
    }
    keys = list(cells)
    sizes = [cells[key] for key in keys]
    families = {}
    for index, (group, phase, channel, week) in enumerate(keys):
        for key in [("week", group, week), ("group", group), ("phase", phase)]:
            families.setdefault(key, []).append(index)
        families.setdefault(("channel", channel), []).append(index)

    hidden, shown = run(families, sizes)

    assert attack(sizes, shown) == []
    assert {("week", "A", 2), ("week", "B", 2)} <= set(hidden)  # 2 + 5 and 3 answers


def test_the_plan_of_the_understanding_tests_gives_nothing_away(answered):  # noqa: F811
    plan = answered["plan"]
    [found] = atoms([plan.pk], TODAY).values()
    decisions = plan_decisions(found, TODAY, T)
    ordered = list(found)
    recent = d(5, 25)
    memberships = [slice_keys(atom, recent) for atom in ordered]

    for share, column in MEASURES.items():
        sizes = [found[atom][column] for atom in ordered]
        slices = {}
        for index, keys in enumerate(memberships):
            for key in keys:
                slices.setdefault(key, set()).add(index)
        shown = [
            members
            for key, members in slices.items()
            if share not in decisions.get(key, {}) and sum(sizes[i] for i in members) >= T
        ]
        assert attack(sizes, [*shown, set(range(len(sizes)))]) == [], share


def test_the_dashboard_withholds_the_week_that_would_give_away_the_week_of_two(
    answered,  # noqa: F811
    executive_client,
):
    landing = plan_dashboard(answered["plan"], TODAY).landing
    [group] = landing.groups
    weeks = dict(zip(landing.weeks, group.weeks, strict=True))

    # 13 in the 12 weeks less 6 (8 June) less 5 (15 June) would be the 2 of 25 May: the week
    # of 8 June is withheld, not that of 15 June, whose answers (r2's) every other page shows
    # too (activity, phase 4, the newsletter, Sales of all time less r1).
    assert weeks[d(5, 25)].hidden["understanding"] == FEW
    assert weeks[d(6, 8)].hidden["understanding"] == WITHHELD
    assert (weeks[d(6, 8)].understanding, weeks[d(6, 15)].understanding) == (None, 40)
    assert group.total.understanding == 62
    html = executive_client.get(
        reverse("commplan:plan_dashboard", args=[answered["plan"].pk])
    ).content.decode()
    assert "withheld" in html


def test_the_row_page_withholds_what_the_decisions_withhold(
    answered,  # noqa: F811
    manager_client,
    monkeypatch,
):
    row = answered["links"]["r2"].row
    url = reverse("commplan:row_detail", args=[row.plan_id, row.pk])
    assert "How clear was the message?" in manager_client.get(url).content.decode()
    withheld = {"understanding": WITHHELD}
    monkeypatch.setattr("commplan.understanding.privacy.row_withheld", lambda *args: withheld)

    html = manager_client.get(url).content.decode()

    pulse = html.split('id="pulse"')[1].split("</section>")[0]
    assert "Some answers are withheld" in pulse
    assert "How clear was the message?" not in pulse  # its distribution
    assert "Too few responses yet to suggest an answer." in pulse


def test_the_export_and_the_roll_up_follow_the_same_decisions(answered, manager):  # noqa: F811
    plan = answered["plan"]
    lines = export_lines(plan)
    plans = rollup(CommunicationPlan.objects.filter(pk=plan.pk), TODAY)

    assert all(line.landing.key is not None for line in lines)
    # 13 support answers in the weeks, 15 of all time (the phases add up to it): the 2 before
    # the weeks would be the difference.
    assert plans[0].landing.hidden == {"support": WITHHELD}
    assert plans[0].landing.understanding == 62


@pytest.mark.parametrize("today", [TODAY, TODAY + datetime.timedelta(days=3)])
def test_decisions_do_not_depend_on_the_page(answered, today):  # noqa: F811
    plan = answered["plan"]
    [found] = atoms([plan.pk], today).values()
    assert plan_decisions(found, today, T) == plan_decisions(dict(found), today, T)


def decided(plan):
    return Privacy([plan.pk], TODAY).decisions[plan.pk]


def fresh(plan):
    """The plan's decisions worked out now, past every cache."""
    cache.clear()
    return decided(plan)


def test_the_cached_decisions_are_never_those_of_older_answers(
    answered,  # noqa: F811
    settings,
    monkeypatch,
):
    plan, link = answered["plan"], answered["links"]["r1"]
    week = ("week", link.row.stakeholder_id, d(5, 25))
    warm = decided(plan)
    assert warm[week]["understanding"] == FEW
    computed = []
    real = privacy.plan_decisions
    monkeypatch.setattr(privacy, "plan_decisions", lambda *a: computed.append(a) or real(*a))

    assert decided(plan) == warm  # every viewer, every page: one decision, worked out once
    assert computed == []
    for _ in range(3):  # the week of two answers reaches five
        answer(link, d(5, 27), 4, "yes", 4)
    after_answers = decided(plan)
    assert len(computed) == 1
    assert "understanding" not in after_answers[week]
    assert after_answers == fresh(plan) != warm
    settings.FEEDBACK_ANONYMITY_THRESHOLD = 7  # the week's five are too few again
    stricter = decided(plan)
    assert len(computed) == 3
    assert stricter[week]["understanding"] == FEW
    assert stricter == fresh(plan)
    link.row.stakeholder.name = "Sales and marketing"
    link.row.stakeholder.save()
    assert decided(plan) == fresh(plan)
    assert len(computed) == 6  # the group's new name is a new key: worked out again


def test_the_dashboards_read_their_decisions_once(answered, monkeypatch):  # noqa: F811
    read = []
    real = privacy.atoms
    monkeypatch.setattr(privacy, "atoms", lambda *a: read.append(a) or real(*a))

    dashboard = plan_dashboard(answered["plan"], TODAY)

    # The figures and the health warning on understanding (Sales is below its target) share it.
    assert dashboard.health.get("understanding").items[0].label == "Sales"
    assert len(read) == 1
    [rolled] = rollup(CommunicationPlan.objects.filter(pk=answered["plan"].pk), TODAY)
    assert rolled.health.get("understanding").items[0].label == "Sales"
    assert len(read) == 2  # the roll-up (/dashboard/, the weekly summary) too


ROW = st.tuples(st.integers(0, 1), st.integers(0, 1), st.integers(0, 1))  # group, phase, channel
WEEK = st.sampled_from([None, 0, 1, 2])  # None: before the dashboard's weeks


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(ROW, min_size=1, max_size=3),
    answers=st.lists(st.tuples(st.integers(0, 2), WEEK, st.integers(1, 7)), max_size=9),
)
def test_no_random_plan_gives_away_a_small_group(rows, answers):
    # Activities (each to a group, in a phase, through a channel) answered in some weeks: the
    # pages show each activity of all time, each group's weeks and total, the phases, the
    # channels, the groups of all time and the plan's weeks.
    cells = {}
    for row, week, count in answers:
        if row < len(rows):
            cells[row, week] = cells.get((row, week), 0) + count
    per_row = {}
    for (row, _week), count in cells.items():
        per_row[row] = per_row.get(row, 0) + count
    assume(per_row and min(per_row.values()) >= T)  # an activity's links reached the threshold
    keys = list(cells)
    sizes = [cells[key] for key in keys]
    families = {}
    for index, (row, week) in enumerate(keys):
        group, phase, channel = rows[row]
        slices = [("row", row), ("phase", phase), ("channel", channel), ("stakeholder", group)]
        if week is not None:
            slices += [("week", group, week), ("group", group), ("plan",)]
        for key in slices:
            families.setdefault(key, []).append(index)

    _hidden, shown = run(families, sizes)

    assert attack(sizes, shown) == []
