from typing import Any

from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, UpdateView
from django_filters.views import FilterView

from commplan.access import ManagerRequiredMixin, PlanChildDeleteView, PlanChildMixin
from commplan.locking import VersionedUpdateMixin
from commplan.readiness.standing import current_position

from .filters import StakeholderFilter
from .forms import StakeholderForm
from .models import Stakeholder


class StakeholderMixin(PlanChildMixin):
    model: Any = Stakeholder
    active_tab = "stakeholders"
    create_title = _("New stakeholder")
    update_title = _("Edit stakeholder")
    form_class: Any = StakeholderForm
    list_url_name = "stakeholders:stakeholder_list"


class StakeholderListView(StakeholderMixin, FilterView):
    filterset_class = StakeholderFilter
    template_name = "stakeholders/stakeholder_list.html"
    paginate_by = 100

    def get_queryset(self):
        return super().get_queryset().annotate(readiness_now=current_position()).with_row_counts()


class StakeholderCreateView(ManagerRequiredMixin, StakeholderMixin, CreateView):
    template_name = "stakeholders/stakeholder_form.html"


class StakeholderUpdateView(
    VersionedUpdateMixin, ManagerRequiredMixin, StakeholderMixin, UpdateView
):
    template_name = "stakeholders/stakeholder_form.html"


class StakeholderDeleteView(StakeholderMixin, PlanChildDeleteView):
    pass
