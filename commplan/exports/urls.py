"""The exports feature's addresses (in the `commplan` namespace, see `commplan/urls.py`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("plans/<int:pk>/export/", views.PlanExportView.as_view(), name="plan_export"),
]
