"""Baselines: managers save a named snapshot of the plan; everyone in it can compare the plan
now with one."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DeleteView, DetailView, ListView

from ..access import ManagerRequiredMixin, PlanAccessMixin
from ..history.baselines import compare, take_snapshot
from ..history.forms import BaselineForm
from ..models import Baseline


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
