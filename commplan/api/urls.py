"""/api/: the REST API, its OpenAPI schema and its docs (DESIGN.md §6), in the `commplan:api`
namespace; the token pages under Your settings are in `commplan` (commplan/urls.py includes
this module)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from . import resources, views

LIST = {"get": "list", "post": "create"}
ONE = {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}
CHILDREN = {
    "rows": resources.RowViewSet,
    "stakeholders": resources.StakeholderViewSet,
    "milestones": resources.MilestoneViewSet,
    "messages": resources.MessageViewSet,
    "channels": resources.ChannelViewSet,
}

api_patterns = [
    path("", views.api_root, name="root"),
    path("schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file, so the CSP needs no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="commplan:api:schema"), name="docs"),
    path("plans/", resources.PlanViewSet.as_view(LIST), name="plan-list"),
    path(
        "plans/<int:pk>/",
        resources.PlanViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="plan-detail",
    ),
    path(
        "plans/<int:plan_pk>/dashboard/",
        resources.DashboardViewSet.as_view({"get": "retrieve"}),
        name="plan-dashboard",
    ),
    path("plans/<int:plan_pk>/reviews/", resources.ReviewViewSet.as_view(LIST), name="review-list"),
    path(
        "plans/<int:plan_pk>/reviews/<int:pk>/",
        resources.ReviewViewSet.as_view({"get": "retrieve"}),
        name="review-detail",
    ),
]
for kind, viewset in CHILDREN.items():
    noun = kind.removesuffix("s")
    api_patterns += [
        path(f"plans/<int:plan_pk>/{kind}/", viewset.as_view(LIST), name=f"{noun}-list"),
        path(f"plans/<int:plan_pk>/{kind}/<int:pk>/", viewset.as_view(ONE), name=f"{noun}-detail"),
    ]
# Anything else under /api/ is a JSON 404, not the site's HTML page.
api_patterns.append(re_path(r"^.*$", views.not_found, name="not-found"))

urlpatterns = [
    path("my/settings/api-tokens/", views.token_list, name="api_token_list"),
    path("my/settings/api-tokens/<int:pk>/revoke/", views.token_revoke, name="api_token_revoke"),
    path("api/", include((api_patterns, "api"))),
]
