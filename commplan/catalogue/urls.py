"""The catalogue feature's addresses (in the `commplan` namespace, see `commplan/urls.py`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("plans/<int:plan_pk>/channels/", views.ChannelListView.as_view(), name="channel_list"),
    path(
        "plans/<int:plan_pk>/channels/new/",
        views.ChannelCreateView.as_view(),
        name="channel_create",
    ),
    path(
        "plans/<int:plan_pk>/channels/<int:pk>/edit/",
        views.ChannelUpdateView.as_view(),
        name="channel_update",
    ),
    path(
        "plans/<int:plan_pk>/channels/<int:pk>/delete/",
        views.ChannelDeleteView.as_view(),
        name="channel_delete",
    ),
    path("plans/<int:plan_pk>/messages/", views.MessageListView.as_view(), name="message_list"),
    path(
        "plans/<int:plan_pk>/messages/new/",
        views.MessageCreateView.as_view(),
        name="message_create",
    ),
    path(
        "plans/<int:plan_pk>/messages/<int:pk>/edit/",
        views.MessageUpdateView.as_view(),
        name="message_update",
    ),
    path(
        "plans/<int:plan_pk>/messages/<int:pk>/delete/",
        views.MessageDeleteView.as_view(),
        name="message_delete",
    ),
]
