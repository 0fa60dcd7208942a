"""History pages: one object's changes, and all of a plan's recent changes (managers)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DeleteView, DetailView, ListView, TemplateView

from ..access import ManagerRequiredMixin, PlanAccessMixin
from ..history.baselines import compare, take_snapshot
from ..history.forms import BaselineForm, ChangesFilterForm
from ..history.timeline import KINDS, describe, entries, object_records, ordered, plan_records
from ..models import Baseline, Role

# The tab of the plan's navigation each kind of object lives under.
TABS = {
    "row": "table",
    "stakeholder": "stakeholders",
    "milestone": "milestones",
    "message": "messages",
    "channel": "channels",
    "member": "members",
    "meeting": "meetings",
    "decision": "meetings",
    "plan": "settings",
}
ROW_PAGE_CHANGES = 10
# Where "back" leads from a history page: the list the object is shown in, and its name.
BACK = {
    "row": ("commplan:plan_detail", _("Back to the plan")),
    "stakeholder": ("stakeholders:stakeholder_list", _("Back to the stakeholders")),
    "milestone": ("milestones:milestone_list", _("Back to the milestones")),
    "message": ("commplan:message_list", _("Back to the messages")),
    "channel": ("commplan:channel_list", _("Back to the channels")),
    "member": ("commplan:member_list", _("Back to the members")),
    "meeting": ("commplan:meeting_list", _("Back to the meetings")),
    "decision": ("commplan:meeting_list", _("Back to the meetings")),
    "plan": ("commplan:plan_detail", _("Back to the plan")),
}


def back_link(plan, kind, pk, exists, can_manage):
    """(url, label) of the page a history page returns to: the activity itself while it
    exists, the plan header for its managers, else the list the object lived in."""
    if kind == "row" and exists:
        return reverse("commplan:row_detail", args=[plan.pk, pk]), _("Back to the activity")
    if kind == "plan" and can_manage:
        return reverse("commplan:plan_update", args=[plan.pk]), _("Back to the plan header")
    name, label = BACK[kind]
    key = "pk" if name == "commplan:plan_detail" else "plan_pk"
    return reverse(name, kwargs={key: plan.pk}), label


def latest_changes(plan, kind, pk, can_manage, limit=ROW_PAGE_CHANGES):
    """The latest entries of one object's history, for its own page."""
    items = list(ordered(object_records(plan, kind, pk))[:limit])
    return entries(items, plan, can_manage)


class ObjectHistoryView(PlanAccessMixin, TemplateView):
    """Who changed what in one activity (with its reviews), stakeholder, milestone, message,
    channel, member or the plan header, newest first; deleted objects too."""

    template_name = "commplan/history/object_history.html"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        kind, pk = self.kwargs["kind"], self.kwargs["pk"]
        if kind in ("meeting", "decision") and self.role == Role.OWNER:
            raise Http404  # owners see only the decisions behind their rows, not their history
        records = object_records(self.plan, kind, pk)
        label, exists = describe(self.plan, kind, pk)
        page = Paginator(ordered(records), self.paginate_by).get_page(self.request.GET.get("page"))
        kwargs.update(
            kind=kind,
            kind_label=KINDS[kind][1],
            object_label=label,
            exists=exists,
            page_obj=page,
            entries=entries(page.object_list, self.plan, self.can_manage),
            active_tab=TABS[kind],
            back=back_link(self.plan, kind, pk, exists, self.can_manage),
        )
        return super().get_context_data(**kwargs)


class PlanChangesView(ManagerRequiredMixin, TemplateView):
    """Every change in the plan, newest first, filtered by kind and person."""

    template_name = "commplan/history/plan_changes.html"
    edits = False  # an archived plan's history stays readable
    paginate_by = 50

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        form = ChangesFilterForm(query or None, plan=self.plan)
        records = {kind: plan_records(self.plan, kind) for kind in KINDS}
        if form.is_valid():
            records = form.filter(records)
        page = Paginator(ordered(records), self.paginate_by).get_page(self.request.GET.get("page"))
        kwargs.update(
            form=form,
            page_obj=page,
            entries=entries(page.object_list, self.plan, self.can_manage),
            is_filtered=form.is_bound and form.is_valid() and any(form.cleaned_data.values()),
            active_tab="history",
        )
        return super().get_context_data(**kwargs)


class BaselineMixin:
    active_tab = "history"

    def get_queryset(self):
        return self.plan.baselines.select_related("created_by")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("active_tab", self.active_tab)
        return super().get_context_data(**kwargs)


class BaselineListView(BaselineMixin, PlanAccessMixin, ListView):
    template_name = "commplan/history/baseline_list.html"
    paginate_by = 50

    def get_queryset(self):
        return super().get_queryset().defer("snapshot")


class BaselineCreateView(BaselineMixin, ManagerRequiredMixin, CreateView):
    """Saves the plan as it is now under a name."""

    form_class = BaselineForm
    template_name = "commplan/history/baseline_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Baseline(plan=self.plan, created_by=self.request.user)
        return kwargs

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form_title", _("Save a baseline"))
        kwargs.setdefault("cancel_url", reverse("commplan:baseline_list", args=[self.plan.pk]))
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        form.instance.snapshot = take_snapshot(self.plan)
        try:
            with transaction.atomic():
                response = super().form_valid(form)
        except IntegrityError:
            # Another manager saved the same name a moment ago.
            form.add_error("name", _("The plan already has a baseline with this name."))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The baseline “%(name)s” was saved.") % {"name": self.object.name},
        )
        return response

    def get_success_url(self):
        return reverse("commplan:baseline_detail", args=[self.plan.pk, self.object.pk])


class BaselineDetailView(BaselineMixin, PlanAccessMixin, DetailView):
    """The plan now compared with the baseline."""

    template_name = "commplan/history/baseline_detail.html"

    def get_context_data(self, **kwargs):
        kwargs["comparison"] = compare(self.object.snapshot, self.plan)
        return super().get_context_data(**kwargs)


class BaselineDeleteView(BaselineMixin, ManagerRequiredMixin, DeleteView):
    template_name = "commplan/history/baseline_confirm_delete.html"

    def form_valid(self, form):
        messages.success(
            self.request, _("The baseline “%(name)s” was deleted.") % {"name": self.object.name}
        )
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("commplan:baseline_list", args=[self.plan.pk])
