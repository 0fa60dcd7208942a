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
from ..meetings.follow import recent_meetings
from ..models import CommunicationPlan, Role
from ..understanding.figures import landing_total
from ..understanding.privacy import protect_total


class PlanDashboardView(PlanAccessMixin, TemplateView):
    """One plan's milestone dashboard, for every member of the plan; read-only."""

    plan_url_kwarg = "pk"
    template_name = "commplan/dashboard/dashboard.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        dashboard = plan_dashboard(self.plan, today)
        kwargs.update(
            dashboard=dashboard,
            # The last meetings' decisions and which groups have heard (an owner: those behind
            # their activities); the meetings a person took part in are marked.
            recent_meetings=recent_meetings(
                self.plan,
                today,
                self.request.user,
                owner=self.request.user if self.role == Role.OWNER else None,
            ),
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

    template_name = "commplan/dashboard/rollup.html"

    def get(self, request, *args, **kwargs):
        plans = CommunicationPlan.objects.for_user(request.user).active()
        first_two = list(plans.values_list("pk", flat=True)[:2])
        if len(first_two) == 1:
            return redirect("commplan:plan_dashboard", pk=first_two[0])
        self.plans = rollup(plans, timezone.localdate()) if first_two else []
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs["plans"] = self.plans
        kwargs["landing_total"] = protect_total(self.plans, landing_total(self.plans))
        return super().get_context_data(**kwargs)
