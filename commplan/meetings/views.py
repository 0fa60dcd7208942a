"""Pages of S&OP meetings and decisions: managers record them and review the drafted
activities; executives read them; owners see the decisions behind their own activities."""

import datetime
from typing import Any

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView
from django.views.generic.edit import FormMixin

from commplan.fields import plan_members

from ..access import ManagerRequiredMixin, PlanChildDeleteView, PlanChildMixin
from ..locking import VersionedUpdateMixin
from ..models import Channel, Decision, Meeting, MeetingKind, PlanRow, Role
from . import follow
from .cycle import next_meetings
from .drafting import Draft, create_activities, drafts_for, message_goal
from .follow import behind_rows_of
from .forms import DecisionForm, DraftFormSet, MeetingForm


class MeetingMixin(PlanChildMixin):
    model: Any = Meeting
    form_class: Any = MeetingForm
    list_url_name = "commplan:meeting_list"
    active_tab = "meetings"
    create_title = gettext_lazy("Record an S&OP meeting")
    update_title = gettext_lazy("Edit the meeting")

    @property
    def sees_all(self):
        """Managers and executives read every meeting; owners the decisions behind their rows."""
        return self.role != Role.OWNER

    def visible_decisions(self):
        decisions = Decision.objects.filter(meeting__plan=self.plan)
        if not self.sees_all:
            decisions = decisions.filter(behind_rows_of(self.request.user))
        return decisions

    def get_queryset(self):
        meetings = Meeting.objects.filter(plan=self.plan)
        if not self.sees_all:
            meetings = meetings.filter(
                Exists(self.visible_decisions().filter(meeting=OuterRef("pk")))
            )
        return meetings

    def get_success_url(self):
        return self.object.get_absolute_url()


class MeetingListView(MeetingMixin, ListView):
    """The plan's meetings, newest first, with how far each one's decisions have reached, and
    the dates the cycle proposes next."""

    template_name = "commplan/meetings/meeting_list.html"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        meetings = context["object_list"]
        decisions = follow.decisions_of(meetings, today)
        mine = None if self.sees_all else set(self.visible_decisions().values_list("pk", flat=True))
        for meeting in meetings:
            visible = decisions[meeting.pk]
            if mine is not None:
                visible = [d for d in visible if d.pk in mine]
            meeting.decision_list = visible
            meeting.communicated_count = sum(d.communicated for d in visible)
        context.update(
            today=today,
            proposals=next_meetings(self.plan, today) if self.can_manage else [],
            has_cycle=self.plan.has_sop_cycle,
        )
        return context


class MeetingDetailView(MeetingMixin, DetailView):
    """One meeting: attendees, minutes and its decisions with the groups that have heard."""

    template_name = "commplan/meetings/meeting_detail.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        decisions = (
            self.visible_decisions()
            .filter(meeting=self.object)
            .select_related("meeting")
            .prefetch_related(follow.affected_prefetch())
        )
        kwargs.update(
            decisions=follow.with_reach(decisions, today),
            attendees=self.object.attendees.order_by("first_name", "last_name", "username"),
            today=today,
        )
        return super().get_context_data(**kwargs)


class MeetingCreateView(ManagerRequiredMixin, MeetingMixin, CreateView):
    template_name = "commplan/meetings/meeting_form.html"

    def get_initial(self):
        """A proposed meeting's kind and date, from the list's proposals."""
        initial = {}
        if self.request.GET.get("kind") in MeetingKind.values:
            initial["kind"] = self.request.GET["kind"]
        try:
            initial["date"] = datetime.date.fromisoformat(self.request.GET.get("date", ""))
        except ValueError:
            pass
        return initial


class MeetingUpdateView(VersionedUpdateMixin, ManagerRequiredMixin, MeetingMixin, UpdateView):
    template_name = "commplan/meetings/meeting_form.html"


class MeetingDeleteView(MeetingMixin, PlanChildDeleteView):
    """Deleting a meeting deletes its decisions; their activities stay, without the link."""

    detach_field = "decision"

    def get_rows(self):
        return PlanRow.objects.filter(decision__meeting=self.object).select_related(
            "stakeholder", "message"
        )


class MeetingMinutesView(MeetingMixin, DetailView):
    """The attached minutes file, for those who may see the meeting."""

    def render_to_response(self, context, **response_kwargs):
        meeting = self.object
        if not meeting.minutes_file_name:
            raise Http404
        response = HttpResponse(bytes(meeting.minutes_file), content_type=meeting.minutes_file_type)
        response["Content-Disposition"] = _attachment(meeting.minutes_file_name)
        response["X-Content-Type-Options"] = "nosniff"
        return response


def _attachment(name):
    return content_disposition_header(as_attachment=True, filename=name)


