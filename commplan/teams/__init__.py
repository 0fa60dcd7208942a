"""Reminders in Microsoft Teams: a plan's channel and a person can have an incoming-webhook
address (Teams Workflows); the daily digest, escalations and the weekly summary are posted
there as Adaptive Cards.

- ``crypto.py``: the address kept encrypted, shown back only as host and last characters.
- ``delivery.py``: one HTTP POST with short timeouts; what Teams answered, never the address.
- ``cards.py``: the Adaptive Cards, in the reader's language, with links to the review forms.
- ``posting.py``: which cards are owed today, claimed before posting (as the emails are, see
  ``commplan/reminders/claims.py``), retries, and a refused address reported to the managers.
- ``views.py``, ``forms.py``, ``urls.py``: the plan's and the person's Teams settings pages.
"""
