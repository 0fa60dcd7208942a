"""A roll-up never narrows to fewer answers than the anonymity threshold (issue 19 §1).

The attack is written out: given the atoms (the answers of one activity, group, phase and
channel in one week) and the figures a page shows, an attacker adds and subtracts shown figures
in every way (exactly: is the set's sum in the span of the shown figures?) and looks for a set
of fewer answers than the threshold whose share comes out. Hand-computed cases first, against
the suppression alone; then the plan of test_understanding.py through every page that shows it.
"""

import copy
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
from commplan.understanding.demo import DEMO_AUDIENCES, add_demo_answers
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
from tests.factories import ChannelFactory, MilestoneFactory, PlanRowFactory, StakeholderFactory

from .test_understanding import TODAY, answer, answered, d  # noqa: F401 - the fixture

T = 5


def echelon(vectors):
    """[(pivot column, row)]: `vectors` (lists of numbers) reduced, exactly."""
    basis = []
    for vector in vectors:
        row = reduced([Fraction(x) for x in vector], basis)
        pivot = next((column for column, x in enumerate(row) if x), None)
        if pivot is not None:
            basis.append((pivot, row))
    return basis


def reduced(row, basis):
    row = list(row)
    for pivot, base in basis:
        if row[pivot]:
            factor = row[pivot] / base[pivot]
            row = [a - factor * b for a, b in zip(row, base, strict=True)]
    return row


def attack(sizes, shown, threshold=T):
    """Every set of atoms with 1 to threshold - 1 answers whose sum the `shown` figures (atom
    index sets) give away, i.e. lies in their span; `sizes`: the answers of each atom."""
    atoms_ = [i for i, size in enumerate(sizes) if size]
    basis = echelon([[int(i in figure) for i in atoms_] for figure in shown])
    small = [i for i in atoms_ if sizes[i] < threshold]
    found = []
    for count in range(1, threshold):
        for chosen in itertools.combinations(small, count):
            if sum(sizes[i] for i in chosen) >= threshold:
                continue
            target = [Fraction(int(i in chosen)) for i in atoms_]
            if not any(reduced(target, basis)):
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


def assert_nothing_given_away(found, decisions):
    """Through every page's figures (slice_keys) of the plan's atoms `found`, no share of
    fewer than T answers comes out."""
    ordered = list(found)
    memberships = [slice_keys(atom) for atom in ordered]

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


def test_answers_just_before_the_weeks_cost_a_week_not_the_group():
    # A group's answers: 3 just before the dashboard's weeks, then 9, 6 and 8 in its weeks.
    # The figure beside its line is of all 26 (as its activities' pages add up to): 26 less the
    # three weeks would be the 3 answers before them. The smallest week is withheld, not the
    # group's figure, which the activity's page and the export show under other names.
    sizes = [3, 9, 6, 8]
    families = {
        ("week", 1): [1],
        ("week", 2): [2],
        ("week", 3): [3],
        ("group", "A"): [0, 1, 2, 3],
        ("row", 1): [0, 1, 2, 3],
        ("stakeholder", "A"): [0, 1, 2, 3],
    }

    hidden, shown = run(families, sizes)

    assert hidden == {("week", 2): WITHHELD}
    assert attack(sizes, shown) == []
    assert attack(sizes, [{1}, {2}, {3}, {0, 1, 2, 3}]) == [(0,)]


def test_a_figure_withheld_is_withheld_under_each_of_its_names():
    # Phase 2 and channel X are the same 6 answers: withholding one but showing the other
    # would hide nothing. The group's 15 less 4 (too few) less 5 would be 6 of them.
    sizes = [4, 5, 6]
    families = {
        ("week", 1): [0],
        ("week", 2): [1],
        ("phase", 2): [2],
        ("channel", "X"): [2],
        ("group", "A"): [0, 1, 2],
    }

    hidden, shown = run(families, sizes)

    assert hidden[("week", 1)] == FEW
    # 15 - 5 - 6 = 4: one more figure goes; the week of 5 has no twin, so it is that one.
    assert hidden == {("week", 1): FEW, ("week", 2): WITHHELD}
    assert attack(sizes, shown) == []

    # The group is all the plan's answers now (known anyway): 10 less the 6 of phase 2 would be
    # the 4 of week 1. Phase 2 goes, and channel X with it.
    sizes = [4, 6]
    families = {
        ("week", 1): [0],
        ("phase", 2): [1],
        ("channel", "X"): [1],
        ("group", "A"): [0, 1],
    }
    hidden, shown = run(families, sizes)
    assert hidden == {("week", 1): FEW, ("phase", 2): WITHHELD, ("channel", "X"): WITHHELD}
    assert attack(sizes, shown) == []


def test_the_plan_of_the_understanding_tests_gives_nothing_away(answered):  # noqa: F811
    [found] = atoms([answered["plan"].pk], TODAY).values()
    assert_nothing_given_away(found, plan_decisions(found, TODAY, T))


