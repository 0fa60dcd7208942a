"""The followup feature's addresses (in the `commplan` namespace, see `commplan/urls.py`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("my/", views.MyWorkView.as_view(), name="my_work"),
    path(
        "plans/<int:plan_pk>/rows/<int:pk>/reviews/new/",
        views.ReviewCreateView.as_view(),
        name="review_create",
    ),
]
