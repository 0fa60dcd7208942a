"""The API's resources: plans, and under each plan its rows, stakeholders, milestones,
messages, channels, reviews and dashboard figures.

Who may do what comes from commplan.access, as for the pages: outsiders get 404, members
without the role 403, an archived plan refuses every change. Writes go through the pages' forms
(writes.py); reads are scoped to the plan before any lookup.
"""

from typing import Any

from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.response import Response

from commplan.catalogue.forms import ChannelForm, MessageForm
from commplan.followup.forms import ReviewForm
from commplan.plans.forms import PlanForm
from commplan.rows.forms import AssuranceForm, PlanRowForm
from milestones.forms import MilestoneForm
from milestones.models import Milestone
from stakeholders.forms import StakeholderForm
from stakeholders.models import Stakeholder

from ..access import (
    WRITE_ROLES,
    ensure_writable,
    get_plan_and_role,
    may_act_for,
    may_manage,
)
from ..dashboard.overview import plan_dashboard
from ..history.recording import update_with_history
from ..locking import etag_of
from ..models import Channel, CommunicationPlan, Membership, Message, PlanRow, Review, Role
from ..services import record_review
from . import filters, serializers
from .writes import FormRejected, delete_version, save_with_form

ERROR = {"type": "object", "properties": {"detail": {"type": "string"}}}
INVALID = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
}
READ_ERRORS = {code: OpenApiResponse(ERROR) for code in (400, 401, 403, 404, 429)}
WRITE_ERRORS = {
    **READ_ERRORS,
    400: OpenApiResponse(INVALID, description="Invalid data; nothing was saved."),
    409: OpenApiResponse(ERROR, description="Still used by activities."),
    412: OpenApiResponse(ERROR, description="Changed since you read it (If-Match)."),
    415: OpenApiResponse(ERROR),
    428: OpenApiResponse(ERROR, description="No If-Match header."),
}


def responses(ok, errors=READ_ERRORS):
    return {**ok, **errors}


class ApiView:
    """JSON the client may cache only privately and must revalidate: GETs carry an ETag (the
    object's version, or a hash of a list) and answer 304 to a matching If-None-Match."""

    # No PUT: a PATCH sends only what changes, and the forms fill in the rest.
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, private=True, no_cache=True)
        if request.method in ("GET", "HEAD") and response.status_code == status.HTTP_200_OK:
            response.render()
            if not response.has_header("ETag"):
                set_response_etag(response)
            response = get_conditional_response(request, etag=response["ETag"], response=response)
        return response


def with_version(response, instance):
    """`response` with `instance`'s version as its ETag, to send back in If-Match."""
    response["ETag"] = etag_of(instance)
    return response


def refuse_unless(plan, allowed, message):
    """403 with `message` unless `allowed`; then 403 when `plan` is archived (as the pages)."""
    if not allowed:
        raise exceptions.PermissionDenied(message)
    ensure_writable(plan)


def require_manager(plan, role):
    refuse_unless(plan, role in WRITE_ROLES, _("Only the plan's managers may change this."))


