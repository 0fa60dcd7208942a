"""A roll-up never narrows to fewer answers than the anonymity threshold (issue 19 §1).

A share of fewer answers than the threshold is never shown ("too few answers", primary
suppression). That alone is not enough: a group's figure less the weeks shown beside it, a
plan's figure less its other groups, a phase less the other phases can each leave a handful of
answers whose share anyone can compute. So, as statistics offices do with their tables, a share
is also withheld (complementary suppression) when it would let someone work out a share of
fewer:

- every published figure is a *slice*: a set of *atoms*, the answers of one activity, group,
  phase and channel in one of the last WEEKS weeks (or before them);
- for every slice P that is shown (and for the plan's all-time total, which anyone can add up),
  and every family of disjoint slices (the weeks, the groups, the phases, the channels, the
  activities…), the answers of P not covered by the family's shown slices inside P must be none
  or at least the threshold; otherwise the family's smallest shown slice inside P is withheld
  too (with every other name for the same answers), and everything is checked again until
  nothing changes.

The pages, the export and the weekly summary publish one window: all the answers so far, as an
activity's own page does (figures.py). Only the weekly points of the groups' lines cut time
finer (the understanding warning adds up points shown: it gives nothing more away). Before,
groups' totals, the roll-up and the summary were of the last WEEKS weeks while activities,
phases, channels and the export were of all time: the few answers of the days just before the
window's start were the difference of a group's activities (or its export line) and its total,
and whole groups' figures were withheld for it (issue 19's over-suppression).

A difference between two overlapping slices is the special case of a family with one member
inside the other. Each share (understanding, knows, support) is checked on its own answers, as
a message asks only some questions. The decisions are computed from one query of the plan's
atoms, whichever page shows them, so the dashboard, the roll-up, the weekly summary, the export
and the row page withhold the same figures. This is a post-processing step: the figures are
computed as before (figures.py), then `protect_*` marks what is withheld on each `Landing`.
"""

import datetime
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Case, DateField, F, Value, When

from ..models import anonymity_threshold
from ..prepared import Param, Params, prepared_values, spread
from .figures import SUMS, WeekStart, counted, first_week

# Each share and the answers it is a share of.
MEASURES = {
    "understanding": "clarity_answered",
    "knows_share": "meaning_answered",
    "support": "support_answered",
}
FEW, WITHHELD = "few", "withheld"
UNIVERSE = ("all",)  # the plan's answers of all time: the sum of any complete family


@dataclass(frozen=True)
class Atom:
    """The answers of one activity to one group, phase and channel in one week (None: before
    the last WEEKS weeks)."""

    row: int
    stakeholder: int | None
    stakeholder_name: str | None
    phase: int | None
    channel: int | None
    channel_name: str | None
    week: datetime.date | None
    importance: int | None = None  # the group's (the understanding warning reads it)
    target_share: int | None = None  # the activity's message's (the same)


def atoms(plan_ids, today):
    """{plan id: {Atom: {SUMS name: answers}}} of the answers that count (their link reached
    the threshold), in one query (compiled once per process: commplan.prepared): what every
    figure of how the communication landed is added up from (figures.py), and what is withheld
    of them decided on."""
    plan_ids = list(plan_ids)
    if not plan_ids:
        return {}
    columns = SUMS
    values = {
        **spread("plan", plan_ids),
        "threshold": anonymity_threshold(),
        "start": first_week(today),
        "today": today,
    }
    found = defaultdict(dict)
    for entry in prepared_values(
        ("understanding.privacy.atoms", len(plan_ids)),
        lambda: _atoms_query(len(plan_ids), columns),
        values,
    ):
        week_day = entry["week"]
        if isinstance(week_day, datetime.datetime):
            week_day = week_day.date()
        atom = Atom(
            entry["row_id"],
            entry["stakeholder_id"],
            entry["stakeholder_name"],
            entry["milestone__phase"],
            entry["channel_id"],
            entry["channel_name"],
            week_day,
            entry["stakeholder__importance"],
            entry["row__message__target_share"],
        )
        sizes = found[entry["plan_id"]].setdefault(atom, dict.fromkeys(columns, 0))
        for name in columns:
            sizes[name] += entry[name] or 0
    return found


