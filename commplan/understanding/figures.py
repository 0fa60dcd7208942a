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
from ..models import FeedbackTally, anonymity_threshold
from ..models.feedback import SCALE
from ..prepared import Param, Params, prepared_values, spread

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


def counted(plan_ids, threshold=None):
    """The tallies of `plan_ids` whose link reached the anonymity `threshold` (the setting's
    by default; ids and threshold may be Params of a prepared query)."""
    tallies = FeedbackTally.objects.filter(plan_id__in=plan_ids).order_by()
    enough = (
        tallies.values("link_id")
        .annotate(answers=Sum("responses"))
        .filter(answers__gte=anonymity_threshold() if threshold is None else threshold)
        .values("link_id")
    )
    return tallies.filter(link_id__in=enough)


def _day(name):
    return Param(name, DateField())


def _plans_counted(count):
    """`counted` for a prepared query of `count` plans (values: spread("plan", ids),
    "threshold")."""
    return counted(Params("plan", count), Param("threshold"))


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


def plan_landing(plan, today, stakeholders, channel_names, phase_names, answered=True):
    """How `plan`'s communication landed, in two queries however many answers it has: per
    group and week over the last WEEKS weeks (`stakeholders` in the order to show them), and
    per group, phase and channel over all time (`channel_names`, `phase_names`: {id: label}).
    With `answered` false (the caller knows the plan has no counted answers) no query at all."""
    threshold = anonymity_threshold()
    start = first_week(today)
    weeks = [start + datetime.timedelta(weeks=n) for n in range(WEEKS)]
    values = {**spread("plan", [plan.pk]), "threshold": threshold, "start": start, "today": today}
    by_group = {}
    found_weeks = (
        prepared_values(
            "understanding.plan_landing.weeks",
            lambda: (
                _plans_counted(1)
                .filter(day__gte=_day("start"), day__lte=_day("today"))
                .annotate(week=TruncWeek("day"))
                .values("stakeholder_id", "week")
                .annotate(**SUMS)
            ),
            values,
        )
        if answered
        else []
    )
    for entry in found_weeks:
        week = entry["week"]
        week = week.date() if isinstance(week, datetime.datetime) else week
        by_group.setdefault(entry["stakeholder_id"], {})[week] = Landing.of(
            threshold, entry, key=("week", entry["stakeholder_id"], week)
        )

    group_totals, phases, channels, total = {}, {}, {}, Landing(threshold)
    found_slices = (
        prepared_values(
            "understanding.plan_landing.slices",
            lambda: (
                _plans_counted(1)
                .values("stakeholder_id", "milestone__phase", "channel_id")
                .annotate(**SUMS)
            ),
            values,
        )
        if answered
        else []
    )
    for entry in found_slices:
        landing = Landing.of(threshold, entry)
        stakeholder = entry["stakeholder_id"]
        phase, channel = entry["milestone__phase"], entry["channel_id"]
        group_totals.setdefault(stakeholder, Landing(threshold, key=("group", stakeholder)))
        group_totals[stakeholder].add(landing)
        phases.setdefault(phase, Landing(threshold, key=phase)).add(landing)
        channels.setdefault(channel, Landing(threshold, key=channel)).add(landing)
        total.add(landing)
    groups = []
    for stakeholder in stakeholders:
        if stakeholder.pk not in group_totals:
            continue
        found = by_group.get(stakeholder.pk, {})
        line = [found.get(week) or Landing(threshold) for week in weeks]
        groups.append(GroupLine(stakeholder, line, group_totals[stakeholder.pk]))
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


def plans_landing(plan_ids):
    """{plan id: Landing} of all their counted answers, in one query (the roll-up, the weekly
    summary)."""
    threshold = anonymity_threshold()
    found = {plan_id: Landing(threshold) for plan_id in plan_ids}
    if not plan_ids:
        return found
    for entry in prepared_values(
        ("understanding.plans_landing.all", len(plan_ids)),
        lambda: _plans_counted(len(plan_ids)).values("plan_id").annotate(**SUMS),
        {**spread("plan", plan_ids), "threshold": threshold},
    ):
        found[entry["plan_id"]] = Landing.of(threshold, entry)
    return found


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


def below_target(plan_ids, today, min_importance, privacy):
    """The groups of `plan_ids` with importance above `min_importance` whose weekly points of
    the last RECENT_WEEKS weeks, those their line shows (`privacy`: the plans'
    understanding.privacy.Privacy), are together less often clear or very clear than their
    messages' targets (DEFAULT_TARGET_SHARE without one), in one query. Summing only points
    shown, the warning's figure gives away nothing they do not; a week of too few answers, or
    withheld, is left out."""
    threshold = anonymity_threshold()
    if not plan_ids:
        return []
    values = {
        **spread("plan", plan_ids),
        "threshold": threshold,
        "start": first_week(today, RECENT_WEEKS),  # whole weeks, like the weekly figures
        "today": today,
        "importance": min_importance,
    }
    weeks = {}  # (plan, group, week): [entries]
    for entry in prepared_values(
        ("understanding.below_target.weeks", len(plan_ids)),
        lambda: (
            _plans_counted(len(plan_ids))
            .filter(
                day__gte=_day("start"),
                day__lte=_day("today"),
                stakeholder__importance__gt=Param("importance"),
            )
            .annotate(week=TruncWeek("day"))
            .values(
                "plan_id",
                "stakeholder_id",
                "stakeholder__name",
                "stakeholder__importance",
                "row__message__target_share",
                "week",
            )
            .annotate(**SUMS)
        ),
        values,
    ):
        week = entry["week"]
        week = week.date() if isinstance(week, datetime.datetime) else week
        key = (entry["plan_id"], entry["stakeholder_id"], week)
        weeks.setdefault(key, []).append(entry)
    groups = {}
    for (plan_id, stakeholder, week), entries in weeks.items():
        if "understanding" in privacy.withheld(plan_id, ("week", stakeholder, week)):
            continue  # a gap on the line
        for entry in entries:
            group = groups.setdefault(
                entry["stakeholder_id"],
                BelowTarget(
                    entry["plan_id"],
                    entry["stakeholder_id"],
                    entry["stakeholder__name"],
                    entry["stakeholder__importance"],
                    Landing(threshold),
                    0,
                ),
            )
            group.landing.add(Landing.of(threshold, entry))
            target = entry["row__message__target_share"] or DEFAULT_TARGET_SHARE
            group.target += target * (entry["clarity_answered"] or 0)  # weighted; divided below
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
