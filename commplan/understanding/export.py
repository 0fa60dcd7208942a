"""Understanding and support in a plan's export: one more sheet of an .xlsx, one more section of
a .csv, written for the reader and never read back by the importer.

A line per stakeholder group, phase and channel, over all answers to links that reached the
anonymity threshold (as the dashboard's figures, from the same atoms); a line of fewer answers
gives its number and "too few answers", never a share."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext, pgettext

from ..dashboard.common import choice_labels
from .figures import Landing
from .privacy import WITHHELD, Privacy


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
    """[ExportLine]: the plan's stakeholder groups, phases and channels with answers, added up
    from its atoms in one query, with the shares that would narrow to fewer answers withheld
    (privacy.py)."""
    from milestones.models import Phase

    from ..models import anonymity_threshold

    threshold = anonymity_threshold()
    privacy = Privacy([plan.pk], timezone.localdate())
    groups, phases, channels = {}, {}, {}
    for atom, sums in privacy.atoms.get(plan.pk, {}).items():
        landing = Landing.of(threshold, sums)
        for found, key in (
            (groups, ("stakeholder", atom.stakeholder_name)),
            (phases, ("phase", atom.phase)),
            (channels, ("channel_name", atom.channel_name)),
        ):
            found.setdefault(key[1], Landing(threshold, key=key)).add(landing)
    kind = gettext("Stakeholder")
    lines = [
        ExportLine(kind, name or "—", groups[name])
        for name in sorted(groups, key=lambda n: (n is None, n or ""))
    ]
    names = choice_labels(Phase)
    kind = gettext("Phase")
    for phase in sorted(phases, key=lambda p: (p is None, p)):
        name = f"{phase}. {names[phase]}" if phase else gettext("No milestone")
        lines.append(ExportLine(kind, name, phases[phase]))
    kind = pgettext("toolkit column", "Channel")
    for name in sorted(channels, key=lambda n: (n is None, n or "")):
        lines.append(ExportLine(kind, name or gettext("No channel"), channels[name]))
    for line in lines:
        privacy.mark(line.landing, plan.pk, line.landing.key)
    return lines