def _atoms_query(count, columns):
    day = DateField()
    week = Case(
        When(
            day__gte=Param("start", day),
            day__lte=Param("today", day),
            then=WeekStart("day"),
        ),
        default=Value(None, output_field=day),
    )
    return (
        counted(Params("plan", count), Param("threshold"))
        .annotate(week=week)
        .values(
            "plan_id",
            "row_id",
            "stakeholder_id",
            "milestone__phase",
            "channel_id",
            "week",
            "stakeholder__importance",
            "row__message__target_share",
        )
        .annotate(
            stakeholder_name=F("stakeholder__name"), channel_name=F("channel__name"), **columns
        )
    )


def slice_keys(atom):
    """The published slices `atom` belongs to, one per family: (family, …) keys. Twins (one
    set of answers under two names: a group on the dashboard and in the export) are both
    listed; they are withheld together."""
    keys = [
        ("row", atom.row),  # an activity's page
        ("phase", atom.phase),
        ("channel", atom.channel),
        ("stakeholder", atom.stakeholder_name),  # the export's lines
        ("channel_name", atom.channel_name),
        ("plan",),  # the roll-up, the weekly summary: all the plan's answers
    ]
    if atom.stakeholder is not None:
        keys.append(("group", atom.stakeholder))  # the dashboard's figure beside the line
        if atom.week is not None:
            keys.append(("week", atom.stakeholder, atom.week))
    return keys


def suppress(slices, threshold, containing, sizes):
    """The keys of `slices` ({key: (atom bitmask, answers)}; the key's first item names its
    family, UNIVERSE is known to all and never withheld) whose share is not shown: {key: FEW
    or WITHHELD}. `containing`: {atom bit: the keys of the slices that hold it}; `sizes`: the
    answers of each atom, by bit position."""
    hidden = {key: FEW for key, (_mask, size) in slices.items() if 0 < size < threshold}
    hidden.pop(UNIVERSE, None)
    # inside[P]: the slices whose atoms are all in P's; only slices holding a slice's lowest
    # atom can hold it all.
    inside = defaultdict(list)
    for key, (mask, _size) in slices.items():
        for outer in containing.get(mask & -mask, ()):
            if not mask & ~slices[outer][0]:
                inside[outer].append(key)
    while True:
        leak = _first_leak(slices, hidden, threshold, inside, sizes)
        if leak is None:
            return hidden
        everything = slices[UNIVERSE][0]  # figures of all answers: known whatever is withheld
        shown = [key for key in leak if key not in hidden and slices[key][0] != everything]
        # The smallest figure, preferring one no other page shows under another name (the
        # same answers as an activity, a phase and a channel): withholding one of those
        # withholds its twins too.
        twins = Counter(mask for key, (mask, _size) in slices.items() if key not in hidden)
        victim = min(shown, key=lambda key: (twins[slices[key][0]], slices[key][1], str(key)))
        for key, (mask, _size) in slices.items():  # its twins show the same share
            if mask == slices[victim][0] and key not in hidden:
                hidden[key] = WITHHELD


CLOSURE_LIMIT = 5_000  # differences worked out per check, at most (a bound on the time)
# Differences kept to subtract further from: those under this many times the threshold. A
# shown slice has at least the threshold, so a chain from a larger difference to one under the
# threshold goes through one of these (a heuristic bound; the tests' attack checks the result).
DERIVED_LIMIT = 3


def _first_leak(slices, hidden, threshold, inside, sizes):
    """The slices (keys) whose figures, subtracted from one another, give away fewer answers
    than the threshold, or None. First, fast: a shown slice less a family's shown slices
    inside it. Then every difference of two known sets (shown slices, and the differences
    found so far), until no new one appears."""
    rests = []
    for outer, members in inside.items():
        outer_size = slices[outer][1]
        if outer in hidden or not outer_size:
            continue
        families = defaultdict(list)
        for key in members:
            if key not in hidden and key != outer:
                families[key[0]].append(key)
        for shown in families.values():
            rest = outer_size - sum(slices[key][1] for key in shown)
            if 0 < rest < threshold:
                return [outer, *shown]
            if rest and len(shown) > 1:  # a sum: the closure below only subtracts
                covered = 0
                for key in shown:
                    covered |= slices[key][0]
                rests.append((slices[outer][0] & ~covered, rest, frozenset([outer, *shown])))
    return _difference_leak(slices, hidden, threshold, sizes, rests)


