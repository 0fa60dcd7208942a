"""The starter feature's addresses (in the `commplan` namespace, see `commplan/urls.py`)."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "plans/new/from-template/",
        views.PlanFromTemplateView.as_view(),
        name="plan_from_template",
    ),
    path("plans/<int:pk>/copy/", views.PlanCopyView.as_view(), name="plan_copy"),
]
