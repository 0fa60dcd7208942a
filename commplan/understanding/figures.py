"""Did it land? Understanding and support from the pulse answers, per stakeholder group over
time, per phase, per channel and per plan, summed in SQL from the daily tallies.

Every figure is of all the answers so far, as on an activity's own page, but the weekly points
of the groups' lines (the last WEEKS weeks) and the understanding warning (the last
RECENT_WEEKS of those points): figures of one window differ only by answers of the groups,
phases, channels and activities they slice, never by a handful of answers just before a
window's start (understanding/privacy.py).

Understanding is the share of clarity answers that were 4 or 5 (clear, very clear), the share
a message's goal sets its target on; support the share of support answers that were 4 or 5;
"knows what it means" the share of yes. Anonymity: only answers to links that reached the
threshold count (as on the row page), and a figure of fewer answers than the threshold is never
shown, only its number of answers.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import DateField, F, Sum
from django.db.models.functions import TruncWeek

from ..feedback.services import DEFAULT_TARGET_SHARE
from ..models import FeedbackTotal, anonymity_threshold
from ..models.feedback import SCALE

WEEKS = 12  # the dashboard's lines: this many weeks up to this one
RECENT_WEEKS = 4  # the understanding warning looks at this many weeks up to today


def _added(*names):
    total = F(names[0])
    for name in names[1:]:
        total = total + F(name)
    return total


SUMS = {
    "responses": Sum("responses"),
    "clarity_answered": Sum(_added(*(f"clarity_{n}" for n in SCALE))),
    "clear": Sum(_added("clarity_4", "clarity_5")),
    "meaning_answered": Sum(_added("meaning_yes", "meaning_partly", "meaning_no")),
    "knows": Sum("meaning_yes"),
    "support_answered": Sum(_added(*(f"support_{n}" for n in SCALE))),
    "supportive": Sum(_added("support_4", "support_5")),
}


@dataclass
class Landing:
    """The answers of one group, week, phase, channel or plan: their counts always, the shares
    only with at least `threshold` answers."""

    threshold: int
    responses: int = 0
    clarity_answered: int = 0
    clear: int = 0
    meaning_answered: int = 0
    knows: int = 0
    support_answered: int = 0
    supportive: int = 0
    key: object = None  # which phase, channel… it is of (privacy.py)
    # {share name: "few" or "withheld"}: shares not shown though there are enough answers in
    # all, so that no combination of the figures shown narrows to fewer (privacy.py)
    hidden: dict = field(default_factory=dict)

    @classmethod
    def of(cls, threshold, sums, key=None):
        return cls(threshold, **{name: sums.get(name) or 0 for name in SUMS}, key=key)

    def add(self, other):
        for name in SUMS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    @property
    def shown(self):
        return self.responses >= self.threshold

    def _share(self, name, part, whole):
        if not self.shown or not whole or name in self.hidden:
            return None
        return round(100 * part / whole)

    @property
    def understanding(self):
        return self._share("understanding", self.clear, self.clarity_answered)

    @property
    def knows_share(self):
        return self._share("knows_share", self.knows, self.meaning_answered)

    @property
    def support(self):
        return self._share("support", self.supportive, self.support_answered)


class WeekStart(TruncWeek):
    """The Monday of a date's week, as a date. SQLite's own date arithmetic there, not
    Django's function in Python called for every tally: a tenth of the time among a million
    answers (issue 19 §4)."""

    output_field = DateField()

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"date({sql}, '-6 days', 'weekday 1')", params


def counted_links(plan_ids, threshold=None):
    """The ids of the links of `plan_ids` that reached the anonymity `threshold` (the
    setting's by default; ids and threshold may be Params of a prepared query): from their
    totals, a row per link."""
    return (
        FeedbackTotal.objects.filter(plan_id__in=plan_ids)
        .order_by()
        .values("link_id")
        .annotate(answers=Sum("responses"))
        .filter(answers__gte=anonymity_threshold() if threshold is None else threshold)
        .values("link_id")
    )


def first_week(today, weeks=WEEKS):
    """The Monday `weeks` - 1 weeks before this week's."""
    monday = today - datetime.timedelta(days=today.weekday())
    return monday - datetime.timedelta(weeks=weeks - 1)


@dataclass
class GroupLine:
    """A stakeholder group's understanding and support week by week, and of all its answers."""

    stakeholder: object
    weeks: list  # a Landing per week of PlanLanding.weeks
    total: Landing  # all the group's answers, in these weeks and before


@dataclass
class PlanLanding:
    """Everything the plan dashboard shows of how its communication landed."""

    weeks: list  # the Mondays of the weeks shown
    groups: list  # GroupLine, for groups with answers
    by_phase: list  # (label, Landing), phases with answers
    by_channel: list  # (name, Landing), channels with answers, most answers first
    total: Landing
    threshold: int

    def __bool__(self):
        return bool(self.total.responses)


def plan_landing(plan, today, stakeholders, channel_names, phase_names, found):
    """How `plan`'s communication landed, added up from its atoms `found` (privacy.atoms: no
    query): per group and week over the last WEEKS weeks (`stakeholders` in the order to show
    them), and per group, phase and channel over all time (`channel_names`, `phase_names`: {id:
    label})."""
    threshold = anonymity_threshold()
    start = first_week(today)
    weeks = [start + datetime.timedelta(weeks=n) for n in range(WEEKS)]
    names = list(SUMS)
    sums = {}  # (what, which): [SUMS], added up here and made Landings once
    for atom, found_sums in found.items():
        values = [found_sums[name] for name in names]
        buckets = [("group", atom.stakeholder), ("phase", atom.phase), ("channel", atom.channel)]
        buckets.append(("total", None))
        if atom.week is not None:
            buckets.append(("week", atom.stakeholder, atom.week))
        for bucket in buckets:
            added = sums.get(bucket)
            if added is None:
                sums[bucket] = list(values)
            else:
                for index, value in enumerate(values):
                    added[index] += value

    empty = [0] * len(names)

    def landing(bucket, key=None):
        values = sums.get(bucket, empty)
        return Landing(threshold, **dict(zip(names, values, strict=True)), key=key)

    groups = [
        GroupLine(
            stakeholder,
            [
                landing(("week", stakeholder.pk, week), ("week", stakeholder.pk, week))
                for week in weeks
            ],
            landing(("group", stakeholder.pk), ("group", stakeholder.pk)),
        )
        for stakeholder in stakeholders
        if ("group", stakeholder.pk) in sums
    ]
    phases = {key[1]: landing(key, key[1]) for key in sums if key[0] == "phase"}
    channels = {key[1]: landing(key, key[1]) for key in sums if key[0] == "channel"}
    total = landing(("total", None))
    return PlanLanding(
        weeks=weeks,
        groups=groups,
        by_phase=[
            (phase_names.get(phase, ""), phases[phase])
            for phase in sorted(phases, key=lambda p: (p is None, p))
        ],
        by_channel=sorted(
            ((channel_names.get(channel, ""), landing) for channel, landing in channels.items()),
            key=lambda item: (-item[1].responses, str(item[0])),
        ),
        total=total,
        threshold=threshold,
    )


def plans_landing(plan_ids, found):
    """{plan id: Landing} of all their counted answers, added up from their atoms `found`
    ({plan id: privacy.atoms}: no query; the roll-up, the weekly summary)."""
    threshold = anonymity_threshold()
    totals = {plan_id: Landing(threshold) for plan_id in plan_ids}
    for plan_id, plan_atoms in found.items():
        for sums in plan_atoms.values():
            totals[plan_id].add(Landing.of(threshold, sums))
    return totals


def landing_total(plans):
    """The sum of the `landing` of `plans` (from `rollup`): every plan's answers together, the
    shares shown only with enough of them."""
    total = Landing(anonymity_threshold())
    for plan in plans:
        total.add(plan.landing)
    return total


@dataclass
class BelowTarget:
    """A key group whose recent answers find its messages less clear than their targets."""

    plan_id: int
    stakeholder_id: int
    name: str
    importance: int
    landing: Landing
    target: int  # % clear or very clear its answers' messages aim at, weighted by answers


def below_target(today, min_importance, privacy):
    """The groups of the plans of `privacy` (privacy.Privacy: its atoms, no query) with
    importance above `min_importance` whose weekly points of the last RECENT_WEEKS weeks,
    those their line shows, are together less often clear or very clear than their messages'
    targets (DEFAULT_TARGET_SHARE without one). Summing only points shown, the warning's
    figure gives away nothing they do not; a week of too few answers, or withheld, is left
    out."""
    threshold = anonymity_threshold()
    start = first_week(today, RECENT_WEEKS)  # whole weeks, like the weekly figures
    groups = {}
    for plan_id, found in privacy.atoms.items():
        for atom, sums in found.items():
            if atom.week is None or atom.week < start or atom.stakeholder is None:
                continue
            if (atom.importance or 0) <= min_importance:
                continue
            if "understanding" in privacy.withheld(plan_id, ("week", atom.stakeholder, atom.week)):
                continue  # a gap on the line
            group = groups.setdefault(
                atom.stakeholder,
                BelowTarget(
                    plan_id,
                    atom.stakeholder,
                    atom.stakeholder_name,
                    atom.importance,
                    Landing(threshold),
                    0,
                ),
            )
            group.landing.add(Landing.of(threshold, sums))
            target = atom.target_share or DEFAULT_TARGET_SHARE
            group.target += target * sums["clarity_answered"]  # weighted; divided below
    found = []
    for group in groups.values():
        answered = group.landing.clarity_answered
        if not group.landing.shown or not answered:
            continue
        expected = group.target  # the sum of target × answers
        group.target = round(expected / answered)
        if 100 * group.landing.clear < expected:
            found.append(group)
    return sorted(found, key=lambda g: (-g.importance, g.name, g.stakeholder_id))
