from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django.views.generic import CreateView, DetailView, UpdateView
from django_filters.views import FilterView

from ..access import (
    ManagerRequiredMixin,
    PlanAccessMixin,
    PlanChildDeleteView,
    PlanChildMixin,
    ensure_writable,
    get_plan_and_role,
)
from ..feedback.views import row_page_context
from ..history.views import latest_changes
from ..locking import CONFLICT_STATUS, EditConflict, VersionedUpdateMixin
from ..models import PlanRow, Role
from .filters import PlanRowFilter
from .forms import RELATED_FIELDS, AssuranceForm, PlanRowForm, PlanRowInlineForm
from .table import table_rows

PER_PAGE_CHOICES = (25, 50, 100, 250, 500, 1000)
DEFAULT_PER_PAGE = 100


class PlanDetailView(PlanAccessMixin, FilterView):
    """The plan table: the toolkit's five columns, filtered, totalled and paginated."""

    plan_url_kwarg = "pk"
    filterset_class = PlanRowFilter
    template_name = "commplan/rows/communicationplan_detail.html"
    # A filter value that is not understood (a deleted stakeholder in a bookmark) is ignored,
    # as the page says, instead of emptying the table.
    strict = False

    def get_queryset(self):
        return self.plan.rows.for_table()

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["plan"] = self.plan
        return kwargs

    def get_paginate_by(self, queryset):
        try:
            per_page = int(self.request.GET.get("per_page", DEFAULT_PER_PAGE))
        except ValueError:
            return DEFAULT_PER_PAGE
        return per_page if per_page in PER_PAGE_CHOICES else DEFAULT_PER_PAGE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            totals=self.object_list.totals(),
            querystring=query.urlencode(),
            per_page_choices=PER_PAGE_CHOICES,
            per_page=context["paginator"].per_page if context["paginator"] else DEFAULT_PER_PAGE,
            grouped=not self.request.GET.get("sort"),
            applied_filters=self.filterset.applied(),
            is_filtered=any(
                value for key, value in self.request.GET.items() if key in self.filterset.filters
            ),
            today=timezone.localdate(),
            table_rows=table_rows(context["object_list"], self.plan),
        )
        return context


class RowMixin(PlanChildMixin):
    model: Any = PlanRow
    create_title = _("New activity")
    update_title = _("Edit activity")
    created_message = _("The activity was added.")
    saved_message = _("The activity was saved.")

    def get_queryset(self):
        return self.plan.rows.for_table()

    @classmethod
    def success_url_for(cls, plan):
        return plan.get_absolute_url()


class RowDetailView(RowMixin, DetailView):
    """One activity: its five parts, planned vs actual, and its review history."""

    template_name = "commplan/rows/planrow_detail.html"

    def get_context_data(self, **kwargs):
        acts = self.acts_for(self.object)
        kwargs.update(
            can_edit_assurance=acts,
            can_review=acts,
            reviews=self.object.reviews.select_related("reviewed_by"),
            changes=latest_changes(self.plan, "row", self.object.pk, self.can_manage),
            **row_page_context(self.object, self.plan, acts, self.can_manage),
        )
        return super().get_context_data(**kwargs)


class RowCreateView(ManagerRequiredMixin, RowMixin, CreateView):
    form_class = PlanRowForm
    template_name = "commplan/rows/planrow_form.html"

    def get_initial(self):
        initial = super().get_initial()
        for field in ("stakeholder", "milestone", "channel"):
            if self.request.GET.get(field, "").isdigit():
                initial[field] = self.request.GET[field]
        return initial

    def get_success_url(self):
        if "add_another" in self.request.POST:
            return reverse("commplan:row_create", kwargs={"plan_pk": self.plan.pk})
        return self.plan.get_absolute_url() + f"#row-{self.object.pk}"


class RowUpdateView(VersionedUpdateMixin, RowMixin, UpdateView):
    """Managers edit the whole activity; its owner edits how they make sure it happens."""

    template_name = "commplan/rows/planrow_form.html"
    edits = True

    def get_object(self, queryset=None):
        row = super().get_object(queryset)
        if not self.acts_for(row):
            raise PermissionDenied(
                _("Only the plan's managers and the activity's owner may edit it.")
            )
        return row

    def get_form_class(self):
        return PlanRowForm if self.can_manage else AssuranceForm

    def get_success_url(self):
        return self.object.get_absolute_url()


class RowDeleteView(RowMixin, PlanChildDeleteView):
    def get_rows(self):
        return PlanRow.objects.none()

    def get_success_url(self):
        return self.plan.get_absolute_url()


@login_required
@require_http_methods(["GET", "POST"])
def row_inline(request, plan_pk, pk):
    """Edit one row in place in the plan table (htmx): GET the edit row, POST to save it.

    The table's filters travel in the query string, so a save can refresh the totals of what
    the table shows.
    """
    plan, role = get_plan_and_role(request.user, plan_pk)
    # The form needs the row's own fields; a save also its links, which validate without a
    # query when unchanged (commplan.fields.keep_current). The table row is read afresh.
    rows = plan.rows.select_related(*RELATED_FIELDS) if request.method == "POST" else plan.rows
    row = get_object_or_404(rows, pk=pk)
    if role != Role.MANAGER:
        raise PermissionDenied(_("Only the plan's managers may edit activities in the table."))
    ensure_writable(plan)
    query = request.GET.copy()
    query.pop("cancel", None)
    context = {
        "plan": plan,
        "row": row,
        "can_manage": True,
        "querystring": query.urlencode(),
    }
    if request.method == "GET" and "cancel" in request.GET:
        context["table_rows"] = table_rows(plan.rows.for_table().filter(pk=row.pk), plan)
        return render(request, "commplan/rows/includes/rows.html", context)
    auto_id = f"row{row.pk}_%s"
    if request.method == "POST":
        form = PlanRowInlineForm(request.POST, instance=row, auto_id=auto_id)
        status = 422
        if form.is_valid():
            try:
                form.save()
            except EditConflict as conflict:
                # Someone saved the row since this edit began: show what, merged, and save nothing.
                form, status = conflict.form, CONFLICT_STATUS
            else:
                is_filtered = any(
                    value for key, value in query.items() if key in PlanRowFilter.base_filters
                )
                shown = plan.rows.all()
                if is_filtered:  # the filter bar's lists cost queries only a filter needs
                    shown = PlanRowFilter(query, queryset=shown, plan=plan).qs
                context.update(
                    table_rows=table_rows(plan.rows.for_table().filter(pk=row.pk), plan),
                    saved=True,
                    oob=True,
                    totals=shown.totals(),
                    is_filtered=is_filtered,
                )
                return render(request, "commplan/rows/includes/row_saved.html", context)
    else:
        form = PlanRowInlineForm(instance=row, auto_id=auto_id)
        status = 200
    context["form"] = form
    return render(request, "commplan/rows/includes/row_edit.html", context, status=status)


# Channels and messages: plain CRUD inside a plan.


# Members and their roles.
