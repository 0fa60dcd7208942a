"""Pages that start a plan from the toolkit: a new plan from the S&OP template, a copied plan."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView

from milestones.models import Phase

from ..access import WRITE_ROLES, PlanAccessMixin
from . import content
from .build import create_plan_from_template, milestone_date
from .copying import copy_plan
from .forms import CopyPlanForm, TemplatePlanForm


def template_outline(start_date):
    """What the template creates: each phase with its milestones' weeks after `start_date` and
    the dates they fall on, and the counts."""
    phases = {phase: [] for phase in Phase}
    for spec in content.MILESTONES:
        phases[spec.phase].append((spec.weeks, milestone_date(spec, start_date)))
    return {
        "start_date": start_date,
        "phases": [(phase.label, milestones) for phase, milestones in phases.items()],
        "counts": {
            "stakeholders": len(content.STAKEHOLDERS),
            "channels": len(content.CHANNELS),
            "messages": len(content.MESSAGES),
            "milestones": len(content.MILESTONES),
            "activities": len(content.ROWS),
        },
        "channels": [spec.name for spec in content.CHANNELS],
    }


OUTLINE_TEMPLATE = "commplan/starter/includes/template_outline.html"


def start_or_today(value):
    """The start date in `value` (typed text or a date), or today when it is none."""
    try:
        return TemplatePlanForm.base_fields["start_date"].to_python(value) or timezone.localdate()
    except ValidationError:
        return timezone.localdate()


class PlanFromTemplateView(LoginRequiredMixin, FormView):
    """Anyone signed in may start a plan from the S&OP template; they become its manager."""

    form_class = TemplatePlanForm
    template_name = "commplan/starter/communicationplan_template_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        start = context["form"]["start_date"].value()
        context["outline"] = template_outline(start_or_today(start))
        return context

    def get(self, request, *args, **kwargs):
        if request.headers.get("HX-Request") and "start_date" in request.GET:
            # The start date changed: only the outline, with the dates from the new start.
            outline = template_outline(start_or_today(request.GET["start_date"]))
            return render(request, OUTLINE_TEMPLATE, {"outline": outline})
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        plan = create_plan_from_template(self.request.user, **form.cleaned_data)
        messages.success(
            self.request,
            _(
                "The plan was created from the S&OP template. Adjust the stakeholders, "
                "milestones and activities to your company, and delegate the activities to "
                "their owners."
            ),
        )
        return redirect(plan)


class PlanCopyView(PlanAccessMixin, FormView):
    """A plan's managers copy it, e.g. for the roll-out to the next site. An archived plan may
    be copied: a finished pilot is the usual starting point."""

    plan_url_kwarg = "pk"
    allowed_roles = WRITE_ROLES
    posts_change_plan = False
    form_class = CopyPlanForm
    template_name = "commplan/starter/communicationplan_copy_form.html"

    def get_initial(self):
        return {
            "name": _("%(name)s (copy)") % {"name": self.plan.name},
            "organisation": self.plan.organisation,
        }

    def get_context_data(self, **kwargs):
        kwargs["counts"] = {
            relation: getattr(self.plan, relation).count()
            for relation in ("rows", "stakeholders", "milestones", "messages", "channels")
        }
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            plan = copy_plan(
                self.plan,
                self.request.user,
                name=data["name"],
                organisation=data["organisation"],
                offset=data["delta"],
                copy_members=data["copy_members"],
            )
        except OverflowError:
            form.add_error("offset", _("Moved this far, some dates fall outside the calendar."))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The plan was copied. Every activity and milestone is planned again."),
        )
        return redirect(plan)
