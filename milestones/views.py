from typing import Any

from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, UpdateView
from django_filters.views import FilterView

from commplan.access import ManagerRequiredMixin, PlanChildDeleteView, PlanChildMixin
from commplan.locking import VersionedUpdateMixin

from .filters import MilestoneFilter
from .forms import MilestoneForm
from .models import Milestone


class MilestoneMixin(PlanChildMixin):
    model: Any = Milestone
    active_tab = "milestones"
    create_title = _("New milestone")
    update_title = _("Edit milestone")
    form_class: Any = MilestoneForm
    list_url_name = "milestones:milestone_list"


class MilestoneListView(MilestoneMixin, FilterView):
    filterset_class = MilestoneFilter
    template_name = "milestones/milestone_list.html"
    paginate_by = 100

    def get_queryset(self):
        return super().get_queryset().with_row_counts()


class MilestoneCreateView(ManagerRequiredMixin, MilestoneMixin, CreateView):
    template_name = "milestones/milestone_form.html"


class MilestoneUpdateView(VersionedUpdateMixin, ManagerRequiredMixin, MilestoneMixin, UpdateView):
    template_name = "milestones/milestone_form.html"


class MilestoneDeleteView(MilestoneMixin, PlanChildDeleteView):
    detach_field = "milestone"
