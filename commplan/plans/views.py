from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import (
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import CreateView, DetailView, ListView, UpdateView
from django_filters.views import FilterView

from ..access import (
    ManagerRequiredMixin,
    PlanChildDeleteView,
    PlanChildMixin,
    get_plan_and_role,
)
from ..cadence import typed_date_warnings
from ..history.recording import update_with_history
from ..locking import VersionedUpdateMixin
from ..models import OPEN_STATUSES, CommunicationPlan, Membership, Role
from ..reminders import welcome
from .filters import PlanFilter
from .forms import MemberAddForm, MemberRoleForm, PlanForm


class PlanListView(LoginRequiredMixin, FilterView):
    filterset_class = PlanFilter
    template_name = "commplan/plans/communicationplan_list.html"
    paginate_by = 25

    def get_queryset(self):
        user = self.request.user
        self.show_archived = self.request.GET.get("archived") == "1"
        return (
            CommunicationPlan.objects.for_user(user)
            .filter(archived_at__isnull=not self.show_archived)
            .annotate(
                row_count=Count("rows", distinct=True),
                open_count=Count("rows", filter=Q(rows__status__in=OPEN_STATUSES), distinct=True),
            )
            .order_by("name", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["show_archived"] = self.show_archived
        context["archived_count"] = (
            CommunicationPlan.objects.for_user(self.request.user)
            .filter(archived_at__isnull=False)
            .count()
        )
        roles = dict(
            Membership.objects.filter(user=self.request.user).values_list("plan_id", "role")
        )
        for plan in context["object_list"]:
            role = Role.MANAGER if self.request.user.is_superuser else roles.get(plan.pk)
            plan.my_role = Role(role) if role else None
        return context


class PlanCreateView(LoginRequiredMixin, CreateView):
    """Anyone signed in may start a plan; they become its manager."""

    model = CommunicationPlan
    form_class = PlanForm
    template_name = "commplan/plans/communicationplan_form.html"

    @transaction.atomic
    def form_valid(self, form):
        response = super().form_valid(form)
        Membership.objects.create(plan=self.object, user=self.request.user, role=Role.MANAGER)
        messages.success(self.request, _("The plan was created. Add stakeholders and activities."))
        return response


class PlanUpdateView(VersionedUpdateMixin, ManagerRequiredMixin, UpdateView):
    plan_url_kwarg = "pk"
    model = CommunicationPlan
    form_class = PlanForm
    template_name = "commplan/plans/communicationplan_form.html"

    def get_object(self, queryset=None):
        return self.plan

    def form_valid(self, form):
        messages.success(self.request, _("The plan was saved."))
        for note in typed_date_warnings(form):
            messages.warning(self.request, note)
        return super().form_valid(form)


class PlanDeleteView(ManagerRequiredMixin, DetailView):
    """Deleting a plan deletes everything in it, so the page says how much that is."""

    plan_url_kwarg = "pk"
    template_name = "commplan/plans/communicationplan_confirm_delete.html"

    def get_object(self, queryset=None):
        return self.plan

    def get_context_data(self, **kwargs):
        kwargs["counts"] = {
            _("activities"): self.plan.rows.count(),
            _("stakeholders"): self.plan.stakeholders.count(),
            _("milestones"): self.plan.milestones.count(),
            _("messages"): self.plan.messages.count(),
            _("channels"): self.plan.channels.count(),
        }
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if request.POST.get("confirm_name", "").strip() != self.plan.name:
            messages.error(request, _("Type the plan's name exactly to delete it."))
            return HttpResponseRedirect(request.path)
        with transaction.atomic():
            # Rows first: their links to stakeholders, messages and milestones are protected.
            self.plan.rows.all().delete()
            self.plan.delete()
        messages.success(request, _("The plan “%(name)s” was deleted.") % {"name": self.plan.name})
        return redirect("commplan:plan_list")


@login_required
def plan_archive(request, pk):
    """Archive a plan (read-only, off the dashboard, never reminded) or restore it.

    Archiving asks first: a POST without `confirmed` answers with a page saying what archiving
    does, whose button posts again with it. The role is checked before the method, so outsiders
    get 404 and members 403 either way.
    """
    plan, role = get_plan_and_role(request.user, pk)
    if role != Role.MANAGER:
        raise PermissionDenied(_("Only the plan's managers may archive or restore it."))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    action = request.POST.get("action")
    if action not in ("archive", "restore"):
        raise BadRequest(_("Say whether to archive or restore the plan."))
    if action == "archive" and not request.POST.get("confirmed"):
        if plan.is_archived:
            return redirect(plan)
        context = {"plan": plan, "role": role, "active_tab": "settings"}
        return render(request, "commplan/plans/communicationplan_confirm_archive.html", context)
    plan.archived_at = timezone.now() if action == "archive" else None
    plan.save(update_fields=["archived_at", "updated_at"])
    if action == "archive":
        messages.success(
            request, _("The plan was archived. It is read-only and no longer reminded.")
        )
    else:
        messages.success(request, _("The plan was restored and can be changed again."))
    return redirect(plan)


class MemberMixin(PlanChildMixin):
    model: Any = Membership
    active_tab = "members"
    create_title = _("Add a member")
    update_title = _("Change role")
    created_message = ""  # MemberCreateView names the person
    saved_message = _("The role was changed.")
    list_url_name = "commplan:member_list"

    def get_queryset(self):
        return super().get_queryset().select_related("user")


class MemberListView(MemberMixin, ListView):
    template_name = "commplan/plans/membership_list.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(
                owned_count=Count(
                    "user__owned_rows",
                    filter=Q(user__owned_rows__plan=self.plan),
                    distinct=True,
                )
            )
            .order_by("role", "user__first_name", "user__username")
        )


class MemberCreateView(ManagerRequiredMixin, MemberMixin, CreateView):
    form_class = MemberAddForm
    template_name = "commplan/plans/membership_form.html"

    def form_valid(self, form):
        messages.success(
            self.request, _("%(person)s was added to the plan.") % {"person": form.instance.user}
        )
        response = super().form_valid(form)
        if not welcome.announce(self.object, self.request.user).get("queued", True):
            messages.info(
                self.request,
                _("The task queue is not answering; the welcome email goes with the next sweep."),
            )
        return response


class MemberUpdateView(ManagerRequiredMixin, MemberMixin, UpdateView):
    """Changes a member's role; one who may no longer own activities leaves theirs unassigned."""

    form_class = MemberRoleForm
    template_name = "commplan/plans/membership_form.html"

    def owned_rows(self):
        return self.plan.rows.filter(owner=self.object.user)

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            rows = list(self.owned_rows()) if not Role(self.object.role).owns_rows else []
            if rows:
                update_with_history(rows, ["owner"], owner=None)
        if rows:
            messages.warning(
                self.request,
                ngettext(
                    "Executives cannot own activities: %(count)d activity of %(person)s "
                    "now has no owner.",
                    "Executives cannot own activities: %(count)d activities of %(person)s "
                    "now have no owner.",
                    len(rows),
                )
                % {"count": len(rows), "person": self.object.user},
            )
        return response


class MemberDeleteView(MemberMixin, PlanChildDeleteView):
    """Removing a member leaves their activities in the plan, unassigned."""

    template_name = "commplan/plans/membership_confirm_delete.html"
    detach_field = "owner"

    def get_rows(self):
        return self.plan.rows.filter(owner=self.object.user).select_related(
            "stakeholder", "message"
        )

    def form_valid(self, form):
        membership = self.object
        if (
            membership.role == Role.MANAGER
            and not self.plan.memberships.filter(role=Role.MANAGER)
            .exclude(pk=membership.pk)
            .exists()
        ):
            messages.error(self.request, _("A plan needs at least one manager."))
            return HttpResponseRedirect(self.request.path)
        return super().form_valid(form)
