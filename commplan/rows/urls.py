"""The rows feature's addresses (in the `commplan` namespace, see `commplan/urls.py`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:plan_pk>/rows/new/", views.RowCreateView.as_view(), name="row_create"),
    path("plans/<int:plan_pk>/rows/<int:pk>/", views.RowDetailView.as_view(), name="row_detail"),
    path(
        "plans/<int:plan_pk>/rows/<int:pk>/edit/", views.RowUpdateView.as_view(), name="row_update"
    ),
    path("plans/<int:plan_pk>/rows/<int:pk>/inline/", views.row_inline, name="row_inline"),
    path(
        "plans/<int:plan_pk>/rows/<int:pk>/delete/",
        views.RowDeleteView.as_view(),
        name="row_delete",
    ),
]