class PlanScoped(ApiView):
    """Sets `self.plan` and `self.role` from the URL's plan, as PlanAccessMixin does for the
    pages: 404 for a plan that is not the person's."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.plan, self.role = get_plan_and_role(request.user, kwargs["plan_pk"])


class PlanChildViewSet(PlanScoped, viewsets.GenericViewSet):
    """A plan's stakeholders, milestones, messages or channels: members read, managers write
    through the model's page form. Deleting one still used by activities is refused (409),
    unless `detach_field` names the rows' optional link to it, which is then cleared, as on the
    page."""

    model: Any = None
    form_class: Any = None
    detach_field: Any = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the view
            return self.model.objects.none()
        return self.model.objects.filter(plan=self.plan)

    def list(self, request, plan_pk):
        rows = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)

    def retrieve(self, request, plan_pk, pk):
        instance = self.get_object()
        return with_version(Response(self.get_serializer(instance).data), instance)

    def create(self, request, plan_pk):
        require_manager(self.plan, self.role)
        return self.saved(self.model(plan=self.plan), status.HTTP_201_CREATED)

    def partial_update(self, request, plan_pk, pk):
        instance = self.get_object()
        require_manager(self.plan, self.role)
        return self.saved(instance, status.HTTP_200_OK)

    def destroy(self, request, plan_pk, pk):
        instance = self.get_object()
        require_manager(self.plan, self.role)
        delete_version(request, instance, self.detach if self.detach_field else None)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def detach(self, instance):
        rows = instance.rows.all()
        update_with_history(rows, [self.detach_field], **{self.detach_field: None})

    def saved(self, instance, code, form_class=None, **kwargs):
        """Save `instance` from the request through the form; the saved object, or why not."""
        try:
            instance = save_with_form(
                self.request, form_class or self.form_class, instance, **kwargs
            )
        except FormRejected as rejected:
            return rejected.response
        instance = self.get_queryset().get(pk=instance.pk)  # with what the list annotates
        return with_version(Response(self.get_serializer(instance).data, status=code), instance)


def documented(noun, serializer, **summaries):
    """The schema of a viewset's actions on `noun`s: each action's summary (a default for each,
    replaced by `summaries`), its success answer with `serializer`, and its error answers."""
    said = {
        "list": f"List the plan's {noun}s",
        "retrieve": f"One {noun} (its ETag is its version)",
        "create": f"Add a {noun} (plan managers)",
        "partial_update": f"Change a {noun} (plan managers; If-Match required)",
        "destroy": f"Delete a {noun} (plan managers; If-Match required)",
        **summaries,
    }
    answers = {
        "list": responses({200: serializer(many=True)}),
        "retrieve": responses({200: serializer}),
        "create": responses({201: serializer}, WRITE_ERRORS),
        "partial_update": responses({200: serializer}, WRITE_ERRORS),
        "destroy": responses({204: None}, WRITE_ERRORS),
    }

    def decorate(viewset):
        actions = {name: summary for name, summary in said.items() if hasattr(viewset, name)}
        return extend_schema_view(
            **{
                name: extend_schema(summary=summary, responses=answers[name])
                for name, summary in actions.items()
            }
        )(viewset)

    return decorate


@documented("stakeholder", serializers.StakeholderSerializer)
class StakeholderViewSet(PlanChildViewSet):
    model, form_class = Stakeholder, StakeholderForm
    queryset = Stakeholder.objects.none()
    serializer_class = serializers.StakeholderSerializer
    filterset_class = filters.StakeholderFilter


@documented("milestone", serializers.MilestoneSerializer)
class MilestoneViewSet(PlanChildViewSet):
    model, form_class = Milestone, MilestoneForm
    queryset = Milestone.objects.none()
    serializer_class = serializers.MilestoneSerializer
    filterset_class = filters.MilestoneFilter
    detach_field = "milestone"


@documented("message", serializers.MessageSerializer)
class MessageViewSet(PlanChildViewSet):
    model, form_class = Message, MessageForm
    queryset = Message.objects.none()
    serializer_class = serializers.MessageSerializer
    filterset_class = filters.MessageFilter


@documented("channel", serializers.ChannelSerializer)
class ChannelViewSet(PlanChildViewSet):
    model, form_class = Channel, ChannelForm
    queryset = Channel.objects.none()
    serializer_class = serializers.ChannelSerializer
    filterset_class = filters.ChannelFilter
    detach_field = "channel"


@documented("activity (row)", serializers.RowSerializer)
class RowViewSet(PlanChildViewSet):
    """Managers change every field; the activity's owner only how it is ensured (`assurance`),
    as on the row's page."""

    model, form_class = PlanRow, PlanRowForm
    queryset = PlanRow.objects.none()
    serializer_class = serializers.RowSerializer
    filterset_class = filters.RowFilter

    def get_queryset(self):
        return super().get_queryset().with_actuals()

    def partial_update(self, request, plan_pk, pk):
        row = self.get_object()
        if may_manage(self.plan, self.role):
            return self.saved(row, status.HTTP_200_OK)
        refuse_unless(
            self.plan,
            may_act_for(self.plan, self.role, request.user, row),
            _("Only the plan's managers and the activity's owner may edit it."),
        )
        others = set(request.data) - {"assurance"} if isinstance(request.data, dict) else set()
        if others:
            raise exceptions.PermissionDenied(
                _("As the activity's owner you may change only how it is ensured (assurance).")
            )
        return self.saved(row, status.HTTP_200_OK, form_class=AssuranceForm)


