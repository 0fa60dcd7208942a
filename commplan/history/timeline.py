"""One object's or one plan's historical records, newest first, in pages, turned into entries.

Records of several models are ordered and paged in one UNION query; a page is then loaded per
model with the previous version of each record, and every linked name is resolved in bulk, so
a page costs the same number of queries however many entries it shows.
"""

import copy
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from commplan.models import (
    Channel,
    CommunicationPlan,
    Decision,
    FeedbackLink,
    FeedbackResponse,
    Meeting,
    Membership,
    Message,
    PlanRow,
    Review,
)
from milestones.models import Milestone
from stakeholders.models import Stakeholder

from .display import CHANGED, Entry, Names, as_instance, field_changes, latest_versions

KINDS = {
    "row": (PlanRow, _("Activity")),
    "review": (Review, _("Review")),
    "stakeholder": (Stakeholder, _("Stakeholder")),
    "milestone": (Milestone, _("Milestone")),
    "message": (Message, _("Message")),
    "channel": (Channel, _("Channel")),
    "member": (Membership, _("Member")),
    "meeting": (Meeting, _("S&OP meeting")),
    "decision": (Decision, _("Decision")),
    "feedback_link": (FeedbackLink, _("Feedback link")),
    "feedback_answer": (FeedbackResponse, _("Feedback answer")),
    "plan": (CommunicationPlan, _("Plan header")),
}
# Kinds that belong to an activity: their history is shown with the activity's.
ROW_KINDS = ("review", "feedback_link", "feedback_answer")
# Kinds with a history page of their own.
PAGE_KINDS = [kind for kind in KINDS if kind not in ROW_KINDS]
ORDER = ("-history_date", "-history_id")


def plan_records(plan, kind):
    """The historical records of `kind` in `plan`, deleted objects' included."""
    model = KINDS[kind][0]
    if kind == "plan":
        return model.history.filter(id=plan.pk)
    if kind == "review":
        return model.history.filter(row_id__in=PlanRow.history.filter(plan_id=plan.pk).values("id"))
    if kind == "decision":
        meetings = Meeting.history.filter(plan_id=plan.pk).values("id")
        return model.history.filter(meeting_id__in=meetings)
    return model.history.filter(plan_id=plan.pk)


def object_records(plan, kind, pk):
    """{kind: records} of one object in `plan`; an activity's history includes its reviews."""
    if kind not in PAGE_KINDS or (kind == "plan" and pk != plan.pk):
        raise Http404
    records = {kind: plan_records(plan, kind).filter(id=pk)}
    if kind == "row":
        for row_kind in ROW_KINDS:
            records[row_kind] = KINDS[row_kind][0].history.filter(row_id=pk)
    return records


def ordered(records_by_kind):
    """(history_date, history_id, kind) of every record, newest first, as one query."""
    parts = [
        records.order_by()
        .annotate(entry_kind=models.Value(kind, output_field=models.CharField()))
        .values_list("history_date", "history_id", "entry_kind")
        for kind, records in records_by_kind.items()
    ]
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return combined.order_by(*ORDER)


