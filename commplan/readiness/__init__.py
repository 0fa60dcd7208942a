"""Stakeholder readiness (issue 19 §2): each group's position on the change-management ladder,
recorded over time, against where it must be by each milestone."""
