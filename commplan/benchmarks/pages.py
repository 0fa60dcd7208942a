"""The page benchmarks of `manage.py bench`: the plan page against the Django admin on the same
rows, every page of a plan, the in-place edit, My work and the dashboard (issues 3, 11 and 16)."""

import gzip
import itertools
import re
import time

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .. import demo, prepared
from ..models import Membership, PlanRow, Role
from ..rows import table
from ..rows.forms import PlanRowInlineForm
from .report import analyze
from .timing import time_floor, time_request, time_side_by_side

PLAN_PAGE_QUERY_TARGET = 12
FLOOR_RATIO_TARGET = 10  # the plan page's CPU time, at most this many times the floor's
ADMIN_RATIO_TARGET = 0.5  # the plan page's CPU time, at most this share of the admin's
PAGE_MS_TARGET = 50  # every page at the demo's size and at 200 rows
EDIT_MS_TARGET = 20  # the in-place edit, opening and saving
PAGE_SIZES = (36, 200)
MY_WORK_PLANS, MY_WORK_ROWS = 5, 300
DASHBOARD_ROWS = 10_000
DASHBOARD_MILESTONES = 200
DASHBOARD_QUERY_TARGET = 20
DASHBOARD_PLAN_PAGE_ROWS = 100  # the plan page's first page, as a person opens it


