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
from dataclasses import dataclass, replace

from django.core.cache import cache
from django.db.models import DateField, F, Value

from ..models import FeedbackTally, FeedbackTotal, anonymity_threshold
from ..prepared import Param, Params, prepared_values, spread
from .figures import SUMS, WeekStart, counted_links, first_week

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
    the threshold): what every figure of how the communication landed is added up from
    (figures.py), and what is withheld of them decided on.

    One query of the counted links' totals of all time (a row per link: FeedbackTotal), named
    afresh; then the sums of their tallies of the last WEEKS weeks, per week, which would walk
    every day of those weeks: kept in the shared cache under a digest of those totals, the day
    and the threshold (`weeks_key`), so they are read again, one query more, only after a new
    answer, a link reaching the threshold, a deletion or a new day. Exact: record_answer adds
    every answer to a tally and its total in one transaction, under one attribution, so no
    tally of the weeks changes while the totals stay the same. The time before (or after) the
    weeks is the totals less the weeks."""
    return read(plan_ids, today)[0]


def read(plan_ids, today):
    """(atoms(), {plan id: a digest of everything its atoms are made of, its names included,
    and of the day and the threshold}): the digest keys the plan's cached decisions without
    walking its atoms."""
    plan_ids = list(plan_ids)
    threshold = anonymity_threshold()
    described, before = _totals(plan_ids, threshold)
    if not described:
        return {}, {}
    names = list(SUMS)
    found = defaultdict(dict)
    rows, week_digests, snapshot = _weeks(plan_ids, today, threshold, before)
    if snapshot != before:  # an answer came in between the two reads: that of the weeks
        before = {key: sums for key, sums in snapshot.items() if key in described}
        rows = [row for row in rows if row[0] in before]  # named by the first (rarely not)
    of_plan = defaultdict(list)
    for key, sums in before.items():
        of_plan[key[0]].append(repr((described[key], sums)))
    digests = {
        plan_id: _digest(repr((today, threshold, sorted(lines), week_digests.get(plan_id))))
        for plan_id, lines in of_plan.items()
    }
    for key, week_day, sums in rows:
        atom = replace(described[key], week=week_day)
        _merge(found[key[0]], atom, names, sums)
        rest = before[key]
        for index, value in enumerate(sums):
            rest[index] -= value  # not before the weeks
    for key, sums in before.items():
        if any(sums):
            _merge(found[key[0]], described[key], names, sums)
    return found, digests


def _digest(text):
    return hashlib.blake2b(text.encode(), digest_size=20).hexdigest()


ATOM_KEYS = ["plan_id", "row_id", "stakeholder_id", "milestone_id", "channel_id"]


def _totals(plan_ids, threshold):
    """({atom key: Atom of all time}, {atom key: [SUMS]}) of the counted links of
    `plan_ids`, in one query (none without plans)."""
    if not plan_ids:
        return {}, {}
    described, sums = {}, {}
    for entry in prepared_values(
        ("understanding.privacy.totals", len(plan_ids)),
        lambda: _totals_query(len(plan_ids)),
        {**spread("plan", plan_ids), "threshold": threshold},
    ):
        key = tuple(entry[name] for name in ATOM_KEYS)
        described[key] = Atom(
            entry["row_id"],
            entry["stakeholder_id"],
            entry["stakeholder_name"],
            entry["phase"],
            entry["channel_id"],
            entry["channel_name"],
            None,
            entry["importance"],
            entry["target"],
        )
        sums[key] = [entry[name] or 0 for name in SUMS]
    return described, sums


WEEKS_VERSION = 1  # bump when the weeks' query changes: sums kept by the old one are not used


def weeks_key(plan_ids, today, threshold, totals):
    """The cache key of the weeks' sums of `plan_ids` on `today`, from the `totals` of their
    counted links ({atom key: [SUMS]})."""
    digest = _digest(repr((sorted(plan_ids), today, threshold, sorted(totals.items()))))
    return f"commplan.privacy.weeks.{WEEKS_VERSION}.{digest}"


def _weeks(plan_ids, today, threshold, totals):
    """([(atom key, week, [SUMS])] of the counted links' tallies of the last WEEKS weeks,
    {plan id: a digest of its lines}, the totals they go with): from the cache when the
    `totals` just read are those they were read with; else read anew, in one query with the
    totals again, so that both are of one moment even while answers come in, and kept under
    those totals."""
    found = cache.get(weeks_key(plan_ids, today, threshold, totals))
    if found is not None:
        return (*found, totals)
    names = list(SUMS)
    values = {
        **spread("plan", plan_ids),
        "threshold": threshold,
        "start": first_week(today),
        "today": today,
    }
    rows, snapshot = [], {}
    for entry in prepared_values(
        ("understanding.privacy.weeks", len(plan_ids)),
        lambda: _weeks_query(len(plan_ids)),
        values,
    ):
        atom_key = tuple(entry[name] for name in ATOM_KEYS)
        sums = [entry[name] or 0 for name in names]
        week_day = entry["week"]
        if week_day is None:  # the totals, as of this query
            snapshot[atom_key] = sums
            continue
        if isinstance(week_day, datetime.datetime):
            week_day = week_day.date()
        rows.append((atom_key, week_day, sums))
    lines = defaultdict(list)
    for line in rows:
        lines[line[0][0]].append(repr(line))
    digests = {plan_id: _digest("\n".join(sorted(texts))) for plan_id, texts in lines.items()}
    cache.set(weeks_key(plan_ids, today, threshold, snapshot), (rows, digests), DECISIONS_SECONDS)
    return rows, digests, snapshot


def _merge(found, atom, names, sums):
    """Add `sums` to `atom`'s in `found` (milestones of one phase are one atom)."""
    if atom in found:
        for name, value in zip(names, sums, strict=True):
            found[atom][name] += value
    else:
        found[atom] = dict(zip(names, sums, strict=True))


