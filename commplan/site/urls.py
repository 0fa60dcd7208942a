"""The front door's addresses (in the `commplan` namespace, see `commplan/urls.py`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("manifest.webmanifest", views.web_app_manifest, name="manifest"),
]
