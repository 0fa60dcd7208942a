from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Baseline,
    Channel,
    CommunicationPlan,
    Membership,
    Message,
    PlanRow,
    Profile,
    Reminder,
    ReminderItem,
    ReminderStatus,
    Review,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(CommunicationPlan)
class CommunicationPlanAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "organisation",
        "start_date",
        "end_date",
        "currency",
        "sop_meeting_week",
        "sop_meeting_weekday",
        "escalation_days",
        "archived_at",
        "updated_at",
    ]
    search_fields = ["name", "organisation"]
    list_filter = [("archived_at", admin.EmptyFieldListFilter), "currency"]
    date_hierarchy = "start_date"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "organisation",
                    "purpose",
                    "message_and_timing",
                    "stakeholder_approach",
                    ("start_date", "end_date"),
                    "currency",
                ]
            },
        ),
        (
            _("Follow-up"),
            {
                "fields": [
                    ("sop_meeting_week", "sop_meeting_weekday"),
                    "escalation_days",
                    "archived_at",
                ]
            },
        ),
    ]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "plan", "role", "created_at"]
    list_filter = ["role", "plan"]
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user", "plan"]
    autocomplete_fields = ["user", "plan"]


@admin.register(Channel)
class ChannelAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "plan"]
    list_filter = ["kind", "plan"]
    search_fields = ["name", "description"]
    list_select_related = ["plan"]


@admin.register(Message)
class MessageAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "goal", "objective", "plan"]
    list_filter = ["plan"]
    search_fields = ["content", "goal", "objective"]
    list_select_related = ["plan"]


@admin.register(PlanRow)
class PlanRowAdmin(SimpleHistoryAdmin):
    list_display = [
        "stakeholder",
        "message",
        "channel",
        "owner",
        "assurance",
        "planned_hours",
        "planned_cost",
        "milestone",
        "next_review_date",
        "status",
    ]
    list_filter = ["status", "cadence", "plan"]
    search_fields = ["message__content", "stakeholder__name", "assurance", "notes"]
    list_select_related = ["stakeholder", "message", "channel", "owner", "milestone"]
    raw_id_fields = ["stakeholder", "message", "channel", "owner", "milestone"]
    date_hierarchy = "next_review_date"


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    list_display = [
        "row",
        "reviewed_on",
        "due_date",
        "reviewed_by",
        "happened",
        "goal_reached",
        "actual_hours",
        "actual_cost",
    ]
    list_filter = ["happened", "goal_reached", "reviewed_on", "row__plan"]
    search_fields = [
        "row__stakeholder__name",
        "row__message__content",
        "evidence",
        "notes",
        "adjustment",
        "reviewed_by__username",
    ]
    list_select_related = ["row__stakeholder", "row__message", "reviewed_by"]
    raw_id_fields = ["row", "reviewed_by"]
    date_hierarchy = "reviewed_on"


@admin.register(Baseline)
class BaselineAdmin(admin.ModelAdmin):
    """Saved versions of plans; what a baseline holds is fixed once saved."""

    list_display = ["name", "plan", "created_by", "created_at"]
    list_filter = ["plan"]
    search_fields = ["name", "note", "plan__name"]
    list_select_related = ["plan", "created_by"]
    fields = ["plan", "name", "note", "created_by", "created_at", "snapshot"]
    readonly_fields = ["plan", "created_by", "created_at", "snapshot"]

    def has_add_permission(self, request):
        return False


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "reminder_frequency", "language", "updated_at"]
    list_filter = ["reminder_frequency", "language"]
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]


class ReminderItemInline(admin.TabularInline):
    model = ReminderItem
    extra = 0
    fields = ("row", "due_date", "created_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """The reminder log. What was sent is history: only the status and the next attempt can be
    changed, so an operator can send a reminder again."""

    list_display = ["recipient", "kind", "due_on", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "kind", "due_on"]
    search_fields = ["recipient__username", "recipient__email", "recipient__last_name"]
    list_select_related = ["recipient"]
    date_hierarchy = "due_on"
    fields = [
        "recipient",
        "kind",
        "due_on",
        "status",
        "next_attempt_at",
        "attempts",
        "last_error",
        "claimed_at",
        "sent_at",
        "created_at",
        "updated_at",
    ]
    readonly_fields = [
        "recipient",
        "kind",
        "due_on",
        "attempts",
        "last_error",
        "claimed_at",
        "sent_at",
        "created_at",
        "updated_at",
    ]
    inlines = [ReminderItemInline]
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Try the selected pending reminders at the next sweep"))
    def retry_now(self, request, queryset):
        count = queryset.filter(status=ReminderStatus.PENDING).update(
            next_attempt_at=timezone.now()
        )
        message = ngettext(
            "%(count)d pending reminder will be tried again.",
            "%(count)d pending reminders will be tried again.",
            count,
        )
        self.message_user(request, message % {"count": count})
