"""Follow-up pages: recording a review, a person's reminder settings, the reminder log."""

from contextlib import suppress
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django.views.generic import ListView

from ..access import ManagerRequiredMixin, ensure_writable, get_plan_and_role
from ..models import Profile, Reminder, ReminderFrequency, Role, SweepStatus, TeamsWebhook
from ..tasks import enqueue_on_commit, sweep_reminders
from .emails import unsubscriber


class ReminderListView(ManagerRequiredMixin, ListView):
    """The reminders sent about this plan's activities: to whom, when, and how it went."""

    template_name = "commplan/reminders/reminder_list.html"
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
        kwargs["teams_hook"] = TeamsWebhook.objects.filter(plan=self.plan).first()
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
            "commplan/reminders/unsubscribe.html",
            {"person": person, "done": done, "settings_url": reverse("commplan:my_settings")},
        ).render()
