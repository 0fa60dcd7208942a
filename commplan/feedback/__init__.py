"""Pulse feedback (issue 19 §1): the public page where an activity's audience answers, the links
and QR codes on the row page, and the figures the row page and the review show.

services.py records answers and reads the figures (from the daily tallies); views.py holds the
public page and the managers' and owners' actions on links and answers.
"""
