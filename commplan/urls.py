from django.urls import include, path

from . import views
from .starter import views as starter_views

app_name = "commplan"

urlpatterns = [
    path("", views.home, name="home"),
    path("manifest.webmanifest", views.web_app_manifest, name="manifest"),
    path("my/", views.MyWorkView.as_view(), name="my_work"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("my/settings/", views.ProfileUpdateView.as_view(), name="my_settings"),
    path("my/settings/calendar/", views.calendar_key, name="calendar_key"),
    # Public by secret: the token is the credential (commplan/views/calendar.py).
    path("calendar/<slug:token>.ics", views.calendar_feed, name="calendar_feed"),
    path(
        "calendar/<slug:token>/plans/<int:pk>.ics",
        views.calendar_plan_feed,
        name="calendar_plan_feed",
    ),
    # Public by secret: the signed token in the digest's List-Unsubscribe header and footer.
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("", include("commplan.feedback.urls")),
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", views.PlanCreateView.as_view(), name="plan_create"),
    path(
        "plans/new/from-template/",
        starter_views.PlanFromTemplateView.as_view(),
        name="plan_from_template",
    ),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/copy/", starter_views.PlanCopyView.as_view(), name="plan_copy"),
    path("plans/<int:pk>/export/", views.PlanExportView.as_view(), name="plan_export"),
    path("plans/<int:pk>/edit/", views.PlanUpdateView.as_view(), name="plan_update"),
    path("plans/<int:pk>/delete/", views.PlanDeleteView.as_view(), name="plan_delete"),
    path("plans/<int:pk>/archive/", views.plan_archive, name="plan_archive"),
    path("plans/<int:pk>/dashboard/", views.PlanDashboardView.as_view(), name="plan_dashboard"),
    path("plans/<int:plan_pk>/import/", views.ImportUploadView.as_view(), name="import_upload"),
    path(
        "plans/<int:plan_pk>/import/<str:token>/",
        views.ImportPreviewView.as_view(),
        name="import_preview",
    ),
    path("plans/<int:plan_pk>/changes/", views.PlanChangesView.as_view(), name="plan_changes"),
    path(
        "plans/<int:plan_pk>/history/<slug:kind>/<int:pk>/",
        views.ObjectHistoryView.as_view(),
        name="object_history",
    ),
    path("plans/<int:plan_pk>/baselines/", views.BaselineListView.as_view(), name="baseline_list"),
    path(
        "plans/<int:plan_pk>/baselines/new/",
        views.BaselineCreateView.as_view(),
        name="baseline_create",
    ),
    path(
        "plans/<int:plan_pk>/baselines/<int:pk>/",
        views.BaselineDetailView.as_view(),
        name="baseline_detail",
    ),
    path(
        "plans/<int:plan_pk>/baselines/<int:pk>/delete/",
        views.BaselineDeleteView.as_view(),
        name="baseline_delete",
    ),
    path("plans/<int:plan_pk>/rows/new/", views.RowCreateView.as_view(), name="row_create"),
    path("plans/<int:plan_pk>/rows/<int:pk>/", views.RowDetailView.as_view(), name="row_detail"),
    path(
        "plans/<int:plan_pk>/rows/<int:pk>/edit/", views.RowUpdateView.as_view(), name="row_update"
    ),
    path("plans/<int:plan_pk>/rows/<int:pk>/inline/", views.row_inline, name="row_inline"),
    path(
        "plans/<int:plan_pk>/rows/<int:pk>/delete/",
        views.RowDeleteView.as_view(),
        name="row_delete",
    ),
    path(
        "plans/<int:plan_pk>/rows/<int:pk>/reviews/new/",
        views.ReviewCreateView.as_view(),
        name="review_create",
    ),
    path("plans/<int:plan_pk>/reminders/", views.ReminderListView.as_view(), name="reminder_list"),
    path("plans/<int:plan_pk>/reminders/send/", views.send_reminders_now, name="reminder_send"),
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
    path("", include("commplan.readiness.urls")),
]
