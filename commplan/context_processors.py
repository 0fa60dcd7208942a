"""Template context shared by every page."""

from django.utils.translation import gettext, pgettext


def row_labels(request):
    """Words the plan table repeats on every row, translated once per request rather than once
    per row (a 1,000-row table otherwise spends a tenth of its time in gettext)."""
    return {
        "labels": {
            "goal": gettext("Goal:"),
            "no_owner": gettext("No owner"),
            "overdue": gettext("Overdue"),
            "due_today": gettext("Due today"),
            "open": gettext("Open"),
            "edit": gettext("Edit"),
            "hours": gettext("h"),
            "planned": gettext("planned"),
            "actual": gettext("actual"),
            "more_than_planned": gettext("more than planned"),
            "no_milestone": gettext("No milestone"),
            # The column headings, repeated above each value where a row is shown as a card.
            "stakeholder": gettext("Stakeholders (target group)"),
            "message": gettext("Message content and goal"),
            "channel": gettext("Channel"),
            "owner": gettext("Owner"),
            "resources": gettext("Time and resources"),
            "milestone": gettext("Milestone"),
            "next_review": gettext("Next review"),
            "status": gettext("Status"),
            # The toolkit's own column names, as the table's heading words them; the column names
            # printed above each milestone group repeat the heading, the cards keep the short words.
            "channel_column": pgettext("toolkit column", "Channel"),
            "owner_column": pgettext("toolkit column", "Owner"),
            "resources_column": pgettext("toolkit column", "Time and resources"),
        }
    }