def _difference_leak(slices, hidden, threshold, sizes, rests):
    known = {}  # mask: (answers, the slices it is worked out from)
    by_bit = defaultdict(list)  # atom bit: the known masks that hold it
    by_low = defaultdict(list)  # atom bit: the known masks whose lowest atom it is
    work = []
    for key, (mask, size) in slices.items():
        if key not in hidden and mask and mask not in known:
            known[mask] = (size, frozenset([key]))
            work.append(mask)
    for mask, size, keys in rests:
        if mask not in known:
            known[mask] = (size, keys)
            work.append(mask)
    for mask in known:
        by_low[mask & -mask].append(mask)
        bits = mask
        while bits:
            low = bits & -bits
            bits ^= low
            by_bit[low].append(mask)
    while work and len(known) < CLOSURE_LIMIT:
        mask = work.pop()
        size, keys = known[mask]
        candidates = set(by_bit[mask & -mask])  # the masks that may hold this one
        bits = mask
        while bits:  # and those that may lie inside it: their lowest atom is in it
            low = bits & -bits
            bits ^= low
            candidates.update(by_low[low])
        for other in candidates:
            if other == mask:
                continue
            # One inside the other: the difference's answers are those of the larger less
            # those of the smaller (no walk over its atoms).
            if not mask & ~other:
                rest, rest_size = other & ~mask, known[other][0] - size
            elif not other & ~mask:
                rest, rest_size = mask & ~other, size - known[other][0]
            else:
                continue
            if rest in known:
                continue
            rest_keys = keys | known[other][1]
            if 0 < rest_size < threshold:
                return list(rest_keys)
            if not rest_size or rest_size >= DERIVED_LIMIT * threshold:
                continue  # a large difference leads to a small one only through others
            known[rest] = (rest_size, rest_keys)
            work.append(rest)
            by_low[rest & -rest].append(rest)
            bits = rest
            while bits:
                low = bits & -bits
                bits ^= low
                by_bit[low].append(rest)
    return None


# Bump when the suppression's rules change: decisions cached under the old rules are not used.
DECISIONS_VERSION = 2
DECISIONS_SECONDS = 24 * 3600  # a day's key ends with the day anyway


def plan_decisions(plan_atoms, today, threshold):
    """{slice key: {share name: FEW or WITHHELD}} for one plan's atoms."""
    ordered = list(plan_atoms)
    memberships = [slice_keys(atom) for atom in ordered]
    decisions = defaultdict(dict)
    solved = {}  # the atoms' answers: what they withhold (most messages ask every question)
    for share, column in MEASURES.items():
        sizes = [plan_atoms[atom][column] for atom in ordered]
        if tuple(sizes) not in solved:
            solved[tuple(sizes)] = _suppress_measure(memberships, sizes, threshold)
        for key, reason in solved[tuple(sizes)].items():
            decisions[key][share] = reason
    return decisions


def _suppress_measure(memberships, sizes, threshold):
    """suppress() over the atoms of `sizes` answers, each in the slices of `memberships`."""
    slices, containing = {}, {}
    universe_mask = universe_size = 0
    for index, (keys, size) in enumerate(zip(memberships, sizes, strict=True)):
        if not size:
            continue
        bit = 1 << index
        universe_mask |= bit
        universe_size += size
        containing[bit] = [*keys, UNIVERSE]
        for key in keys:
            mask, total = slices.get(key, (0, 0))
            slices[key] = (mask | bit, total + size)
    slices[UNIVERSE] = (universe_mask, universe_size)
    return suppress(slices, threshold, containing, sizes)


