from django.contrib import admin

from .models import Channel, CommunicationPlan, Membership, Message, PlanRow


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(CommunicationPlan)
class CommunicationPlanAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "start_date", "end_date", "currency", "updated_at"]
    search_fields = ["name", "organisation"]
    list_filter = ["currency"]
    date_hierarchy = "start_date"
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "plan", "role", "created_at"]
    list_filter = ["role", "plan"]
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user", "plan"]
    autocomplete_fields = ["user", "plan"]


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "plan"]
    list_filter = ["kind", "plan"]
    search_fields = ["name", "description"]
    list_select_related = ["plan"]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "goal", "objective", "plan"]
    list_filter = ["plan"]
    search_fields = ["content", "goal", "objective"]
    list_select_related = ["plan"]


@admin.register(PlanRow)
class PlanRowAdmin(admin.ModelAdmin):
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
