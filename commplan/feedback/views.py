"""The public pulse page `/f/<token>/`, and what managers and owners do with links and answers.

The public page needs no sign-in and shows nothing of the plan but the message's title. It
keeps nothing about who answers: the per-address rate limit counts in the cache under a keyed
hash of the address for a minute, and "already answered" is a signed cookie that only this
link's page receives.
"""

import io
import logging
import time

import segno
from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ..access import PlanAccessMixin
from ..accounts.throttle import client_ip
from ..models import OWNING_ROLES, FeedbackLink, FeedbackResponse, Role, anonymity_threshold
from ..models.feedback import token_is_signed
from . import public
from .forms import LinkForm, PulseForm
from .services import occurrence_choices, record_answer, row_pulse

logger = logging.getLogger(__name__)

MAX_BODY = 16 * 1024  # bytes: 1,000 characters of text, percent-encoded, and the rest
ANSWERED_COOKIE = "answered"
ANSWERED_SALT = "commplan.feedback.answered"
ANSWERED_MAX_AGE = 400 * 24 * 60 * 60  # the longest a browser keeps a cookie


def public_url(link):
    return settings.SITE_URL.rstrip("/") + link.get_absolute_url()


def _count(key, timeout):
    """Add one to the cache's counter `key`, made with `timeout` seconds to live, and return it.
    With Redis in one round trip (SET NX EX and INCR in a pipeline): Django's add and incr take
    three, for every answer posted."""
    backend = caches["default"]  # one per thread
    if isinstance(backend, RedisCache):
        key = backend.make_and_validate_key(key)
        # Django makes a new client (a costly object) for every call: the backend keeps one.
        client = backend.__dict__.get("pulse_client")
        if client is None:
            client = backend.__dict__["pulse_client"] = backend._cache.get_client(write=True)
        pipeline = client.pipeline(transaction=False)
        pipeline.set(key, 0, ex=timeout, nx=True)
        pipeline.incr(key)
        return pipeline.execute()[1]
    backend.add(key, 0, timeout=timeout)
    return backend.incr(key)


def over_rate(request):
    """Whether this address has posted more than FEEDBACK_RATE_PER_MINUTE answers this minute.
    The cache holds a keyed hash of the address for two minutes, never the address."""
    address = client_ip(request) or ""
    digest = salted_hmac("commplan.feedback.rate", address).hexdigest()[:20]
    try:
        count = _count(f"pulse-rate:{digest}:{int(time.time() // 60)}", timeout=120)
    except Exception:  # the cache is down: answers still count, the limit waits for it
        logger.exception("The pulse rate limit could not reach the cache")
        return False
    return count > settings.FEEDBACK_RATE_PER_MINUTE


def _context(link, **context):
    return {
        "threshold": anonymity_threshold(),
        "text_months": settings.FEEDBACK_TEXT_MONTHS,
        "title": link.title,
        **context,
    }


def _page(request, link, status=200, **context):
    """The page written for this request alone: a refusal, or the form with its errors."""
    return TemplateResponse(request, public.TEMPLATE, _context(link, **context), status=status)


def _shown(request, link, state):
    """The page of `link` in `state` ("form", "answered", "closed"): a kept page where it can
    be (public.kept), one written for this request otherwise."""

    def context():
        if state == "form":
            return _context(link, form=PulseForm(questions=link.questions))
        return _context(link, **{state: True})

    if not public.kept(request):
        return TemplateResponse(request, public.TEMPLATE, context())
    return HttpResponse(public.page(request, link, state, get_language(), context))


