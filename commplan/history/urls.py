"""The history feature's addresses (in the `commplan` namespace, see `commplan/urls.py`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("plans/<int:plan_pk>/changes/", views.PlanChangesView.as_view(), name="plan_changes"),
    path(
        "plans/<int:plan_pk>/history/<slug:kind>/<int:pk>/",
        views.ObjectHistoryView.as_view(),
        name="object_history",
    ),
    path("plans/<int:plan_pk>/baselines/", views.BaselineListView.as_view(), name="baseline_list"),
    path(
        "plans/<int:plan_pk>/baselines/new/",
        views.BaselineCreateView.as_view(),
        name="baseline_create",
    ),
    path(
        "plans/<int:plan_pk>/baselines/<int:pk>/",
        views.BaselineDetailView.as_view(),
        name="baseline_detail",
    ),
    path(
        "plans/<int:plan_pk>/baselines/<int:pk>/delete/",
        views.BaselineDeleteView.as_view(),
        name="baseline_delete",
    ),
]