def _digested(plan_atoms, today, threshold):
    """(the cache key of the plan's decisions, its atoms in the order of that key's text)."""
    lines = {
        repr((a.row, a.stakeholder, a.stakeholder_name, a.phase, a.channel, a.channel_name, a.week))
        + repr(tuple(sizes.values())): a
        for a, sizes in plan_atoms.items()
    }
    text = "\n".join([repr((today, threshold)), *sorted(lines)])
    digest = hashlib.blake2b(text.encode(), digest_size=20).hexdigest()
    return f"commplan.privacy.{DECISIONS_VERSION}.{digest}", lines


def cached_decisions(plan_atoms, today, threshold):
    """plan_decisions, kept in the shared cache under a digest of everything they are
    worked out from (the atoms with their names and answers, the day, the threshold): a new
    answer, a closed link, a renamed group or another threshold is another key, so a decision
    can never outlive the figures it was made for. The same for every viewer."""
    key, lines = _digested(plan_atoms, today, threshold)
    decisions = cache.get(key)
    if decisions is None:
        # In the key's order: the decisions follow neither the query's order nor the page.
        ordered = {lines[line]: plan_atoms[lines[line]] for line in sorted(lines)}
        decisions = dict(plan_decisions(ordered, today, threshold))
        cache.set(key, decisions, DECISIONS_SECONDS)
    return decisions


def forget(plan_ids, today):
    """Drop the plans' cached decisions (a benchmark's first view)."""
    threshold = anonymity_threshold()
    for found in atoms(plan_ids, today).values():
        cache.delete(_digested(found, today, threshold)[0])


class Privacy:
    """What each plan withholds: ask `mark(landing, key)` for each figure shown."""

    def __init__(self, plan_ids, today):
        self.threshold = anonymity_threshold()
        self.atoms = atoms(plan_ids, today)  # {plan id: {Atom: sums}}, plans with answers
        self.decisions = {
            plan_id: cached_decisions(found, today, self.threshold)
            for plan_id, found in self.atoms.items()
        }

    def withheld(self, plan_id, key):
        """{share name: FEW or WITHHELD} of the slice `key` of the plan."""
        return self.decisions.get(plan_id, {}).get(key, {})

    def mark(self, landing, plan_id, key):
        landing.hidden = dict(self.withheld(plan_id, key))
        return landing


def protect_plan_landing(plan, today, landing, privacy=None):
    """Mark the withheld shares of a plan dashboard's PlanLanding (`privacy`: the plan's
    Privacy, when read already); returns it."""
    privacy = privacy or Privacy([plan.pk], today)
    for group in landing.groups:
        stakeholder = group.stakeholder.pk
        for week, figure in zip(landing.weeks, group.weeks, strict=True):
            privacy.mark(figure, plan.pk, ("week", stakeholder, week))
        privacy.mark(group.total, plan.pk, ("group", stakeholder))
    for _label, figure in landing.by_phase:
        privacy.mark(figure, plan.pk, ("phase", figure.key))
    for _label, figure in landing.by_channel:
        privacy.mark(figure, plan.pk, ("channel", figure.key))
    return landing


def protect_plans(plans, today, privacy=None):
    """Mark the withheld shares of each plan's figure (`plan.landing`: the roll-up, the weekly
    summary; `privacy`: the plans' Privacy, when read already); returns `plans`."""
    privacy = privacy or Privacy([plan.pk for plan in plans], today)
    for plan in plans:
        privacy.mark(plan.landing, plan.pk, ("plan",))
    return plans


def protect_total(plans, total):
    """Mark the withheld shares of `total`, the sum of `plans`' figures: when the plans whose
    share is not shown add up to fewer answers than the threshold, the total less the plans
    shown would give theirs away."""
    total.hidden = {}
    for share, column in MEASURES.items():
        rest = sum(getattr(p.landing, column) for p in plans if share in p.landing.hidden)
        if 0 < rest < total.threshold:
            total.hidden[share] = WITHHELD
    return total


def row_withheld(row, today):
    """{share name: reason} the row page withholds of an activity's figures."""
    return Privacy([row.plan_id], today).withheld(row.plan_id, ("row", row.pk))
