"""What the plan's other tables in an imported file change (issue 12 §10): with_cycle, the plan
the rows are checked against; resolve, what is new, updated or unchanged, for the preview; save,
creating and updating them in the import's transaction. `sections.py` reads them from the file."""

import copy
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..history.recording import create_with_history, save_with_history
from ..models import CommunicationPlan
from .sections import CYCLE, KEY_FIELDS, MODELS, TAKEN_BY_EMPTY_PLAN, Sections, column_name

# Comparing with the plan


@dataclass
class Resolved:
    """The sections compared with the plan: per kind the new Items, the (object, changes) to
    update, and how many are the same."""

    new: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)
    unchanged: dict = field(default_factory=dict)

    def summary(self):
        """One phrase per kind, for the preview and the command line."""
        phrases = []
        for kind in ("milestones", "stakeholders", "messages", "channels"):
            new, updated = len(self.new.get(kind, [])), len(self.updated.get(kind, []))
            total = new + updated + self.unchanged.get(kind, 0)
            if total:
                phrases.append(
                    _("%(objects)s (%(new)s new, %(updated)s updated)")
                    % {"objects": _counted(kind, total), "new": new, "updated": updated}
                )
        return phrases


def _counted(kind, count):
    forms = {
        "milestones": ngettext("%(count)s milestone", "%(count)s milestones", count),
        "stakeholders": ngettext("%(count)s stakeholder", "%(count)s stakeholders", count),
        "messages": ngettext("%(count)s message", "%(count)s messages", count),
        "channels": ngettext("%(count)s channel", "%(count)s channels", count),
    }
    return forms[kind] % {"count": count}


def with_cycle(plan, table):
    """(the plan the activities are checked against, the S&OP-cycle settings it gets): those
    the person chose, else the file's when the plan has none; the same plan when neither."""
    found = getattr(table, "sections", None) or Sections()
    chosen = {name: found.chosen[name] for name in CYCLE if found.chosen.get(name) is not None}
    from_file = {name: found.plan.get(name) for name in CYCLE}
    if len(chosen) == len(CYCLE):
        settings_ = chosen
    elif not plan.has_sop_cycle and None not in from_file.values():
        settings_ = from_file
    else:
        return plan, {}
    settings_ = {name: value for name, value in settings_.items() if getattr(plan, name) != value}
    if not settings_:
        return plan, {}
    planned = copy.copy(plan)
    for name, value in settings_.items():
        setattr(planned, name, value)
    return planned, settings_


def resolve(preview, table, cycle):
    """Adds to `preview` what the file's sections would create and change, their errors and
    warnings, and the plan header fields they fill in (with the S&OP cycle `cycle`)."""
    found = getattr(table, "sections", None)
    preview.sections = resolved = Resolved()
    preview.header |= cycle
    if not found:
        return
    preview.file_errors += found.errors
    preview.file_warnings += found.warnings
    _resolve_header(preview, found.plan, cycle)
    context = preview.context
    existing = {
        "milestones": context.milestones,
        "stakeholders": context.stakeholders,
        "messages": context.messages,
        "channels": context.channels,
    }
    for kind, items in found.items.items():
        for item in items:
            obj = existing[kind].get(item.key)
            if obj is None:
                resolved.new.setdefault(kind, []).append(item)
                continue
            # Found by name regardless of case and spacing: the plan keeps its spelling.
            changes = {
                n: v for n, v in item.values.items() if n not in KEY_FIELDS and getattr(obj, n) != v
            }
            if changes:
                resolved.updated.setdefault(kind, []).append((obj, changes))
            else:
                resolved.unchanged[kind] = resolved.unchanged.get(kind, 0) + 1


def _resolve_header(preview, values, cycle):
    plan, kept = preview.plan, []
    empty_plan = not preview.context.existing_rows
    for name, value in values.items():
        current = getattr(plan, name)
        if name in CYCLE or current == value:
            continue
        if current in (None, "") or (name in TAKEN_BY_EMPTY_PLAN and empty_plan):
            preview.header[name] = value
        else:
            kept.append(column_name(CommunicationPlan, name))
    if any(values.get(name) not in (None, getattr(plan, name)) for name in CYCLE) and not cycle:
        kept.append(_("the executive S&OP meeting"))
    if kept:
        preview.file_warnings.append(
            _("The plan keeps its own %(fields)s: the file's differ.")
            % {"fields": ", ".join(str(name) for name in kept)}
        )


# Saving


def save(plan, preview, history):
    """Creates the sections' new objects and updates the changed ones, each with a history
    record; then moves them from `preview`'s to-create into its matched names, so that the
    activities link to them and nothing is created twice."""
    resolved = getattr(preview, "sections", None)
    if resolved is None:
        return
    for kind, model in MODELS.items():
        if kind == "plan":
            continue
        found = getattr(preview, kind)
        items = resolved.new.get(kind, [])
        made = create_with_history(
            model, [model(plan=plan, **item.values) for item in items], **history
        )
        for item, obj in zip(items, made, strict=True):
            found.new.pop(item.key, None)
            found.matched[item.key] = obj
        changed, now = resolved.updated.get(kind, []), timezone.now()
        for obj, changes in changed:
            for name, value in changes.items():
                setattr(obj, name, value)
            obj.updated_at = now  # bulk updates skip auto_now
        fields = sorted({"updated_at", *(n for _obj, changes in changed for n in changes)})
        save_with_history(model, [obj for obj, _changes in changed], fields, **history)
