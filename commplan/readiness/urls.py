from django.urls import path

from . import views

urlpatterns = [
    path(
        "plans/<int:plan_pk>/stakeholders/<int:pk>/readiness/",
        views.ReadinessDetailView.as_view(),
        name="readiness_detail",
    ),
    path(
        "plans/<int:plan_pk>/stakeholders/<int:pk>/readiness/record/",
        views.ReadinessRecordView.as_view(),
        name="readiness_record",
    ),
    path(
        "plans/<int:plan_pk>/stakeholders/<int:pk>/readiness/targets/",
        views.ReadinessTargetsView.as_view(),
        name="readiness_targets",
    ),
]
