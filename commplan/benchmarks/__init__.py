"""The measurements behind `manage.py bench` (the command only reads its options and sets up the
throwaway database): ``timing.py`` times requests and the floor, ``report.py`` prints figures
against their targets, ``pages.py`` the plan page, the other pages, the in-place edit, My work
and the dashboard, ``reminders.py`` the reminder sweep and the Reminders page, ``imports.py`` the
import of a 5,000-row workbook. Figures, not tests."""
