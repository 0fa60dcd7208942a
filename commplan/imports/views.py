"""Importing activities from a spreadsheet: upload, preview, commit (managers only).

The upload is read at once, so a file that cannot be imported is refused with a form error.
A readable one is staged (commplan.imports.staging) and the preview, at a URL holding a signed
token for this person and plan, shows what would happen. Nothing is saved until the manager
confirms; the commit reads the staged file again and saves it all or nothing.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, View

from commplan.rows.table import row_labels
from milestones.models import Phase

from .. import imports
from ..access import ManagerRequiredMixin
from ..imports import staging
from ..imports.forms import CycleForm, ImportUploadForm, OwnerChoicesForm
from ..imports.headings import LABELS, REQUIRED, TOOLKIT_HEADINGS, key
from ..models import Cadence, CommunicationPlan, RowStatus

PREVIEW_ROWS = 200  # rows shown in full; rows with errors or warnings are always shown
EXAMPLES = {
    "stakeholder": "Salg og marketing",
    "message": "Hvorfor vi indfører S&OP",
    "goal": "Alle kender den nye proces",
    "channel": "Informationsmøde",
    "owner": "Mette Mortensen",
    "owner_email": "mette@firma.dk",
    "resources": "2 t / 1.200 DKK",
    "planned_hours": "2,5",
    "planned_cost": "1.200",
    "milestone": "Pilot go-live",
    "scheduled_date": "01-05-2026",
    "next_review_date": "2026-05-15",
}


def choice_examples():
    return {
        "phase": Phase.PILOT.label,
        "cadence": Cadence.MONTHLY.label,
        "status": RowStatus.PLANNED.label,
    }


def column_guide():
    """The columns an import reads, for the upload page: the heading in the person's language,
    other headings understood (the other language's, the toolkit's), required, an example."""
    examples = EXAMPLES | choice_examples()
    guide = []
    for name, label in LABELS.items():
        seen = {key(label)}
        also = []
        for language, _language_name in settings.LANGUAGES:
            with translation.override(language):
                candidates = [(str(label), language)]
            # The toolkit's headings are listed Danish first, then English.
            candidates += zip(TOOLKIT_HEADINGS.get(name, []), ("da", "en"), strict=False)
            for heading, heading_language in candidates:
                if key(heading) not in seen:
                    seen.add(key(heading))
                    also.append({"text": heading, "lang": heading_language})
        guide.append(
            {
                "label": label,
                "also": also,
                "required": name in REQUIRED,
                "example": examples.get(name, ""),
            }
        )
    return guide


def found_names(preview):
    """(kind, new names, matched names) of what the file names, for the preview page."""
    return [
        (
            _("Stakeholders"),
            list(preview.stakeholders.new.values()),
            [str(s) for s in preview.stakeholders.matched.values()],
        ),
        (
            _("Channels"),
            list(preview.channels.new.values()),
            [str(c) for c in preview.channels.matched.values()],
        ),
        (
            _("Milestones"),
            [spec["title"] for spec in preview.milestones.new.values()],
            [str(m) for m in preview.milestones.matched.values()],
        ),
        (
            _("Messages"),
            [content for content, _goal in preview.messages.new.values()],
            [str(m) for m in preview.messages.matched.values()],
        ),
    ]


class ImportUploadView(ManagerRequiredMixin, FormView):
    form_class = ImportUploadForm
    template_name = "commplan/imports/upload.html"

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        token = staging.stage(form.content, upload.name, self.plan, self.request.user)
        return redirect("commplan:import_preview", plan_pk=self.plan.pk, token=token)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("active_tab", "table")
        kwargs.setdefault("columns", column_guide())
        return super().get_context_data(**kwargs)


class ImportPreviewView(ManagerRequiredMixin, View):
    """GET: the preview of a staged upload. POST: commit it (action=commit) or drop it."""

    template_name = "commplan/imports/preview.html"

    def dispatch(self, request, *args, **kwargs):
        self.token = kwargs.get("token", "")
        return super().dispatch(request, *args, **kwargs)

    def upload_again(self, message):
        messages.warning(self.request, message)
        return redirect("commplan:import_upload", plan_pk=self.plan.pk)

    def staged_table(self, sheet=None):
        """The staged upload and its table (on `sheet` of a workbook, when the person chose
        one), or None when it is gone. Refused when the chosen sheet has no plan on it."""
        self.staged = staging.load(self.token, self.plan, self.request.user)
        if self.staged is None:
            return None
        try:
            content = self.staged.read()
        except OSError:
            return None
        try:
            return imports.read_table(content, sheet=sheet or None)
        except imports.Refused:
            if sheet:
                raise
            return None

    def cycle_form(self, data, table):
        """The S&OP-cycle choice (`data`: the query string or the commit's POST); a valid one
        is what the rows are checked against."""
        found = table.sections
        cycle = CycleForm(
            data if "sop_meeting_week" in data else None,
            initial={name: found.plan.get(name) for name in CycleForm.base_fields},
        )
        found.chosen = cycle.chosen()
        return cycle

    def get(self, request, *args, **kwargs):
        sheet = request.GET.get("sheet", "")[:200]
        try:
            table = self.staged_table(sheet)
        except imports.Refused as refused:
            messages.warning(request, refused.message)
            return redirect(request.path)
        if table is None:
            return self.upload_again(_("This upload has expired or was already imported."))
        cycle = self.cycle_form(request.GET, table)
        preview = imports.build_preview(self.plan, table)
        form = OwnerChoicesForm(preview.unknown_owners, preview.context.members)
        return self.render(preview, form, cycle, status=400 if cycle.errors else 200)

    def post(self, request, *args, **kwargs):
        try:
            table = self.staged_table(request.POST.get("sheet", "")[:200])
        except imports.Refused as refused:
            messages.warning(request, refused.message)
            return redirect(request.path)
        if table is None:
            return self.upload_again(_("This upload has expired or was already imported."))
        if request.POST.get("action") != "commit":
            self.staged.discard()
            messages.info(request, _("The import was cancelled. Nothing was saved."))
            return redirect(self.plan)
        cycle = self.cycle_form(request.POST, table)
        preview = imports.build_preview(self.plan, table)
        form = OwnerChoicesForm(preview.unknown_owners, preview.context.members, request.POST)
        if not form.is_valid() or cycle.errors:
            return self.render(preview, form, cycle, status=400)
        try:
            saved = imports.commit(
                self.plan,
                table,
                request.user,
                form.resolutions(),
                source_name=self.staged.name,
                preview=preview,
            )
        except imports.CommitFailed as failed:
            messages.error(request, failed.message)
            return self.render(failed.preview or preview, form, cycle, status=409)
        self.staged.discard()
        count = len(saved.rows)
        messages.success(
            request,
            ngettext(
                "%(count)s activity was imported from %(file)s.",
                "%(count)s activities were imported from %(file)s.",
                count,
            )
            % {"count": count, "file": self.staged.name},
        )
        return redirect(self.plan)

    def render(self, preview, form, cycle, status=200):
        rows = preview.rows
        shown = [
            row
            for index, row in enumerate(rows)
            if index < PREVIEW_ROWS or row.errors or row.warnings
        ]
        context = {
            "plan": self.plan,
            "role": self.role,
            "can_manage": self.can_manage,
            "active_tab": "table",
            "preview": preview,
            "form": form,
            "cycle": cycle,
            "chosen_cycle": preview.plan.has_sop_cycle and not self.plan.has_sop_cycle,
            "file_name": self.staged.name,
            "shown_rows": shown,
            "labels": row_labels(),
            "hidden_count": len(rows) - len(shown),
            "upload_url": reverse("commplan:import_upload", kwargs={"plan_pk": self.plan.pk}),
            "kinds": found_names(preview),
            "other_sheets": [
                (title, score) for title, score in preview.sheets if title != preview.sheet
            ],
            "header_labels": [
                capfirst(CommunicationPlan._meta.get_field(name).verbose_name)
                for name in preview.header
            ],
        }
        return render(self.request, self.template_name, context, status=status)