class DecisionMixin(PlanChildMixin):
    model: Any = Decision
    form_class: Any = DecisionForm
    list_url_name = "commplan:meeting_list"
    active_tab = "meetings"
    create_title = gettext_lazy("Record a decision")
    update_title = gettext_lazy("Edit the decision")

    def get_queryset(self):
        decisions = Decision.objects.filter(meeting__plan=self.plan).select_related("meeting")
        if self.role == Role.OWNER:
            decisions = decisions.filter(behind_rows_of(self.request.user))
        return decisions

    @cached_property
    def parent_meeting(self):
        return get_object_or_404(Meeting, plan=self.plan, pk=self.kwargs["meeting_pk"])

    def meeting(self):
        obj = getattr(self, "object", None)
        return obj.meeting if obj is not None and obj.pk else self.parent_meeting

    def get_form_kwargs(self):
        kwargs = FormMixin.get_form_kwargs(self)
        obj = getattr(self, "object", None)
        kwargs["instance"] = obj if obj is not None else Decision(meeting=self.meeting())
        return kwargs

    def get_success_url(self):
        if self.object.affected.exists():
            return reverse("commplan:decision_draft", args=[self.plan.pk, self.object.pk])
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        kwargs.setdefault("cancel_url", self.meeting().get_absolute_url())
        kwargs.setdefault("meeting", self.meeting())
        return super().get_context_data(**kwargs)


class DecisionCreateView(ManagerRequiredMixin, DecisionMixin, CreateView):
    template_name = "commplan/meetings/decision_form.html"


class DecisionUpdateView(VersionedUpdateMixin, ManagerRequiredMixin, DecisionMixin, UpdateView):
    template_name = "commplan/meetings/decision_form.html"


class DecisionDeleteView(DecisionMixin, PlanChildDeleteView):
    """A decision's activities stay in the plan, without the link."""

    detach_field = "decision"

    def get_form_kwargs(self):
        return FormMixin.get_form_kwargs(self)  # confirming posts no fields

    def get_success_url(self):
        return self.object.meeting.get_absolute_url()

    def get_context_data(self, **kwargs):
        kwargs["cancel_url"] = self.object.get_absolute_url()
        return super().get_context_data(**kwargs)


class DecisionDetailView(DecisionMixin, DetailView):
    """One decision: whom it affects and, per group, its activity and whether it is done."""

    template_name = "commplan/meetings/decision_detail.html"

    def get_queryset(self):
        return super().get_queryset().prefetch_related(follow.affected_prefetch())

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        (decision,) = follow.with_reach([self.object], today, related=("owner", "channel"))
        kwargs.update(decision=decision, today=today)
        return super().get_context_data(**kwargs)


class DecisionDraftView(ManagerRequiredMixin, DecisionMixin, FormView):
    """The drafted activities of a decision, one per affected group still without one, on one
    screen: the manager keeps, edits or drops each, and saves them together."""

    template_name = "commplan/meetings/decision_draft.html"

    def get_object(self):
        if not hasattr(self, "object"):
            self.object = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        return self.object

    def get_form_class(self):
        return DraftFormSet

    def choices(self):
        decision = self.get_object()
        self.drafts = drafts_for(decision)
        return {
            "decision": decision,
            "groups": {draft.stakeholder.pk: draft.stakeholder for draft in self.drafts},
            "channels": {c.pk: c for c in Channel.objects.filter(plan=self.plan)},
            "owners": {user.pk: user for user in plan_members(self.plan)},
        }

    def get_form_kwargs(self):
        kwargs = FormMixin.get_form_kwargs(self)
        kwargs["form_kwargs"] = self.choices()
        if self.request.method == "GET":
            kwargs["initial"] = [draft.initial() for draft in self.drafts]
        return kwargs

    def get_initial(self):
        return None

    def get_context_data(self, **kwargs):
        kwargs["decision"] = self.get_object()
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        decision = self.get_object()
        drafts = [
            Draft(
                stakeholder=data["stakeholder"],
                channel=data["channel"],
                owner=data["owner"],
                content=data["content"].strip(),
                goal=message_goal(),
                due=data["due"],
            )
            for data in (draft_form.cleaned_data for draft_form in form.kept)
        ]
        rows = create_activities(decision, drafts, self.request.user)
        dropped = len(form.forms) - len(rows)
        text = ngettext(
            "%(count)d activity was created.", "%(count)d activities were created.", len(rows)
        ) % {"count": len(rows)}
        if dropped:
            text += " " + ngettext(
                "%(count)d draft was dropped.", "%(count)d drafts were dropped.", dropped
            ) % {"count": dropped}
        messages.success(self.request, text)
        return redirect(decision)
