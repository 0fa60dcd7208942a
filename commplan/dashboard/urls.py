"""The dashboard feature's addresses (in the `commplan` namespace, see `commplan/urls.py`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("plans/<int:pk>/dashboard/", views.PlanDashboardView.as_view(), name="plan_dashboard"),
]
