from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Stakeholder


@admin.register(Stakeholder)
class StakeholderAdmin(SimpleHistoryAdmin):
    list_display = ["name", "category", "is_internal", "importance", "involvement", "plan"]
    list_filter = ["category", "is_internal", "importance", "involvement", "plan"]
    search_fields = ["name", "contact_name", "contact_email", "notes"]
    list_select_related = ["plan"]
