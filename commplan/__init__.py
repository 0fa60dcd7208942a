"""The S&OP Communication Planner: one Django app, laid out by feature.

Where code lives
----------------
- A feature is a package here that owns its ``views.py``, ``forms.py`` (where it has forms),
  ``urls.py`` and its templates folder ``templates/commplan/<feature>/``. A newcomer looking
  for a page starts at the feature's ``urls.py``.
- ``models/`` is the one place for models (one module per subject); features import them from
  ``commplan.models``.
- The modules at this level are the shared parts every feature may use; they use no feature's
  views or forms. (Writes go through ``history.recording``; ``tasks.py``, Celery's entry
  points, and the template tags call into features by design.)
- A feature may use another feature's public functions (e.g. ``rows.table`` for My work), never
  its views.

The map
-------
===============  ==========================================================================
``site``         the front door: ``/`` sends each person to their page; the web app manifest
``plans``        the plan list, header, archive, delete; members and their roles
``rows``         the plan table (``table.py``, ``filters.py``), activities, in-place edit
``catalogue``    a plan's channels and messages
``followup``     recording a review; My work (``/my/``)
``reminders``    the sweep (``sweep.py``), claims before sending (``claims.py``), welcome
                 emails, email building (``emails.py``); the Reminders page; unsubscribe
``dashboard``    figures, health warnings, timeline, stakeholder map; plan and roll-up pages
``imports``      reading spreadsheets, checks, preview, saving; upload and preview pages
``exports``      the .xlsx/.csv export (``columns.py``, ``writing.py``) and its page
``starter``      a plan from the S&OP template; copying a plan
``history``      change history, recent changes, baselines
``calendar``     iCalendar feeds (``feeds.py``) and the calendar key
``meetings``     S&OP meetings and their decisions; drafting the activities that tell each
                 affected group (``drafting.py``), follow-through (``follow.py``)
``accounts``     sign-in and throttling, single sign-on (``sso.py``), passwords, the
                 person's own settings
``feedback``     pulse feedback: the public answer page ``/f/<token>/``, links and QR codes,
                 the figures and the evidence in the review
``readiness``    stakeholder readiness: desired position by milestone, recorded positions
``understanding`` the feedback roll-up: understanding and support per group, phase, channel
``teams``        reminders in Microsoft Teams: webhook addresses (encrypted), Adaptive Cards
                 (``cards.py``), posting them once each (``posting.py``); the settings pages
``api``          the REST API (``/api/``), personal API tokens, its OpenAPI schema and docs
``demo``         ``seed_demo``'s pilot plan, people, generated plans, reminder data
===============  ==========================================================================

Shared parts: ``access.py`` (who may see and do what: the roles, one source of permission
truth), ``locking.py`` (edit conflicts), ``cadence.py`` (review dates, Danish working days),
``validators.py``, ``fields.py`` and ``widgets.py`` (form parts), ``language.py``,
``services.py`` (recording a review), ``prepared.py`` (queries compiled once per process, for
the dashboard), ``tasks.py`` (Celery), ``templatetags/``,
``row_integrity.py`` (the rows-stay-in-their-plan SQL), ``admin.py``, ``management/commands/``
(thin: ``bench`` runs the measurements in ``benchmarks/``).

The two small apps ``stakeholders`` and ``milestones`` depend on commplan's shared parts
(``commplan.access``, ``commplan.locking``, ``commplan.validators``, ``commplan.fields``,
``commplan.models.catalogue``);
commplan's models refer to theirs by string (``"stakeholders.Stakeholder"``), so the dependency
runs one way.
"""
