from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Milestone


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["title", "phase", "planned_date", "actual_date", "status", "plan"]
    list_filter = ["phase", "status", "plan"]
    search_fields = ["title", "description"]
    list_select_related = ["plan"]
    date_hierarchy = "planned_date"