def test_the_dashboard_withholds_the_week_that_would_give_away_the_week_of_two(
    answered,  # noqa: F811
    executive_client,
):
    landing = plan_dashboard(answered["plan"], TODAY).landing
    [group] = landing.groups
    weeks = dict(zip(landing.weeks, group.weeks, strict=True))

    # Support: the group's 15 answers less 6 (8 June) less 5 (15 June) would be the 4 of 25 May
    # and February: the week of 8 June is withheld, not that of 15 June, whose answers (r2's)
    # every other page shows too (activity, phase 4, the newsletter). Meaning: Sales's 8
    # answers less the 6 of 8 June would be the 2 of 25 May.
    assert weeks[d(5, 25)].hidden == dict.fromkeys(MEASURES, FEW)
    assert weeks[d(6, 8)].hidden == {"knows_share": WITHHELD, "support": WITHHELD}
    assert (weeks[d(6, 8)].support, weeks[d(6, 15)].support) == (None, 100)
    assert weeks[d(6, 8)].understanding == 67  # 18 less 6 less 5: 7 answers, enough
    assert (group.total.hidden, group.total.support) == ({}, 80)
    html = executive_client.get(
        reverse("commplan:plan_dashboard", args=[answered["plan"].pk])
    ).content.decode()
    assert "67% / withheld" in html


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
    # Of all time, like the phases, the export and the activities' pages: before, the roll-up
    # was of the last 12 weeks, and the 2 support answers of February, the difference, made it
    # withhold the support.
    assert plans[0].landing.hidden == {}
    assert (plans[0].landing.understanding, plans[0].landing.support) == (72, 80)
    [sales] = [line for line in lines if line.name == "Sales"]
    assert (sales.share("understanding"), sales.share("support")) == (72, 80)


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


def test_an_answer_between_the_totals_and_the_weeks_is_counted_as_of_the_weeks(
    answered,  # noqa: F811
    monkeypatch,
):
    # The totals are read, an answer comes in, then the weeks (and the totals again, with
    # them): the atoms are those of the second moment, and kept under its totals only.
    plan = answered["plan"]
    stale = privacy._totals([plan.pk], T)
    answer(answered["links"]["r2"], TODAY, 5, "yes", 5)
    cache.clear()
    monkeypatch.setattr(privacy, "_totals", lambda *args: copy.deepcopy(stale))

    found = atoms([plan.pk], TODAY)

    monkeypatch.undo()
    assert found == atoms([plan.pk], TODAY)  # from the cache, under the new totals
    assert found == (fresh_atoms := _fresh_atoms(plan)) and fresh_atoms
    [week] = [atom for atom in found[plan.pk] if atom.week == d(6, 15)]
    assert found[plan.pk][week]["responses"] == 6  # r2's five and this one


def _fresh_atoms(plan):
    cache.clear()
    return atoms([plan.pk], TODAY)


def test_the_dashboards_read_their_decisions_once(answered, monkeypatch):  # noqa: F811
    read = []
    real = privacy.read
    monkeypatch.setattr(privacy, "read", lambda *a: read.append(a) or real(*a))

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
    # pages show each activity, group, phase, channel and the plan, of all time, and each
    # group's weeks.
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
        slices = [("row", row), ("phase", phase), ("channel", channel), ("group", group), ("plan",)]
        if week is not None:
            slices.append(("week", group, week))
        for key in slices:
            families.setdefault(key, []).append(index)

    _hidden, shown = run(families, sizes)

    assert attack(sizes, shown) == []


@pytest.fixture
def demo_like(plan, june_clock, settings):
    """The demo's answers (commplan/understanding/demo.py) to one activity per group: 4, 9,
    6, 8 and 2 a week over 12 weeks, the first week's a few days either side of the
    dashboard's first Monday."""
    settings.FEEDBACK_ANONYMITY_THRESHOLD = T
    channels = [ChannelFactory(plan=plan, name=name) for name in ("Meeting", "Email")]
    milestones = [
        MilestoneFactory(plan=plan, phase=phase, planned_date=d(month, 1))
        for phase, month in ((3, 4), (4, 6))
    ]
    for index, name in enumerate(DEMO_AUDIENCES):
        PlanRowFactory(
            plan=plan,
            stakeholder=StakeholderFactory(plan=plan, name=name, importance=3),
            channel=channels[index % 2],
            milestone=milestones[index % 2],
        )
    add_demo_answers(plan, TODAY)
    return plan


def test_the_demo_shows_every_group_it_has_enough_answers_of(demo_like, executive_client):
    landing = plan_dashboard(demo_like, TODAY).landing
    [found] = atoms([demo_like.pk], TODAY).values()

    # Each group's 24 to 108 answers: its figure is shown, whatever the weeks beside it.
    totals = {group.stakeholder.name: group.total for group in landing.groups}
    assert sorted(totals) == sorted(DEMO_AUDIENCES)
    for name, total in totals.items():
        assert total.responses >= 20, name
        assert total.hidden == {}, name
        assert None not in (total.understanding, total.knows_share, total.support), name
        # A week is withheld only when those shown would give away a smaller one, at most one
        # a group here: the days before the first Monday, or one week of too few answers.
    for group in landing.groups:
        withheld = [week for week in group.weeks if WITHHELD in week.hidden.values()]
        assert len(withheld) <= 1, group.stakeholder.name
    for _label, figure in [*landing.by_phase, *landing.by_channel]:
        assert figure.hidden == {}
    [rolled] = rollup(CommunicationPlan.objects.filter(pk=demo_like.pk), TODAY)
    assert rolled.landing.hidden == {}
    assert all(line.note == "" for line in export_lines(demo_like))
    html = executive_client.get(reverse("commplan:plan_dashboard", args=[demo_like.pk]))
    assert html.content.decode().count("All answers: understanding") == len(DEMO_AUDIENCES)
    assert_nothing_given_away(found, plan_decisions(found, TODAY, T))