def count_queries(client, url):
    """The number of queries one warm GET of `url` makes."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def rows_shown(client, url, link_pattern):
    """How many different rows the page at `url` links to (by the id in `link_pattern`)."""
    content = client.get(url).content.decode()
    return len(set(re.findall(link_pattern, content)))


def plan_page(report, rows, runs):
    """The plan page, the floor and the admin changelist on the same `rows` rows, one page."""
    users = demo.ensure_demo_users()
    started = time.perf_counter()
    plan, _created = demo.create_generated_plan(rows, users=users)
    half_plan, _created = demo.create_generated_plan(rows // 2, users=users)
    report.write(
        f"Plan page on {connection.vendor} ({connection.settings_dict['NAME']}): generated "
        f"plans of {rows} and {rows // 2} rows in {time.perf_counter() - started:.1f} s. "
        "No cache holds pages or rows: every view below is cold."
    )
    analyze()

    manager = Client()
    manager.force_login(users[Role.MANAGER])
    plan_url = f"/plans/{plan.pk}/?per_page={rows}"
    superuser = get_user_model().objects.create_superuser(
        "bench-admin", "bench-admin@example.com", password=None
    )
    site_admin = Client()
    site_admin.force_login(superuser)
    admin_url = f"/admin/commplan/planrow/?plan__id__exact={plan.pk}&all="
    row_admin = admin.site.get_model_admin(PlanRow)
    saved_max = row_admin.list_max_show_all
    row_admin.list_max_show_all = rows
    try:
        # The floor selects just the values the table shows, in the table's order.
        floor = time_floor(plan.rows.for_table().values_list(*table.COLUMNS)[:rows], runs)
        # The same page as a browser gets it in production: gzipped (GZipMiddleware).
        browser = Client(HTTP_ACCEPT_ENCODING="gzip")
        browser.force_login(users[Role.MANAGER])
        page, gzipped_page, admin_page = time_side_by_side(
            [(manager, plan_url), (browser, plan_url), (site_admin, admin_url)], runs
        )
        admin_rows = rows_shown(site_admin, admin_url, r"/admin/commplan/planrow/(\d+)/change/")
    finally:
        row_admin.list_max_show_all = saved_max
    plan_rows = rows_shown(manager, plan_url, rf"/plans/{plan.pk}/rows/(\d+)/")
    half_page = manager.get(f"/plans/{half_plan.pk}/?per_page={rows}")
    half_queries = count_queries(manager, f"/plans/{half_plan.pk}/?per_page={rows}")

    report.write("")
    report.timings(
        [
            ("floor: SELECT, escape, join", floor),
            (f"plan page, {plan_rows} rows", page),
            ("plan page, gzipped", gzipped_page),
            (f"admin changelist, {admin_rows} rows", admin_page),
        ]
    )
    report.write("")
    if page.status != 200 or admin_page.status != 200 or plan_rows != rows:
        report.missed.append("plan page")
        report.write(report.style.WARNING("The plan page or the admin did not show the rows."))
        return
    report.target("plan page ÷ floor, cpu", page.cpu_ms / floor.cpu_ms, FLOOR_RATIO_TARGET, "×")
    report.write(f"  (plan page ÷ floor, wall: {page.wall_ms / floor.wall_ms:.2f}×)")
    report.target("plan page ÷ admin, cpu", page.cpu_ms / admin_page.cpu_ms, ADMIN_RATIO_TARGET)
    report.write(f"  (plan page ÷ admin, wall: {page.wall_ms / admin_page.wall_ms:.2f})")
    report.target(f"queries, {rows} rows", page.queries, PLAN_PAGE_QUERY_TARGET)
    report.target(f"queries, {rows // 2} rows", half_queries, page.queries)
    # The bytes one more row adds, plain and gzipped (the page's fixed part cancels out).
    extra_rows = rows - rows // 2
    full = manager.get(plan_url).content
    per_row = (len(full) - len(half_page.content)) / extra_rows
    gzipped = (len(gzip.compress(full)) - len(gzip.compress(half_page.content))) / extra_rows
    report.write(f"  HTML per row: {per_row:.0f} bytes, {gzipped:.0f} bytes gzipped")


def pages(report, runs):
    """Every page of a plan at the demo's size and at 200 rows; the in-place edit; /my/."""
    users = demo.ensure_demo_users()
    manager, executive = Client(), Client()
    manager.force_login(users[Role.MANAGER])
    executive.force_login(users[Role.EXECUTIVE])
    for size in PAGE_SIZES:
        plan, _created = demo.create_generated_plan(size, users=users, name=f"bench {size}")
        analyze()
        row = plan.rows.order_by("pk").first()
        base = f"/plans/{plan.pk}"
        pages = [
            ("plans", manager, "/plans/"),
            ("plan table, all rows", manager, f"{base}/?per_page=250"),
            ("plan table, executive", executive, f"{base}/?per_page=250"),
            ("plan dashboard", executive, f"{base}/dashboard/"),
            ("stakeholders", manager, f"{base}/stakeholders/"),
            ("milestones", manager, f"{base}/milestones/"),
            ("messages", manager, f"{base}/messages/"),
            ("channels", manager, f"{base}/channels/"),
            ("members", manager, f"{base}/members/"),
            ("activity", manager, row.get_absolute_url()),
            ("activity, edit form", manager, f"{row.get_absolute_url()}edit/"),
            ("new activity form", manager, f"{base}/rows/new/"),
        ]
        timed = [(label, time_request(client, url, runs)) for label, client, url in pages]
        report.write(f"Pages of a plan of {size} rows on {connection.vendor}:")
        report.timings(timed)
        for label, timing in timed:
            if timing.status != 200:
                report.missed.append(f"{label} at {size} rows answered {timing.status}")
        slowest_label, slowest = max(timed, key=lambda line: line[1].cpu_ms)
        report.target(
            f"slowest page at {size} rows ({slowest_label}), cpu",
            slowest.cpu_ms,
            PAGE_MS_TARGET,
            " ms",
        )
        report.write("")
    inline_edit(report, manager, plan, row, runs)
    my_work(report, users, runs)


def inline_edit(report, manager, plan, row, runs):
    """Opening a row for editing in the table, and saving it (every save a real change)."""
    url = f"/plans/{plan.pk}/rows/{row.pk}/inline/"
    hours = itertools.count(1)

    def changed_row():
        row.refresh_from_db()
        form = PlanRowInlineForm(instance=row)
        data = {name: form[name].value() for name in form.fields}
        data["planned_hours"] = next(hours) % 40 + 1
        return {name: value for name, value in data.items() if value is not None}

    opened = time_request(manager, url, runs)
    saved = time_request(manager, url, runs, data=changed_row)
    report.write(f"In-place edit on {connection.vendor}, a plan of {plan.rows.count()} rows:")
    report.timings([("open", opened), ("save", saved)])
    if (opened.status, saved.status) != (200, 200):
        report.missed.append("in-place edit")
    report.target("in-place edit, open, cpu", opened.cpu_ms, EDIT_MS_TARGET, " ms")
    report.target("in-place edit, save, cpu", saved.cpu_ms, EDIT_MS_TARGET, " ms")
    report.write("")


