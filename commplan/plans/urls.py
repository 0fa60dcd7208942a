"""The plans feature's addresses (in the `commplan` namespace, see `commplan/urls.py`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", views.PlanCreateView.as_view(), name="plan_create"),
    path("plans/<int:pk>/edit/", views.PlanUpdateView.as_view(), name="plan_update"),
    path("plans/<int:pk>/delete/", views.PlanDeleteView.as_view(), name="plan_delete"),
    path("plans/<int:pk>/archive/", views.plan_archive, name="plan_archive"),
    path("plans/<int:plan_pk>/members/", views.MemberListView.as_view(), name="member_list"),
    path(
        "plans/<int:plan_pk>/members/new/", views.MemberCreateView.as_view(), name="member_create"
    ),
    path(
        "plans/<int:plan_pk>/members/<int:pk>/edit/",
        views.MemberUpdateView.as_view(),
        name="member_update",
    ),
    path(
        "plans/<int:plan_pk>/members/<int:pk>/delete/",
        views.MemberDeleteView.as_view(),
        name="member_delete",
    ),
]
