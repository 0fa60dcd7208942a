"""The reminders feature's addresses (in the `commplan` namespace, see `commplan/urls.py`)."""

from django.urls import path

from . import views

urlpatterns = [
    # Public by secret: the signed token in the digest's List-Unsubscribe header and footer.
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("plans/<int:plan_pk>/reminders/", views.ReminderListView.as_view(), name="reminder_list"),
    path("plans/<int:plan_pk>/reminders/send/", views.send_reminders_now, name="reminder_send"),
]
