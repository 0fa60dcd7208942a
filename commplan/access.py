"""Who may do what in a plan: one mixin that scopes every plan page to the signed-in person.

Outsiders get 404 (the plan does not exist for them); members without the needed role get 403.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DeleteView

from .cadence import typed_date_warnings
from .history.recording import update_with_history
from .models import CommunicationPlan, Membership, PlanRow, Role

if TYPE_CHECKING:
    from django.views.generic.base import ContextMixin, View
    from django.views.generic.edit import ModelFormMixin

    # What the mixins are mixed into, for the type checker only.
    class _PageBase(ContextMixin, View): ...

    _ChildBase = ModelFormMixin[Any, Any]
    _DeleteView = DeleteView[Any, Any]
else:
    _PageBase = _ChildBase = object
    _DeleteView = DeleteView

READ_ROLES = (Role.MANAGER, Role.OWNER, Role.EXECUTIVE)
WRITE_ROLES = (Role.MANAGER,)


def get_plan_and_role(
    user: AbstractBaseUser | AnonymousUser, plan_pk: int
) -> tuple[CommunicationPlan, Role]:
    """The plan with `plan_pk` as `user` sees it, and their role; 404 when it is not theirs."""
    if getattr(user, "is_superuser", False):
        return get_object_or_404(CommunicationPlan, pk=plan_pk), Role.MANAGER
    if not user.is_authenticated:
        raise Http404
    memberships = Membership.objects.select_related("plan")
    membership = memberships.filter(plan_id=plan_pk, user_id=cast(int, user.pk)).first()
    if membership is None:
        raise Http404
    return membership.plan, Role(membership.role)


SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def may_manage(plan: CommunicationPlan, role: Role | None) -> bool:
    """Whether `role` may change `plan`: its managers, while it is not archived."""
    return role == Role.MANAGER and not plan.is_archived


def may_act_for(
    plan: CommunicationPlan,
    role: Role | None,
    user: AbstractBaseUser | AnonymousUser,
    row: PlanRow,
) -> bool:
    """Whether `user`, with `role` in `plan`, may follow up `row` (review it, edit its
    assurance): the plan's managers, and its owner while their role may own activities. One
    rule for every view and the API, so an executive left owning a row cannot write through
    any of them."""
    return may_manage(plan, role) or (
        role is not None and role.owns_rows and row.owner_id == user.pk
    )


class PlanArchived(PermissionDenied):
    """A change refused because `plan` is archived: the 403 page says so and links back to it."""

    def __init__(self, plan: CommunicationPlan) -> None:
        super().__init__(_("This plan is archived and can no longer be changed."))
        self.plan = plan


def ensure_writable(plan: CommunicationPlan) -> None:
    """Refuse any change to an archived plan: it is kept for reading only."""
    if plan.is_archived:
        raise PlanArchived(plan)


class PlanAccessMixin(LoginRequiredMixin, _PageBase):
    """Sets `self.plan` and `self.role`; refuses people whose role is not in `allowed_roles`."""

    plan_url_kwarg = "plan_pk"
    allowed_roles: tuple[Role, ...] = READ_ROLES
    # Every change is a POST through the page's form: Django's DeleteView would otherwise take
    # an HTTP DELETE, deleting without the form's checks (the last manager, rows still using it).
    http_method_names: Sequence[str] = ["get", "post", "head", "options"]
    edits = False  # a page for changing the plan: refused, even to look at, once it is archived
    # Whether a POST changes this plan (refused once it is archived); copying it does not.
    posts_change_plan = True

    plan: CommunicationPlan
    role: Role

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.plan, self.role = get_plan_and_role(request.user, kwargs[self.plan_url_kwarg])
        if self.role not in self.allowed_roles:
            raise PermissionDenied(_("Your role in this plan does not allow this."))
        if self.edits or (request.method not in SAFE_METHODS and self.posts_change_plan):
            ensure_writable(self.plan)
        return super().dispatch(request, *args, **kwargs)

    @property
    def can_manage(self) -> bool:
        """Whether to offer changes: the plan's managers, while it is not archived."""
        return may_manage(self.plan, self.role)

    def acts_for(self, row: PlanRow) -> bool:
        """Whether the signed-in person may follow up `row` (see `may_act_for`)."""
        return may_act_for(self.plan, self.role, self.request.user, row)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("plan", self.plan)
        kwargs.setdefault("role", self.role)
        kwargs.setdefault("can_manage", self.can_manage)
        return super().get_context_data(**kwargs)


