"""`manage.py bench --only feedback` (issue 19 §4): a plan with 1,000,000 pulse answers; the
time to post one answer, and the row page's queries and time with many answers against none.

The answers are generated inside the database on PostgreSQL (INSERT … SELECT generate_series),
in batches elsewhere; their tallies are then rebuilt from them, as `rebuild_tallies` would
repair them.
"""

import datetime
import itertools
import time

from django.db import connection
from django.db.models import Count, Q, Sum
from django.test import Client, override_settings
from django.utils import timezone

from .. import prepared
from ..models import FeedbackLink, FeedbackResponse, FeedbackTally, FeedbackTotal, Meaning, Role
from ..models.feedback import SCALE, TALLY_COUNTS
from ..understanding import privacy

LINKS_PER_ROW = 4  # the activity and three occurrences
DAYS = 365
POST_MS_TARGET = 20
DASHBOARD_RATIO = 1.5  # the dashboard among a million answers, against the plan page


def make_links(plan, rows):
    links = []
    for row in rows:
        days = [None] + [row.scheduled_date or timezone.localdate()] * (LINKS_PER_ROW - 1)
        for offset, day in enumerate(days):
            occurrence = day and day + datetime.timedelta(weeks=offset)
            links.append(FeedbackLink(plan=plan, row=row, occurrence=occurrence))
    return FeedbackLink.objects.bulk_create(links)


GENERATE_SQL = """
INSERT INTO commplan_feedbackresponse (link_id, plan_id, row_id, stakeholder_id, channel_id,
    milestone_id, occurrence, answered_on, clarity, meaning, support, unclear, text_hidden)
SELECT l.id, l.plan_id, r.id, r.stakeholder_id, r.channel_id, r.milestone_id, l.occurrence,
    %(today)s::date - (g %% %(days)s), 1 + (g * 7 %% 5), (ARRAY['yes', 'partly', 'no'])[1 + g %% 3],
    1 + (g * 3 %% 5), CASE WHEN g %% 50 = 0 THEN 'Generated text' ELSE '' END, false
FROM generate_series(0, %(count)s - 1) AS g
JOIN (SELECT id, plan_id, row_id, occurrence, row_number() OVER (ORDER BY id) - 1 AS i
      FROM commplan_feedbacklink WHERE id = ANY(%(links)s)) AS l
    ON l.i = CASE WHEN g %% 2 = 0 THEN 0 ELSE (g / 2) %% %(n)s END
JOIN commplan_planrow r ON r.id = l.row_id
"""


