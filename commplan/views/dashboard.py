"""The executive dashboard: one plan's milestone dashboard, and the roll-up of a person's plans.

Both pages only read. The numbers and the timeline's layout come from commplan.dashboard.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import TemplateView

from milestones.models import MilestoneStatus

from ..access import PlanAccessMixin
from ..dashboard import Coverage, plan_dashboard, rollup
from ..dashboard.timeline import timeline_chart
from ..models import CommunicationPlan
from ..understanding.figures import WEEKS, landing_total


class PlanDashboardView(PlanAccessMixin, TemplateView):
    """One plan's milestone dashboard, for every member of the plan; read-only."""

    plan_url_kwarg = "pk"
    template_name = "commplan/dashboard.html"

    def get_context_data(self, **kwargs):
        dashboard = plan_dashboard(self.plan, timezone.localdate())
        kwargs.update(
            dashboard=dashboard,
            timeline=timeline_chart(dashboard),
            coverage_legend=[
                (key, Coverage.SYMBOLS[key], label) for key, label in Coverage.labels().items()
            ],
            milestone_statuses=MilestoneStatus,
            active_tab="dashboard",
        )
        return super().get_context_data(**kwargs)


class DashboardView(LoginRequiredMixin, TemplateView):
    """The roll-up of the signed-in person's plans; with one plan, that plan's dashboard."""

    template_name = "commplan/dashboard_rollup.html"

    def get(self, request, *args, **kwargs):
        plans = CommunicationPlan.objects.for_user(request.user).active()
        first_two = list(plans.values_list("pk", flat=True)[:2])
        if len(first_two) == 1:
            return redirect("commplan:plan_dashboard", pk=first_two[0])
        self.plans = rollup(plans, timezone.localdate()) if first_two else []
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs["plans"] = self.plans
        kwargs["landing_total"] = landing_total(self.plans)
        kwargs["landing_weeks"] = WEEKS
        return super().get_context_data(**kwargs)