class ManagerRequiredMixin(PlanAccessMixin):
    allowed_roles = WRITE_ROLES
    edits = True


class PlanChildMixin(PlanAccessMixin, _ChildBase):
    """For models that belong to a plan: querysets scoped to it, new objects created in it."""

    # Set by each model's mixin; Any because the generic views beside it declare their own.
    model: Any
    form_class: Any
    object: Any
    list_url_name = "commplan:plan_detail"
    active_tab = "table"
    create_title: str | Promise = ""
    update_title: str | Promise = ""
    # Said after every save ('' where the view says it itself).
    created_message: str | Promise = gettext_lazy("“%(object)s” was added.")
    saved_message: str | Promise = gettext_lazy("“%(object)s” was saved.")

    def form_valid(self, form: Any) -> HttpResponse:
        if not isinstance(form, forms.ModelForm):  # deleting says so itself
            return super().form_valid(form)
        created = form.instance.pk is None
        response = super().form_valid(form)
        if response.status_code < 400:  # a refused save (409 Conflict) must not say "saved"
            text = self.created_message if created else self.saved_message
            if text:
                messages.success(self.request, text % {"object": self.object})
            for note in typed_date_warnings(form):
                messages.warning(self.request, note)
        return response

    def get_queryset(self) -> QuerySet[Any]:
        queryset: QuerySet[Any] = self.model.objects.filter(plan=self.plan)
        return queryset

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if kwargs.get("instance") is None:
            kwargs["instance"] = self.model(plan=self.plan)
        return kwargs

    def get_success_url(self) -> str:
        return self.success_url_for(self.plan)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        obj = getattr(self, "object", None)
        kwargs.setdefault("active_tab", self.active_tab)
        kwargs.setdefault("cancel_url", self.success_url_for(self.plan))
        kwargs.setdefault(
            "form_title", self.update_title if obj is not None and obj.pk else self.create_title
        )
        return super().get_context_data(**kwargs)

    @classmethod
    def success_url_for(cls, plan: CommunicationPlan) -> str:
        return reverse(cls.list_url_name, kwargs={"plan_pk": plan.pk})


class PlanChildDeleteView(ManagerRequiredMixin, PlanChildMixin, _DeleteView):
    """Deletes a stakeholder, message, channel or milestone, never one that rows still need.

    The confirmation page lists the rows that use the object. When `detach_field` names an
    optional link on the row, confirming clears that link on those rows first; otherwise the
    deletion is refused until the rows are moved or deleted.
    """

    template_name = "includes/confirm_delete.html"
    detach_field: str | None = None

    def get_form_class(self) -> type[forms.Form]:
        # The model mixins name their edit form; confirming a deletion posts no fields.
        return forms.Form

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        return kwargs

    def get_rows(self) -> QuerySet[PlanRow]:
        rows: QuerySet[PlanRow] = self.object.rows.select_related("stakeholder", "message")
        return rows.order_by("pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        rows = self.get_rows()
        kwargs.update(
            affected_rows=rows[:50],
            affected_count=rows.count(),
            detach=self.detach_field is not None,
        )
        return super().get_context_data(**kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        rows = self.get_rows()
        if rows.exists():
            if self.detach_field is None:
                messages.error(
                    self.request,
                    _("“%(object)s” is still used by activities. Move or delete them first.")
                    % {"object": self.object},
                )
                return HttpResponseRedirect(self.request.path)
            update_with_history(rows, [self.detach_field], **{self.detach_field: None})
        messages.success(self.request, _("“%(object)s” was deleted.") % {"object": self.object})
        return super().form_valid(form)