def _totals_query(count):
    """The counted links' sums of all time per activity, group, milestone and channel,
    named."""
    return (
        FeedbackTotal.objects.filter(
            plan_id__in=Params("plan", count),
            link_id__in=counted_links(Params("plan", count), Param("threshold")),
        )
        .order_by()
        .values(*ATOM_KEYS)
        .annotate(
            stakeholder_name=F("stakeholder__name"),
            channel_name=F("channel__name"),
            phase=F("milestone__phase"),
            importance=F("stakeholder__importance"),
            target=F("row__message__target_share"),
            **SUMS,
        )
    )


def _weeks_query(count):
    """The counted links' totals per activity, group, milestone and channel (week NULL), and
    their tallies of the last WEEKS weeks, per week: one statement, one moment (ids only: no
    join for each tally)."""
    day = DateField()
    links = counted_links(Params("plan", count), Param("threshold"))
    totals = (
        FeedbackTotal.objects.filter(plan_id__in=Params("plan", count), link_id__in=links)
        .order_by()
        .annotate(week=Value(None, output_field=day))
        .values(*ATOM_KEYS, "week")
        .annotate(**SUMS)
    )
    weeks = (
        FeedbackTally.objects.filter(
            plan_id__in=Params("plan", count),
            day__gte=Param("start", day),
            day__lte=Param("today", day),
            link_id__in=links,
        )
        .order_by()
        .annotate(week=WeekStart("day"))
        .values(*ATOM_KEYS, "week")
        .annotate(**SUMS)
    )
    return totals.union(weeks, all=True)


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


def cached_decisions(plan_atoms, today, threshold, digest=None):
    """plan_decisions, kept in the shared cache under a digest of everything they are
    worked out from (the atoms with their names and answers, the day, the threshold: `digest`
    from `read`, else worked out from the atoms): a new answer, a closed link, a renamed group
    or another threshold is another key, so a decision can never outlive the figures it was
    made for. The same for every viewer."""
    if digest is not None:
        key = f"commplan.privacy.{DECISIONS_VERSION}.read.{digest}"
        decisions = cache.get(key)
        if decisions is None:
            decisions = cached_decisions(plan_atoms, today, threshold)
            cache.set(key, decisions, DECISIONS_SECONDS)
        return decisions
    key, lines = _digested(plan_atoms, today, threshold)
    decisions = cache.get(key)
    if decisions is None:
        # In the key's order: the decisions follow neither the query's order nor the page.
        ordered = {lines[line]: plan_atoms[lines[line]] for line in sorted(lines)}
        decisions = dict(plan_decisions(ordered, today, threshold))
        cache.set(key, decisions, DECISIONS_SECONDS)
    return decisions


def forget(plan_ids, today):
    """Drop the plans' cached decisions and weeks' sums (a benchmark's first view)."""
    threshold = anonymity_threshold()
    found, digests = read(plan_ids, today)
    for plan_id, plan_atoms in found.items():
        cache.delete(_digested(plan_atoms, today, threshold)[0])
        cache.delete(f"commplan.privacy.{DECISIONS_VERSION}.read.{digests[plan_id]}")
    cache.delete(weeks_key(plan_ids, today, threshold, _totals(list(plan_ids), threshold)[1]))


class Privacy:
    """What each plan withholds: ask `mark(landing, key)` for each figure shown."""

    def __init__(self, plan_ids, today):
        self.threshold = anonymity_threshold()
        # {plan id: {Atom: sums}}, plans with answers
        self.atoms, digests = read(plan_ids, today)
        self.decisions = {
            plan_id: cached_decisions(found, today, self.threshold, digests[plan_id])
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
