from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseBase
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from ..access import PlanAccessMixin
from ..rows.filters import PlanRowFilter
from . import writing as exports


class PlanExportView(PlanAccessMixin, View):
    """The rows the plan table's filters show, as .xlsx or .csv, with the plan header,
    milestones, stakeholders, messages and channels, and headings in the person's language.
    A text longer than a spreadsheet cell holds is not cut: the plan page says where it is."""

    plan_url_kwarg = "pk"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        file_format = request.GET.get("format", "xlsx")
        if file_format not in exports.FORMATS:
            return HttpResponseBadRequest(
                _("Unknown export format “%(format)s”: choose xlsx or csv.")
                % {"format": file_format},
                content_type="text/plain; charset=utf-8",
            )
        rows = PlanRowFilter(request.GET, queryset=self.plan.rows.for_table(), plan=self.plan).qs
        try:
            content = exports.export(self.plan, rows, file_format, translation.get_language())
        except exports.TooLong as too_long:
            messages.error(request, too_long.message)
            return redirect(self.plan)
        response = HttpResponse(content, content_type=exports.FORMATS[file_format])
        name = exports.filename(self.plan, file_format)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