def my_work(report, users, runs):
    """/my/ for an owner of MY_WORK_ROWS rows across MY_WORK_PLANS plans."""
    person = get_user_model().objects.create_user("bench-owner", password=None)
    per_plan = MY_WORK_ROWS // MY_WORK_PLANS
    for number in range(MY_WORK_PLANS):
        plan, _created = demo.create_generated_plan(
            per_plan, users=users, name=f"bench my work {number}"
        )
        Membership.objects.create(plan=plan, user=person, role=Role.OWNER)
        plan.rows.update(owner=person)
    analyze()
    owner = Client()
    owner.force_login(person)
    timing = time_request(owner, "/my/", runs)
    report.write(
        f"/my/ on {connection.vendor}, an owner of {MY_WORK_ROWS} rows in {MY_WORK_PLANS} plans:"
    )
    report.timings([("/my/", timing)])
    if timing.status != 200:
        report.missed.append("/my/")
    report.target("/my/, cpu", timing.cpu_ms, PAGE_MS_TARGET, " ms")


def dashboard(report, runs):
    """A plan's dashboard beside its plan page (its first page of 100 rows), for 200 milestones
    and 10,000 rows, timed in turns in the same run (issue 16: the dashboard ≤ the plan page)."""
    users = demo.ensure_demo_users()
    started = time.perf_counter()
    plan, _created = demo.create_generated_plan(
        DASHBOARD_ROWS, milestones=DASHBOARD_MILESTONES, users=users
    )
    reviews = demo.add_generated_reviews(plan)
    report.write(
        f"Dashboard on {connection.vendor}: a plan of {DASHBOARD_ROWS:,} rows, "
        f"{DASHBOARD_MILESTONES} milestones and {reviews:,} reviews in "
        f"{time.perf_counter() - started:.1f} s. No cache holds pages or data: every view reads "
        "the database; a process compiles each query and template on its first view (below)."
    )
    analyze()
    executive, manager = Client(), Client()
    executive.force_login(users[Role.EXECUTIVE])
    manager.force_login(users[Role.MANAGER])
    dashboard_url, plan_url = f"/plans/{plan.pk}/dashboard/", f"/plans/{plan.pk}/"
    plan_rows = rows_shown(manager, plan_url, rf"/plans/{plan.pk}/rows/(\d+)/")
    # The first view of a process, as far as its queries go: each compiled again (the
    # templates were compiled by a view before).
    executive.get(dashboard_url)
    prepared.forget()
    first_cpu = time.process_time()
    first = executive.get(dashboard_url)
    first_ms = (time.process_time() - first_cpu) * 1000
    dashboard, plan_page = time_side_by_side(
        [(executive, dashboard_url), (manager, plan_url)], runs
    )
    report.timings([("dashboard", dashboard), (f"plan page, {plan_rows} rows", plan_page)])
    report.write(f"  dashboard, first view, queries compiled anew: {first_ms:.1f} ms CPU")
    if (dashboard.status, plan_page.status, first.status_code) != (200, 200, 200) or (
        plan_rows != DASHBOARD_PLAN_PAGE_ROWS
    ):
        report.missed.append("dashboard")
        report.write(report.style.WARNING("The dashboard or a plan page of 100 rows failed."))
    report.target("dashboard ÷ plan page, cpu", dashboard.cpu_ms / plan_page.cpu_ms, 1.0)
    report.write(f"  (dashboard ÷ plan page, wall: {dashboard.wall_ms / plan_page.wall_ms:.2f})")
    report.target("queries dashboard", dashboard.queries, DASHBOARD_QUERY_TARGET)
