"""The imports feature's addresses (in the `commplan` namespace, see `commplan/urls.py`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("plans/<int:plan_pk>/import/", views.ImportUploadView.as_view(), name="import_upload"),
    path(
        "plans/<int:plan_pk>/import/<str:token>/",
        views.ImportPreviewView.as_view(),
        name="import_preview",
    ),
]