def _load(kind, history_ids):
    """The records with these ids, each with the record before it (`previous`, or None)."""
    model = KINDS[kind][0]
    before = (
        model.history.filter(id=models.OuterRef("id"), history_id__lt=models.OuterRef("history_id"))
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    records = list(
        model.history.filter(history_id__in=history_ids)
        .select_related("history_user")
        .annotate(previous_id=models.Subquery(before))
    )
    previous = model.history.in_bulk([r.previous_id for r in records if r.previous_id])
    for record in records:
        record.previous = previous.get(record.previous_id)
        if kind == "feedback_answer" and record.previous is None:
            record.previous = _before_toggle(record)
    return records


def _before_toggle(record):
    """An answer's record before its first one: hiding or showing its text is the only change
    an answer's history records (its saving records nothing), so it was the other way."""
    before = copy.copy(record)
    before.text_hidden = not record.text_hidden
    return before


def _existing(kind, pks):
    model = KINDS[kind][0]
    return set(model._default_manager.filter(pk__in=pks).order_by().values_list("pk", flat=True))


def entries(items, plan, can_manage=False):
    """Entries for `items` ((date, history_id, kind) as `ordered` gives them), in their order.

    Saves that changed nothing shown are left out.
    """
    ids_by_kind = defaultdict(list)
    for _date, history_id, kind in items:
        ids_by_kind[kind].append(history_id)
    records = {kind: _load(kind, ids) for kind, ids in ids_by_kind.items()}

    names = Names()
    for kind, loaded in records.items():
        model = KINDS[kind][0]
        for record in loaded:
            names.want_links(model, record)
            if record.previous is not None:
                names.want_links(model, record.previous)
    review_rows = latest_versions(
        PlanRow, {r.row_id for kind in ROW_KINDS for r in records.get(kind, [])}
    )
    for row in [*review_rows.values(), *records.get("row", [])]:
        names.want(Stakeholder, row.stakeholder_id)
        names.want(Message, row.message_id)
    names.resolve()
    ids = {kind: {r.id for r in loaded} for kind, loaded in records.items()}
    ids["row"] = ids.get("row", set()) | set(review_rows)
    existing = {kind: _existing(kind, pks) for kind, pks in ids.items() if kind != "plan"}
    existing["plan"] = {plan.pk}

    built = {}
    for kind, loaded in records.items():
        model, kind_label = KINDS[kind]
        for record in loaded:
            entry = Entry(
                kind=kind,
                kind_label=kind_label,
                record=record,
                changes=field_changes(model, record, record.previous, plan.currency, names),
                incomplete=record.history_type == "~" and record.previous is None,
                exists=record.id in existing[kind],
            )
            if entry.action == CHANGED and record.previous is not None and not entry.changes:
                continue
            if kind in ROW_KINDS:
                entry.object_label = _row_label(names, review_rows.get(record.row_id))
                entry.exists = entry.exists and record.row_id in existing["row"]
                if kind != "review":
                    entry.object_label = _feedback_label(entry.object_label, record)
            elif kind == "row":
                entry.object_label = _row_label(names, record)
            elif kind == "member":
                entry.object_label = names.get(get_user_model(), record.user_id)
            else:
                entry.object_label = str(as_instance(model, record))
            _link(entry, plan, can_manage)
            built[kind, record.history_id] = entry
    return [built[kind, hid] for _date, hid, kind in items if (kind, hid) in built]


def _row_label(names, row):
    if row is None:
        return str(_("a deleted activity"))
    return f"{names.get(Stakeholder, row.stakeholder_id)} – {names.get(Message, row.message_id)}"


def _feedback_label(row_label, record):
    """A link's or an answer's label: its activity, and the occurrence or the day answered."""
    day = getattr(record, "occurrence", None) or getattr(record, "answered_on", None)
    if day is None:
        return row_label
    return f"{row_label} ({formats.date_format(day, 'SHORT_DATE_FORMAT')})"


def describe(plan, kind, pk):
    """(label, exists) of the object whose history is shown, deleted or not; 404 when it was
    never in `plan`."""
    model = KINDS[kind][0]
    current = model._default_manager.filter(pk=pk)
    scope = {"plan": {}, "decision": {"meeting__plan": plan}}.get(kind, {"plan": plan})
    obj = current.filter(**scope).first()
    exists = obj is not None
    if not exists:
        obj = plan_records(plan, kind).filter(id=pk).order_by("-history_id").first()
        if obj is None:
            raise Http404
    if kind not in ("row", "member"):
        return str(obj if exists else as_instance(model, obj)), exists
    names = Names()
    if kind == "row":
        names.want(Stakeholder, obj.stakeholder_id)
        names.want(Message, obj.message_id)
        names.resolve()
        return _row_label(names, obj), exists
    names.want(get_user_model(), obj.user_id)
    names.resolve()
    return names.get(get_user_model(), obj.user_id), exists


EDIT_URLS = {
    "stakeholder": "stakeholders:stakeholder_update",
    "milestone": "milestones:milestone_update",
    "message": "commplan:message_update",
    "channel": "commplan:channel_update",
}


# Kinds whose objects have a page of their own, for everyone who may read the plan.
PAGE_URLS = {"meeting": "commplan:meeting_detail", "decision": "commplan:decision_detail"}


def history_url(plan_id, kind, pk):
    return reverse("commplan:object_history", args=[plan_id, kind, pk])


def _link(entry, plan, can_manage):
    """Where the entry's object is (its page while it exists) and its history."""
    record = entry.record
    if entry.kind == "review":
        entry.history_url = history_url(plan.pk, "row", record.row_id)
        if entry.exists:
            row_url = reverse("commplan:row_detail", args=[plan.pk, record.row_id])
            entry.url = f"{row_url}#review-{record.id}"
        return
    if entry.kind in ROW_KINDS[1:]:
        entry.history_url = history_url(plan.pk, "row", record.row_id)
        if entry.exists:
            row_url = reverse("commplan:row_detail", args=[plan.pk, record.row_id])
            entry.url = f"{row_url}#pulse"
        return
    entry.history_url = history_url(plan.pk, entry.kind, record.id)
    if not entry.exists:
        return
    if entry.kind == "row":
        entry.url = reverse("commplan:row_detail", args=[plan.pk, record.id])
    elif entry.kind == "plan":
        entry.url = plan.get_absolute_url()
    elif entry.kind == "member":
        entry.url = reverse("commplan:member_list", args=[plan.pk])
    elif entry.kind in PAGE_URLS:
        entry.url = reverse(PAGE_URLS[entry.kind], args=[plan.pk, record.id])
    elif can_manage:
        entry.url = reverse(EDIT_URLS[entry.kind], args=[plan.pk, record.id])