def generate_answers(links, count, today):
    """`count` answers spread over `links` and the last DAYS days; every other answer goes to
    the first link, so that one activity carries half of them."""
    ids = sorted(link.pk for link in links)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                GENERATE_SQL,
                {"today": today, "days": DAYS, "count": count, "links": ids, "n": len(ids)},
            )
        return
    by_pk = {link.pk: link for link in links}
    meanings = [Meaning.YES, Meaning.PARTLY, Meaning.NO]
    for start in range(0, count, 20_000):
        batch = []
        for g in range(start, min(count, start + 20_000)):
            link = by_pk[ids[0 if g % 2 == 0 else (g // 2) % len(ids)]]
            row = link.row
            batch.append(
                FeedbackResponse(
                    link=link,
                    plan_id=link.plan_id,
                    row_id=row.pk,
                    stakeholder_id=row.stakeholder_id,
                    channel_id=row.channel_id,
                    milestone_id=row.milestone_id,
                    occurrence=link.occurrence,
                    answered_on=today - datetime.timedelta(days=g % DAYS),
                    clarity=1 + g * 7 % 5,
                    meaning=meanings[g % 3],
                    support=1 + g * 3 % 5,
                    unclear="Generated text" if g % 50 == 0 else "",
                )
            )
        FeedbackResponse.objects.bulk_create(batch)


def rebuild_tallies(plan):
    """The tallies of `plan` computed again from its answers (a repair, and the benchmark's
    way to count a million generated answers): one grouped query, then the rows in batches."""
    counts = {
        "responses": Count("pk"),
        "texts": Count("pk", filter=~Q(unclear="")),
        **{f"clarity_{n}": Count("pk", filter=Q(clarity=n)) for n in SCALE},
        **{f"meaning_{m}": Count("pk", filter=Q(meaning=m)) for m in Meaning.values},
        **{f"support_{n}": Count("pk", filter=Q(support=n)) for n in SCALE},
    }
    if set(counts) != set(TALLY_COUNTS):
        raise RuntimeError("rebuild_tallies must count every column of FeedbackTally")
    keys = ["link_id", "plan_id", "row_id", "stakeholder_id", "channel_id", "milestone_id"]
    keys += ["occurrence", "answered_on"]
    groups = FeedbackResponse.objects.filter(plan=plan).order_by().values(*keys).annotate(**counts)
    FeedbackTally.objects.filter(plan=plan).delete()
    tallies = (FeedbackTally(day=group.pop("answered_on"), **group) for group in groups.iterator())
    while batch := list(itertools.islice(tallies, 5000)):
        FeedbackTally.objects.bulk_create(batch)
    rebuild_totals(plan)


def rebuild_totals(plan):
    """The totals of `plan` added up again from its tallies, under the attribution each tally
    carries (as record_answer adds them)."""
    keys = ["link_id", "plan_id", "row_id", "stakeholder_id", "channel_id", "milestone_id"]
    groups = (
        FeedbackTally.objects.filter(plan=plan)
        .order_by()
        .values(*keys)
        .annotate(**{name: Sum(name) for name in TALLY_COUNTS})
    )
    FeedbackTotal.objects.filter(plan=plan).delete()
    totals = (
        FeedbackTotal(
            stakeholder_key=group["stakeholder_id"] or 0,
            channel_key=group["channel_id"] or 0,
            milestone_key=group["milestone_id"] or 0,
            **group,
        )
        for group in groups.iterator()
    )
    while batch := list(itertools.islice(totals, 5000)):
        FeedbackTotal.objects.bulk_create(batch)


def run(command, plan, users, answers, runs, time_request, analyze):
    """Generate, then time; `command` prints (its `timings` and `target`)."""
    rows = list(plan.rows.select_related("message").order_by("pk"))
    quiet = rows[-1]
    started = time.perf_counter()
    links = make_links(plan, rows[:-1])
    today = timezone.localdate()
    generate_answers(links, answers, today)
    rebuild_tallies(plan)
    analyze()
    stored = FeedbackResponse.objects.filter(plan=plan).count()
    busy = min(links, key=lambda link: link.pk).row
    command.stdout.write(
        f"Pulse feedback on {connection.vendor}: {stored:,} answers to {len(links)} links of "
        f"{len(rows) - 1} activities ({busy_count(busy):,} to the busiest) and their "
        f"{FeedbackTally.objects.filter(plan=plan).count():,} tallies in "
        f"{time.perf_counter() - started:.1f} s."
    )
    manager = Client()
    manager.force_login(users[Role.MANAGER])
    quiet_link = FeedbackLink.objects.create(plan=plan, row=quiet)
    phone = Client()
    url = quiet_link.get_absolute_url()
    phone.get(url)  # the page, as a phone opens it first

    def fresh_answer():
        phone.cookies.pop("answered", None)  # a new browser each time: every post is saved
        return {"clarity": "4", "meaning": "yes", "unclear": "Which warehouse?"}

    with override_settings(FEEDBACK_RATE_PER_MINUTE=1_000_000):
        before = FeedbackResponse.objects.filter(link=quiet_link).count()
        post = time_request(phone, url, runs, data=fresh_answer)
        saved = FeedbackResponse.objects.filter(link=quiet_link).count() - before
    # The dashboard's first view in a process, as far as its queries go: each compiled again
    # (its templates were compiled by the view before).
    manager.get(f"/plans/{plan.pk}/dashboard/")
    prepared.forget()
    privacy.forget([plan.pk], today)  # and the suppression worked out again
    first_cpu = time.process_time()
    manager.get(f"/plans/{plan.pk}/dashboard/")
    first_ms = (time.process_time() - first_cpu) * 1000
    lines = [
        ("post an answer", post),
        ("activity, most answers", time_request(manager, busy.get_absolute_url(), runs)),
        ("activity, few answers", time_request(manager, quiet.get_absolute_url(), runs)),
        ("review form, most answers", time_request(manager, review_url(busy), runs)),
        ("plan page", time_request(manager, plan.get_absolute_url(), runs)),
        # The dashboard reads readiness and understanding with the rest (issue 19 §2, §3).
        ("plan dashboard", time_request(manager, f"/plans/{plan.pk}/dashboard/", runs)),
    ]
    command.timings(lines)
    command.stdout.write(f"  answers saved by the timed posts: {saved} of {runs + 3} posted")
    command.stdout.write(
        f"  plan dashboard, first view, queries compiled and suppression worked out anew: "
        f"{first_ms:.1f} ms CPU"
    )
    command.target("post an answer, cpu", post.cpu_ms, POST_MS_TARGET, " ms")
    command.target("post an answer, wall", post.wall_ms, POST_MS_TARGET, " ms")
    command.target(
        "activity queries, most ÷ few answers", lines[1][1].queries / lines[2][1].queries, 1.0
    )
    command.target(
        "dashboard ÷ plan page, cpu", lines[5][1].cpu_ms / lines[4][1].cpu_ms, DASHBOARD_RATIO
    )


def busy_count(row):
    return FeedbackResponse.objects.filter(row=row).count()


def review_url(row):
    return f"/plans/{row.plan_id}/rows/{row.pk}/reviews/new/"
