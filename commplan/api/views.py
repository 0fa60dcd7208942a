"""The API's root and its JSON 404, and the pages under Your settings where a person creates,
sees and revokes their personal API tokens."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse

from ..models import ApiToken
from .forms import ApiTokenForm


@extend_schema(exclude=True)
@api_view(["GET"])
@permission_classes([AllowAny])
def api_root(request):
    """Where to start: the plans, the schema and the docs."""
    return Response(
        {
            "plans": reverse("commplan:api:plan-list", request=request),
            "schema": reverse("commplan:api:schema", request=request),
            "docs": reverse("commplan:api:docs", request=request),
        }
    )


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PATCH", "DELETE", "PUT"])
@permission_classes([AllowAny])
def not_found(request):
    return Response(
        {"detail": _("There is no such address in the API. Start at /api/.")}, status=404
    )


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    """The person's tokens, and a form for a new one; a new token is shown once, on the page
    that answers the POST, and never again."""
    form = ApiTokenForm(request.POST or None)
    created = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            days = form.cleaned_data["expires_in"]
            expires = timezone.now() + timedelta(days=int(days)) if days else None
            record, token = ApiToken.issue(request.user, form.cleaned_data["name"], expires)
            created = {"record": record, "token": token}
            form = ApiTokenForm()
        else:
            status = 422
    tokens = request.user.api_tokens.all()
    response = render(
        request,
        "commplan/api/token_list.html",
        {"form": form, "tokens": tokens, "created": created, "now": timezone.now()},
        status=status,
    )
    return response


@login_required
@require_POST
def token_revoke(request, pk):
    """Revoke (delete) one of the person's own tokens; someone else's answers 404."""
    record = get_object_or_404(ApiToken, pk=pk, user=request.user)
    record.delete()
    messages.success(
        request, _("The token “%(name)s” was revoked: it no longer works.") % {"name": record.name}
    )
    return redirect("commplan:api_token_list")
