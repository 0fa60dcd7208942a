"""Follow-up pages: recording a review, a person's reminder settings, the reminder log."""

from contextlib import suppress
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django.views.generic import CreateView, ListView, UpdateView

from .. import feeds
from ..access import ManagerRequiredMixin, PlanAccessMixin, ensure_writable, get_plan_and_role
from ..cadence import next_review_date, typed_date_warnings
from ..emails import unsubscriber
from ..feedback.services import row_pulse
from ..forms import ProfileForm, ReviewForm
from ..language import remember_language, remember_on_device
from ..models import Profile, Reminder, ReminderFrequency, Review, Role, SweepStatus
from ..readiness.forms import ReviewReadinessForm
from ..services import record_review
from ..tasks import enqueue_on_commit, sweep_reminders


class ReviewCreateView(PlanAccessMixin, CreateView):
    """The row's owner or a manager records a follow-up; the row moves on in the same step.

    Success goes back to the safe `next` (the page the person came from, e.g. /my/), else to
    the review in the row's history.
    """

    model = Review
    form_class = ReviewForm
    edits = True
    template_name = "commplan/review_form.html"

    def get_row(self):
        if not hasattr(self, "row"):
            self.row = get_object_or_404(self.plan.rows.for_table(), pk=self.kwargs["pk"])
            if not self.acts_for(self.row):
                raise PermissionDenied(
                    _("Only the activity's owner and the plan's managers may record a review.")
                )
            self.cadence_date = next_review_date(self.row, after=timezone.localdate())
            pulse = row_pulse(self.row, texts=False)
            self.evidence = pulse.evidence if pulse.links else None
        return self.row

    def get(self, request, *args, **kwargs):
        self.get_row()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.get_row()
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        initial = super().get_initial()
        if self.evidence is not None and self.evidence.suggestion:
            initial["goal_reached"] = self.evidence.suggestion  # what the answers say
        return initial

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Review(row=self.row, reviewed_by=self.request.user)
        kwargs["cadence_date"] = self.cadence_date
        return kwargs

    def get_next_url(self):
        url = self.request.POST.get("next") or self.request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(
            url, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return url
        return ""

    def get_readiness_form(self):
        """The optional "where does the group stand now?" question, answered with the review."""
        if not hasattr(self, "readiness_form"):
            data = self.request.POST if self.request.method == "POST" else None
            self.readiness_form = ReviewReadinessForm(data, stakeholder=self.row.stakeholder)
        return self.readiness_form

    def form_valid(self, form):
        readiness = self.get_readiness_form()
        if not readiness.is_valid():
            return self.form_invalid(form)
        with transaction.atomic():
            self.object = record_review(form.instance, **form.row_changes())
            record = readiness.record(self.object)
            if record is not None:
                record.save()
        messages.success(self.request, _("The review was recorded."))
        for note in typed_date_warnings(form):
            messages.warning(self.request, note)
        return redirect(self.get_next_url() or self.object.get_absolute_url())

    def get_context_data(self, **kwargs):
        kwargs.update(
            row=self.row,
            readiness_form=self.get_readiness_form(),
            active_tab="table",
            cadence_date=self.cadence_date,
            evidence=self.evidence,
            next_url=self.get_next_url(),
            today=timezone.localdate(),
        )
        return super().get_context_data(**kwargs)


class ProfileUpdateView(LoginRequiredMixin, UpdateView):
    """A person's reminder emails and language, and their calendar feed's addresses."""

    form_class = ProfileForm
    template_name = "commplan/profile_form.html"

    def get_object(self, queryset=None):
        # Unsaved until the person saves: opening the page writes nothing.
        user = self.request.user
        return Profile.objects.filter(user=user).first() or Profile(user=user)

    def get_context_data(self, **kwargs):
        if self.object.calendar_token:
            kwargs["feed_url"], kwargs["plan_feeds"] = feeds.feed_urls(self.object)
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        language = form.instance.language
        remember_language(self.request, language)
        if language:
            # This response and signed-out pages on this device follow the choice too.
            translation.activate(language)
            remember_on_device(response, language)
        messages.success(self.request, _("Your settings were saved."))
        return response

    def get_success_url(self):
        return reverse("commplan:my_settings")


class ReminderListView(ManagerRequiredMixin, ListView):
    """The reminders sent about this plan's activities: to whom, when, and how it went."""

    template_name = "commplan/reminder_list.html"
    edits = False  # the log stays readable when the plan is archived
    paginate_by = 50

    def get_queryset(self):
        return (
            Reminder.objects.for_plan(self.plan)
            .select_related("recipient")
            .order_by("-due_on", "-pk")
        )

    def get_context_data(self, **kwargs):
        kwargs["active_tab"] = "reminders"
        kwargs["mail_dir"] = demo_mail_dir()
        kwargs["sweep_late"], kwargs["sweep_finished_at"] = SweepStatus.late_since()
        return super().get_context_data(**kwargs)


def demo_mail_dir():
    """Where emails land when no SMTP server is configured (relative to the project), or ''."""
    if settings.EMAIL_BACKEND != "django.core.mail.backends.filebased.EmailBackend":
        return ""
    path = Path(settings.EMAIL_FILE_PATH)
    with suppress(ValueError):
        path = path.relative_to(settings.BASE_DIR)
    return f"{path}/"


@login_required
def send_reminders_now(request, plan_pk):
    """Run the reminder sweep now (a manager who has just fixed something need not wait).

    The role is checked before the method, so outsiders get 404 and members 403 either way.
    """
    plan, role = get_plan_and_role(request.user, plan_pk)
    if role != Role.MANAGER:
        raise PermissionDenied(_("Only the plan's managers may send reminders."))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    ensure_writable(plan)
    if enqueue_on_commit(sweep_reminders).get("queued", True):
        messages.success(request, _("Reminders are being sent. Refresh this page in a minute."))
    else:
        messages.warning(
            request,
            _(
                "The task queue is not answering, so the due reminders are queued for the next "
                "sweep. Nothing is lost."
            ),
        )
    return redirect("commplan:reminder_list", plan_pk=plan_pk)


@csrf_exempt  # mail programs POST here without a session (RFC 8058); the token is the credential
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Turn a person's reminder digest off from the link in it, without signing in: GET asks
    (a link checker or preview must not turn it off), POST does it (the mail program's one-click
    button or ours). Escalations to managers stay on. In the person's language."""
    person = unsubscriber(token)
    if person is None:
        raise Http404(_("This unsubscribe link is not valid."))
    profile = Profile.objects.filter(user=person).first() or Profile(user=person)
    done = request.method == "POST"
    if done and profile.reminder_frequency != ReminderFrequency.OFF:
        profile.reminder_frequency = ReminderFrequency.OFF
        profile.save()
    with translation.override(profile.email_language):
        return TemplateResponse(
            request,
            "commplan/unsubscribe.html",
            {"person": person, "done": done, "settings_url": reverse("commplan:my_settings")},
        ).render()
