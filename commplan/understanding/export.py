"""Understanding and support in a plan's export: one more sheet of an .xlsx, one more section of
a .csv, written for the reader and never read back by the importer.

A line per stakeholder group, phase and channel, over all answers to links that reached the
anonymity threshold; a line of fewer answers gives its number and "too few answers", never a
share."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext, pgettext

from ..dashboard.common import choice_labels
from .figures import SUMS, Landing, counted
from .privacy import WITHHELD, protect_export


@dataclass
class ExportLine:
    kind: str
    name: str
    landing: Landing

    def share(self, name):
        return getattr(self.landing, name)

    @property
    def note(self):
        if not self.landing.shown:
            return gettext("too few answers")
        if WITHHELD in self.landing.hidden.values():
            return gettext("some shares withheld: they would reveal fewer answers")
        return ""


def export_lines(plan):
    """[ExportLine]: the plan's stakeholder groups, phases and channels with answers, in three
    queries, with the shares that would narrow to fewer answers withheld (privacy.py)."""
    from milestones.models import Phase

    from ..models import anonymity_threshold

    threshold = anonymity_threshold()
    tallies = counted([plan.pk])
    lines = [
        ExportLine(
            gettext("Stakeholder"),
            entry["stakeholder__name"] or "—",
            _of(threshold, entry, ("stakeholder", entry["stakeholder__name"])),
        )
        for entry in tallies.values("stakeholder__name")
        .annotate(**SUMS)
        .order_by("stakeholder__name")
    ]
    phases, channels = {}, {}
    for entry in tallies.values("milestone__phase", "channel__name").annotate(**SUMS):
        landing = _of(threshold, entry)
        phase, channel = entry["milestone__phase"], entry["channel__name"]
        phases.setdefault(phase, Landing(threshold, key=("phase", phase))).add(landing)
        channels.setdefault(channel, Landing(threshold, key=("channel_name", channel))).add(landing)
    names = choice_labels(Phase)
    kind = gettext("Phase")
    for phase in sorted(phases, key=lambda p: (p is None, p)):
        name = f"{phase}. {names[phase]}" if phase else gettext("No milestone")
        lines.append(ExportLine(kind, name, phases[phase]))
    kind = pgettext("toolkit column", "Channel")
    for name in sorted(channels, key=lambda n: (n is None, n or "")):
        lines.append(ExportLine(kind, name or gettext("No channel"), channels[name]))
    return protect_export(plan, lines, timezone.localdate())


def _of(threshold, entry, key=None):
    return Landing.of(threshold, entry, key=key)