@documented(
    "review",
    serializers.ReviewSerializer,
    retrieve="One review",
    create="Record a review (the activity's owner or a plan manager); the activity moves on "
    "as on the review page",
)
class ReviewViewSet(PlanChildViewSet):
    """Reviews are records: recorded, never changed or deleted through the API."""

    model, form_class = Review, ReviewForm
    queryset = Review.objects.none()
    serializer_class = serializers.ReviewSerializer
    filterset_class = filters.ReviewFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Review.objects.none()
        return Review.objects.filter(row__plan=self.plan)

    def create(self, request, plan_pk):
        row_id = request.data.get("row") if isinstance(request.data, dict) else None
        row = self.plan.rows.filter(pk=row_id).first() if isinstance(row_id, int) else None
        if row is None:
            return Response(
                {
                    "detail": _("The data is not valid; nothing was saved."),
                    "errors": {"row": [_("Give the id of an activity in this plan.")]},
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        refuse_unless(
            self.plan,
            may_act_for(self.plan, self.role, request.user, row),
            _("Only the activity's owner and the plan's managers may record a review."),
        )
        review = Review(row=row, reviewed_by=request.user)
        return self.saved(
            review,
            status.HTTP_201_CREATED,
            save=lambda form: record_review(form.instance, **form.row_changes()),
        )


@documented(
    "plan",
    serializers.PlanSerializer,
    list="Your plans",
    retrieve="One plan's header (its ETag is its version)",
    create="Start a plan (you become its manager)",
    partial_update="Change a plan's header (plan managers; If-Match required)",
)
class PlanViewSet(
    ApiView,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """The plans the person is a member of (every plan for a superuser)."""

    queryset = CommunicationPlan.objects.none()
    serializer_class = serializers.PlanSerializer
    filterset_class = filters.PlanFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CommunicationPlan.objects.none()
        user = self.request.user
        role = Subquery(
            Membership.objects.filter(plan=OuterRef("pk"), user=user).values("role")[:1]
        )
        if user.is_superuser:
            role = Coalesce(role, Value(Role.MANAGER.value))
        return CommunicationPlan.objects.for_user(user).annotate(your_role=role)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if "pk" in kwargs:  # one plan: 404 unless it is the person's, whatever the method
            self.plan, self.role = get_plan_and_role(request.user, kwargs["pk"])

    def get_plan(self, pk):
        return self.get_queryset().get(pk=self.plan.pk)

    def retrieve(self, request, pk):
        plan = self.get_plan(pk)
        return with_version(Response(self.get_serializer(plan).data), plan)

    def create(self, request):
        def save(form):
            plan = form.save()
            Membership.objects.create(plan=plan, user=request.user, role=Role.MANAGER)
            return plan

        return self.saved(CommunicationPlan(), status.HTTP_201_CREATED, save=save)

    def partial_update(self, request, pk):
        plan = self.get_plan(pk)
        require_manager(plan, self.role)
        return self.saved(plan, status.HTTP_200_OK)

    def saved(self, plan, code, save=None):
        try:
            plan = save_with_form(self.request, PlanForm, plan, save=save)
        except FormRejected as rejected:
            return rejected.response
        plan = self.get_queryset().get(pk=plan.pk)
        return with_version(Response(self.get_serializer(plan).data, status=code), plan)


def figures(entry):
    """One group's figures for the API (FiguresSerializer)."""
    names = [name for name in serializers.FiguresSerializer._declared_fields if name != "key"]
    values = {name: getattr(entry, name) for name in names}
    return {
        **values,
        "key": None if entry.key is None else str(entry.key),
        "label": str(entry.label),
    }


class DashboardViewSet(PlanScoped, viewsets.ViewSet):
    """Read-only figures of one plan, for Power BI or Excel ("From Web")."""

    serializer_class = serializers.DashboardSerializer

    @extend_schema(
        summary="The plan's dashboard figures",
        description="Planned and actual hours and cost, activities, reviews on time and goals "
        "reached: in total, and per milestone, phase, channel and owner.",
        responses=responses({200: serializers.DashboardSerializer}),
    )
    def retrieve(self, request, plan_pk):
        board = plan_dashboard(self.plan, timezone.localdate())
        data = {
            "plan": self.plan.pk,
            "today": board.today,
            "currency": self.plan.currency,
            "current_phase": board.current_phase,
            "totals": figures(board.totals),
            "milestones": [figures(entry) for entry in board.by_milestone],
            "phases": [figures(entry) for entry in board.by_phase],
            "channels": [figures(entry) for entry in board.by_channel],
            "owners": [figures(entry) for entry in board.by_owner],
        }
        return Response(serializers.DashboardSerializer(data).data)
