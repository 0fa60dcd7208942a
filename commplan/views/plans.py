from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods
from django.views.generic import CreateView, DetailView, ListView, UpdateView, View
from django_filters.views import FilterView

from .. import exports, welcome
from ..access import (
    ManagerRequiredMixin,
    PlanAccessMixin,
    PlanChildDeleteView,
    PlanChildMixin,
    ensure_writable,
    get_plan_and_role,
)
from ..cadence import typed_date_warnings
from ..feedback.views import row_page_context
from ..filters import PlanFilter, PlanRowFilter
from ..forms import (
    AssuranceForm,
    ChannelForm,
    MemberAddForm,
    MemberRoleForm,
    MessageForm,
    PlanForm,
    PlanRowForm,
    PlanRowInlineForm,
)
from ..history.recording import update_with_history
from ..locking import CONFLICT_STATUS, EditConflict, VersionedUpdateMixin
from ..models import Channel, CommunicationPlan, Membership, Message, PlanRow, Role
from ..table import my_rows, table_rows
from .history import latest_changes

PER_PAGE_CHOICES = (25, 50, 100, 250, 500, 1000)
DEFAULT_PER_PAGE = 100
UPCOMING_DAYS = 14


@login_required
def home(request):
    """Send each person to what they need: managers to plans, owners to their work, executives
    to the dashboard."""
    roles = set(Membership.objects.filter(user=request.user).values_list("role", flat=True))
    if request.user.is_superuser or Role.MANAGER in roles or not roles:
        return redirect("commplan:plan_list")
    if Role.OWNER in roles:
        return redirect("commplan:my_work")
    return redirect("commplan:dashboard")


class PlanListView(LoginRequiredMixin, FilterView):
    filterset_class = PlanFilter
    template_name = "commplan/communicationplan_list.html"
    paginate_by = 25

    def get_queryset(self):
        user = self.request.user
        self.show_archived = self.request.GET.get("archived") == "1"
        return (
            CommunicationPlan.objects.for_user(user)
            .filter(archived_at__isnull=not self.show_archived)
            .annotate(
                row_count=Count("rows", distinct=True),
                open_count=Count(
                    "rows", filter=Q(rows__status__in=["planned", "active"]), distinct=True
                ),
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
    template_name = "commplan/communicationplan_form.html"

    @transaction.atomic
    def form_valid(self, form):
        response = super().form_valid(form)
        Membership.objects.create(plan=self.object, user=self.request.user, role=Role.MANAGER)
        messages.success(self.request, _("The plan was created. Add stakeholders and activities."))
        return response


class PlanUpdateView(ManagerRequiredMixin, UpdateView):
    plan_url_kwarg = "pk"
    model = CommunicationPlan
    form_class = PlanForm
    template_name = "commplan/communicationplan_form.html"

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
    template_name = "commplan/communicationplan_confirm_delete.html"

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
        return render(request, "commplan/communicationplan_confirm_archive.html", context)
    plan.archived_at = timezone.now() if action == "archive" else None
    plan.save(update_fields=["archived_at", "updated_at"])
    if action == "archive":
        messages.success(
            request, _("The plan was archived. It is read-only and no longer reminded.")
        )
    else:
        messages.success(request, _("The plan was restored and can be changed again."))
    return redirect(plan)


class PlanDetailView(PlanAccessMixin, FilterView):
    """The plan table: the toolkit's five columns, filtered, totalled and paginated."""

    plan_url_kwarg = "pk"
    filterset_class = PlanRowFilter
    template_name = "commplan/communicationplan_detail.html"
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


class PlanExportView(PlanAccessMixin, View):
    """The rows the plan table's filters show, as .xlsx or .csv, with the plan header,
    milestones, stakeholders, messages and channels, and headings in the person's language.
    A text longer than a spreadsheet cell holds is not cut: the plan page says where it is."""

    plan_url_kwarg = "pk"

    def get(self, request, *args, **kwargs):
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


class RowMixin(PlanChildMixin):
    model = PlanRow
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

    template_name = "commplan/planrow_detail.html"

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
    template_name = "commplan/planrow_form.html"

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

    template_name = "commplan/planrow_form.html"
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
    row = get_object_or_404(plan.rows.for_table(), pk=pk)
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
        return render(request, "commplan/includes/rows.html", context)
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
                filterset = PlanRowFilter(query, queryset=plan.rows.all(), plan=plan)
                context.update(
                    table_rows=table_rows(plan.rows.for_table().filter(pk=row.pk), plan),
                    saved=True,
                    oob=True,
                    totals=filterset.qs.totals(),
                    is_filtered=any(
                        value for key, value in query.items() if key in filterset.filters
                    ),
                )
                return render(request, "commplan/includes/row_saved.html", context)
    else:
        form = PlanRowInlineForm(instance=row, auto_id=auto_id)
        status = 200
    context["form"] = form
    return render(request, "commplan/includes/row_edit.html", context, status=status)


class MyWorkView(LoginRequiredMixin, ListView):
    """The signed-in owner's open activities across all their plans, by review date."""

    template_name = "commplan/my_work.html"

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
            today=today,
            upcoming_days=UPCOMING_DAYS,
        )
        return context


# Channels and messages: plain CRUD inside a plan.


class ChannelMixin(PlanChildMixin):
    model = Channel
    active_tab = "channels"
    create_title = _("New channel")
    update_title = _("Edit channel")
    form_class = ChannelForm
    list_url_name = "commplan:channel_list"


class ChannelListView(ChannelMixin, ListView):
    template_name = "commplan/channel_list.html"

    def get_queryset(self):
        return super().get_queryset().with_row_counts()


class ChannelCreateView(ManagerRequiredMixin, ChannelMixin, CreateView):
    template_name = "commplan/channel_form.html"


class ChannelUpdateView(ManagerRequiredMixin, ChannelMixin, UpdateView):
    template_name = "commplan/channel_form.html"


class ChannelDeleteView(ChannelMixin, PlanChildDeleteView):
    detach_field = "channel"


class MessageMixin(PlanChildMixin):
    model = Message
    active_tab = "messages"
    create_title = _("New message")
    update_title = _("Edit message")
    form_class = MessageForm
    list_url_name = "commplan:message_list"


class MessageListView(MessageMixin, ListView):
    template_name = "commplan/message_list.html"

    def get_queryset(self):
        return super().get_queryset().with_row_counts()


class MessageCreateView(ManagerRequiredMixin, MessageMixin, CreateView):
    template_name = "commplan/message_form.html"


class MessageUpdateView(ManagerRequiredMixin, MessageMixin, UpdateView):
    template_name = "commplan/message_form.html"


class MessageDeleteView(MessageMixin, PlanChildDeleteView):
    pass


# Members and their roles.


class MemberMixin(PlanChildMixin):
    model = Membership
    active_tab = "members"
    create_title = _("Add a member")
    update_title = _("Change role")
    created_message = ""  # MemberCreateView names the person
    saved_message = _("The role was changed.")
    list_url_name = "commplan:member_list"

    def get_queryset(self):
        return super().get_queryset().select_related("user")


class MemberListView(MemberMixin, ListView):
    template_name = "commplan/membership_list.html"

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
    template_name = "commplan/membership_form.html"

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
    template_name = "commplan/membership_form.html"

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

    template_name = "commplan/membership_confirm_delete.html"
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
