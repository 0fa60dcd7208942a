"""A stakeholder group's readiness page: where it stands, where it must be by each milestone,
and every position recorded (who, when, why). Managers record positions and set targets here;
owners record positions at their reviews (commplan/views/followup.py)."""

from typing import Any

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from milestones.models import Milestone
from stakeholders.models import Stakeholder

from ..access import ManagerRequiredMixin, PlanAccessMixin
from ..dashboard.common import MILESTONE_FIELDS
from ..dashboard.overview import next_open_milestone
from ..models import Readiness, ReadinessRecord, ReadinessTarget
from .forms import ReadinessRecordForm, ReadinessTargetsForm
from .standing import Standing, desired_by, label, live

HISTORY_LIMIT = 200  # records shown; a group assessed weekly for four years fits


def label_or_blank(position):
    return label(position) if position else ""


class StakeholderReadinessMixin(PlanAccessMixin):
    """The stakeholder of the address, in the signed-in person's plan (404 otherwise)."""

    active_tab = "stakeholders"
    template_name: Any = "commplan/readiness/stakeholder_readiness.html"

    @property
    def stakeholder(self):
        if not hasattr(self, "_stakeholder"):
            self._stakeholder = get_object_or_404(
                Stakeholder.objects.filter(plan=self.plan), pk=self.kwargs["pk"]
            )
        return self._stakeholder

    def milestones(self):
        if not hasattr(self, "_milestones"):
            self._milestones = live(
                Milestone.objects.filter(plan=self.plan)
                .only(*MILESTONE_FIELDS)
                .order_by("planned_date", "phase", "pk")
            )
        return self._milestones

    def get_context_data(self, record_form=None, targets_form=None, **kwargs):
        stakeholder, milestones = self.stakeholder, self.milestones()
        records = list(
            ReadinessRecord.objects.filter(stakeholder=stakeholder)
            .select_related("recorded_by", "review")
            .order_by("-recorded_on", "-pk")[:HISTORY_LIMIT]
        )
        targets = {
            target.milestone_id: target.position
            for target in ReadinessTarget.objects.filter(stakeholder=stakeholder)
        }
        upcoming = next_open_milestone(milestones, timezone.localdate())
        desired, milestone = desired_by(targets, milestones, upcoming)
        newest = records[0] if records else None
        standing = Standing(
            current=newest.position if newest else None,
            desired=desired,
            milestone=milestone,
            recorded_on=newest.recorded_on if newest else None,
        )
        if self.can_manage:
            record_form = record_form or ReadinessRecordForm()
            targets_form = targets_form or ReadinessTargetsForm(
                stakeholder=stakeholder, milestones=milestones
            )
        kwargs.update(
            stakeholder=stakeholder,
            standing=standing,
            next_milestone=upcoming,
            ladder=[
                (value, name, value == standing.current, value == standing.desired)
                for value, name in Readiness.choices
            ],
            milestone_targets=[
                {
                    "milestone": m,
                    "target": label(targets[m.pk]) if m.pk in targets else "",
                    "holding": label_or_blank(desired_by(targets, milestones, m)[0]),
                    "field": targets_form[targets_form.field_name(m)] if targets_form else None,
                }
                for m in milestones
            ],
            records=records,
            record_form=record_form,
            targets_form=targets_form,
            active_tab=self.active_tab,
        )
        return super().get_context_data(**kwargs)


class ReadinessDetailView(StakeholderReadinessMixin, TemplateView):
    """For every member of the plan; the forms on it are for its managers."""

    http_method_names = ["get", "head", "options"]


class ReadinessRecordView(ManagerRequiredMixin, StakeholderReadinessMixin, TemplateView):
    """A manager records where the group stands now (POST only; errors show on the page)."""

    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        form = ReadinessRecordForm(
            request.POST,
            instance=ReadinessRecord(stakeholder=self.stakeholder, recorded_by=request.user),
        )
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(record_form=form), status=422)
        record = form.save()
        messages.success(
            request,
            _("“%(group)s” is recorded as %(position)s.")
            % {"group": self.stakeholder.name, "position": record.get_position_display().lower()},
        )
        return redirect("commplan:readiness_detail", plan_pk=self.plan.pk, pk=self.stakeholder.pk)


class ReadinessTargetsView(ManagerRequiredMixin, StakeholderReadinessMixin, TemplateView):
    """A manager sets the desired position by each milestone (POST only)."""

    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        form = ReadinessTargetsForm(
            request.POST, stakeholder=self.stakeholder, milestones=self.milestones()
        )
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(targets_form=form), status=422)
        if form.save():
            messages.success(request, _("The desired positions were saved."))
        return redirect("commplan:readiness_detail", plan_pk=self.plan.pk, pk=self.stakeholder.pk)
