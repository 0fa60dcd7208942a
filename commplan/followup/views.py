"""Follow-up pages: recording a review, and My work (a person's open activities across plans)."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, ListView

from ..access import PlanAccessMixin
from ..cadence import next_review_date, typed_date_warnings
from ..feedback.services import row_pulse
from ..models import PlanRow, Review
from ..readiness.forms import ReviewReadinessForm
from ..rows.my_table import my_labels, my_rows
from ..rows.table import render_resources, row_labels, table_row
from ..services import record_review
from .forms import ReviewForm

UPCOMING_DAYS = 14


class ReviewCreateView(PlanAccessMixin, CreateView):
    """The row's owner or a manager records a follow-up; the row moves on in the same step.

    Success goes back to the safe `next` (the page the person came from, e.g. /my/), else to
    the review in the row's history.
    """

    model = Review
    form_class = ReviewForm
    edits = True
    template_name = "commplan/followup/review_form.html"

    def get_row(self):
        if not hasattr(self, "row"):
            self.row = get_object_or_404(self.plan.rows.for_table(), pk=self.kwargs["pk"])
            if not self.acts_for(self.row):
                raise PermissionDenied(
                    _("Only the activity's owner and the plan's managers may record a review.")
                )
            self.cadence_date = next_review_date(self.row, after=timezone.localdate())
            pulse = row_pulse(self.row, texts=False)
            self.evidence = pulse.evidence if pulse.links else None
        return self.row

    def get(self, request, *args, **kwargs):
        self.get_row()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.get_row()
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        initial = super().get_initial()
        if self.evidence is not None and self.evidence.suggestion:
            initial["goal_reached"] = self.evidence.suggestion  # what the answers say
        return initial

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Review(row=self.row, reviewed_by=self.request.user)
        kwargs["cadence_date"] = self.cadence_date
        return kwargs

    def get_next_url(self):
        url = self.request.POST.get("next") or self.request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(
            url, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return url
        return ""

    def get_readiness_form(self):
        """The optional "where does the group stand now?" question, answered with the review."""
        if not hasattr(self, "readiness_form"):
            data = self.request.POST if self.request.method == "POST" else None
            self.readiness_form = ReviewReadinessForm(data, stakeholder=self.row.stakeholder)
        return self.readiness_form

    def form_valid(self, form):
        readiness = self.get_readiness_form()
        if not readiness.is_valid():
            return self.form_invalid(form)
        with transaction.atomic():
            self.object = record_review(form.instance, **form.row_changes())
            record = readiness.record(self.object)
            if record is not None:
                record.save()
        messages.success(self.request, _("The review was recorded."))
        for note in typed_date_warnings(form):
            messages.warning(self.request, note)
        return redirect(self.get_next_url() or self.object.get_absolute_url())

    def get_context_data(self, **kwargs):
        kwargs.update(
            row=self.row,
            active_tab="table",
            cadence_date=self.cadence_date,
            readiness_form=self.get_readiness_form(),
            evidence=self.evidence,
            next_url=self.get_next_url(),
            today=timezone.localdate(),
            # Worded and marked up by the plan table's own formatter and template.
            resources=render_resources(table_row(self.row, self.plan), row_labels()),
        )
        return super().get_context_data(**kwargs)


class MyWorkView(LoginRequiredMixin, ListView):
    """The signed-in owner's open activities across all their plans, by review date."""

    template_name = "commplan/followup/my_work.html"

    def get_queryset(self):
        return (
            PlanRow.objects.for_user(self.request.user)
            .filter(owner=self.request.user)
            .open()
            .select_related("plan", "stakeholder", "message", "channel", "milestone")
            .order_by("next_review_date", "plan__name", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        horizon = today + timedelta(days=UPCOMING_DAYS)
        groups = {"overdue": [], "today": [], "upcoming": [], "later": []}
        # The rows as plain values, not model instances (issue 16: 300 rows within 50 ms).
        context["object_list"] = rows = my_rows(self.object_list)
        for row in rows:
            if row.next_review_date is None or row.next_review_date > horizon:
                groups["later"].append(row)
            elif row.next_review_date < today:
                groups["overdue"].append(row)
            elif row.next_review_date == today:
                groups["today"].append(row)
            else:
                groups["upcoming"].append(row)
        context.update(
            groups=groups,
            my_labels=my_labels(),
            today=today,
            upcoming_days=UPCOMING_DAYS,
        )
        return context
