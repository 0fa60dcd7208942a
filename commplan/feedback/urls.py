from django.urls import path

from . import views

urlpatterns = [
    # Public by secret: the signed token is the whole address (commplan/feedback/views.py).
    path("f/<str:token>/", views.answer, name="feedback_answer"),
    path(
        "plans/<int:plan_pk>/rows/<int:pk>/feedback/",
        views.LinkCreateView.as_view(),
        name="feedback_link_create",
    ),
    path(
        "plans/<int:plan_pk>/feedback/<int:pk>/close/",
        views.LinkCloseView.as_view(),
        name="feedback_link_close",
    ),
    path(
        "plans/<int:plan_pk>/feedback/<int:pk>/qr.<slug:kind>",
        views.QRCodeView.as_view(),
        name="feedback_qr",
    ),
    path(
        "plans/<int:plan_pk>/feedback/answers/<int:pk>/hide/",
        views.TextHideView.as_view(),
        name="feedback_text_hide",
    ),
]