@never_cache
@require_http_methods(["GET", "POST"])
def answer(request, token):
    """Ask the message's pulse questions (GET) and save one answer per browser (POST)."""
    if not token_is_signed(token):
        raise Http404(_("This feedback link does not exist."))
    link = public.public_link(token)
    if link is None:
        raise Http404(_("This feedback link does not exist."))
    if link.closed:  # an archived plan takes no more answers either
        if request.method == "POST":
            return _page(request, link, status=410, closed=True)
        return _shown(request, link, "closed")
    if request.get_signed_cookie(ANSWERED_COOKIE, None, salt=ANSWERED_SALT + token):
        return _shown(request, link, "answered")
    if request.method == "GET":
        return _shown(request, link, "form")
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY:
        return _page(request, link, status=413, refused=_("That answer is too long to send."))
    if over_rate(request):
        return _page(
            request,
            link,
            status=429,
            refused=_(
                "Many answers came from your network just now. Please try again in a minute."
            ),
        )
    form = PulseForm(request.POST, questions=link.questions)
    if form.is_spam:
        return _page(request, link, status=400, refused=_("The answer could not be saved."))
    if not form.is_valid():
        return _page(request, link, status=400, form=form)
    if record_answer(link.pk, **form.answers()) is None:  # closed since this process read it
        public.forget()
        return _page(request, link, status=410, closed=True)
    response = HttpResponseRedirect(request.path)
    response.set_signed_cookie(
        ANSWERED_COOKIE,
        "1",
        salt=ANSWERED_SALT + token,
        max_age=ANSWERED_MAX_AGE,
        path=request.path,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


def _row_url(plan, row_id):
    return reverse("commplan:row_detail", kwargs={"plan_pk": plan.pk, "pk": row_id}) + "#pulse"


class LinkCreateView(PlanAccessMixin, View):
    """Make the link (and QR code) for the activity or one of its occurrences: its managers
    and its owner, who puts it in the email, the post or the slide."""

    http_method_names = ["post"]
    allowed_roles = OWNING_ROLES  # executives read only, whatever the method

    def post(self, request, plan_pk, pk):
        row = get_object_or_404(self.plan.rows, pk=pk)
        if not self.acts_for(row):
            raise PermissionDenied(_("Only the activity's owner and the plan's managers may."))
        row.plan = self.plan
        activity_free = not row.feedback_links.filter(occurrence__isnull=True).exists()
        form = LinkForm(request.POST, dates=occurrence_choices(row), activity_free=activity_free)
        if not form.is_valid():
            return HttpResponseBadRequest(_("Choose the activity or one of its dates."))
        FeedbackLink.objects.get_or_create(
            row=row, occurrence=form.cleaned_data["occurrence"], defaults={"plan": self.plan}
        )
        messages.success(request, _("The feedback link is ready: copy it or download its QR code."))
        return HttpResponseRedirect(_row_url(self.plan, row.pk))


class LinkCloseView(PlanAccessMixin, View):
    """Managers close a link (it then says so kindly) or open it again."""

    http_method_names = ["post"]
    allowed_roles = (Role.MANAGER,)

    def post(self, request, plan_pk, pk):
        link = get_object_or_404(FeedbackLink.objects.for_plan(self.plan), pk=pk)
        if link.is_closed:
            link.closed_at = link.closed_by = None
            messages.success(request, _("The feedback link is open again."))
        else:
            link.closed_at, link.closed_by = timezone.now(), request.user
            messages.success(request, _("The feedback link is closed: it takes no more answers."))
        link.save(update_fields=["closed_at", "closed_by", "updated_at"])
        return HttpResponseRedirect(_row_url(self.plan, link.row_id))


class TextHideView(PlanAccessMixin, View):
    """Managers hide an answer's free text from everyone (or show it again)."""

    http_method_names = ["post"]
    allowed_roles = (Role.MANAGER,)

    def post(self, request, plan_pk, pk):
        answer = get_object_or_404(FeedbackResponse.objects.filter(plan=self.plan), pk=pk)
        answer.text_hidden = not answer.text_hidden
        answer.save(update_fields=["text_hidden"])
        return HttpResponseRedirect(_row_url(self.plan, answer.row_id))


QR_KINDS = {"svg": "image/svg+xml", "png": "image/png"}


class QRCodeView(PlanAccessMixin, View):
    """The link's QR code to download, as SVG (print, slides) or PNG (email, intranet)."""

    http_method_names = ["get", "head"]

    def get(self, request, plan_pk, pk, kind):
        if kind not in QR_KINDS:
            raise Http404
        link = get_object_or_404(FeedbackLink.objects.for_plan(self.plan), pk=pk)
        buffer = io.BytesIO()
        segno.make(public_url(link), error="m").save(buffer, kind=kind, scale=10, border=4)
        response = HttpResponse(buffer.getvalue(), content_type=QR_KINDS[kind])
        name = _("feedback-qr")
        suffix = link.occurrence.isoformat() if link.occurrence else str(link.row_id)
        response["Content-Disposition"] = f'attachment; filename="{name}-{suffix}.{kind}"'
        return response


def row_page_context(row, plan, acts, can_manage):
    """What the row page shows of the pulse: the figures, and the form that makes a link for
    those who may (its owner and the managers) while a date or the activity has none."""
    row.plan = plan
    pulse = row_pulse(row, with_hidden_texts=can_manage)
    link_form = None
    if acts and not plan.is_archived:
        activity_free = all(link.occurrence is not None for link in pulse.links)
        taken = {link.occurrence for link in pulse.links}
        form = LinkForm(dates=occurrence_choices(row, taken=taken), activity_free=activity_free)
        link_form = form if form.fields["occurrence"].choices else None
    return {"pulse": pulse, "link_form": link_form, "site_url": settings.SITE_URL.rstrip("/")}
