from django.urls import path

from . import views

urlpatterns = [
    path("plans/<int:plan_pk>/meetings/", views.MeetingListView.as_view(), name="meeting_list"),
    path(
        "plans/<int:plan_pk>/meetings/new/",
        views.MeetingCreateView.as_view(),
        name="meeting_create",
    ),
    path(
        "plans/<int:plan_pk>/meetings/<int:pk>/",
        views.MeetingDetailView.as_view(),
        name="meeting_detail",
    ),
    path(
        "plans/<int:plan_pk>/meetings/<int:pk>/edit/",
        views.MeetingUpdateView.as_view(),
        name="meeting_update",
    ),
    path(
        "plans/<int:plan_pk>/meetings/<int:pk>/delete/",
        views.MeetingDeleteView.as_view(),
        name="meeting_delete",
    ),
    path(
        "plans/<int:plan_pk>/meetings/<int:pk>/minutes/",
        views.MeetingMinutesView.as_view(),
        name="meeting_minutes",
    ),
    path(
        "plans/<int:plan_pk>/meetings/<int:meeting_pk>/decisions/new/",
        views.DecisionCreateView.as_view(),
        name="decision_create",
    ),
    path(
        "plans/<int:plan_pk>/decisions/<int:pk>/",
        views.DecisionDetailView.as_view(),
        name="decision_detail",
    ),
    path(
        "plans/<int:plan_pk>/decisions/<int:pk>/edit/",
        views.DecisionUpdateView.as_view(),
        name="decision_update",
    ),
    path(
        "plans/<int:plan_pk>/decisions/<int:pk>/delete/",
        views.DecisionDeleteView.as_view(),
        name="decision_delete",
    ),
    path(
        "plans/<int:plan_pk>/decisions/<int:pk>/activities/",
        views.DecisionDraftView.as_view(),
        name="decision_draft",
    ),
]
