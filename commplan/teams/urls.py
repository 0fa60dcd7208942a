"""The Teams feature's addresses (in the `commplan` namespace, see `commplan/urls.py`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("plans/<int:plan_pk>/teams/", views.plan_teams, name="plan_teams"),
    path("plans/<int:plan_pk>/teams/test/", views.plan_teams_test, name="plan_teams_test"),
    path("my/settings/teams/", views.my_teams, name="my_teams"),
    path("my/settings/teams/test/", views.my_teams_test, name="my_teams_test"),
]
