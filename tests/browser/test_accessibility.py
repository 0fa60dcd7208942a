"""axe-core in Chromium on every kind of page, in English and in Danish: no serious or critical
accessibility violation.

The pages are the list below; a new kind of page is one entry (a name, who opens it, how to get
its address from the demo plan, and what to do on it first). axe-core is a test asset
(tests/browser/vendor/axe.min.js, from the npm package), injected by Playwright into each page;
the app never serves it. A failure lists every violation with the elements it found.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commplan import demo
from commplan.exports import writing as exports
from commplan.feedback.services import record_answer
from commplan.history.baselines import take_snapshot
from commplan.imports import staging
from commplan.models import (
    Baseline,
    Decision,
    FeedbackLink,
    PlanRow,
    Profile,
    RowStatus,
    TeamsWebhook,
)
from commplan.reminders import sweep as reminders
from commplan.teams import crypto

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
FAILING_IMPACTS = {"serious", "critical"}


@dataclass
class A11yPage:
    """A kind of page: who opens it, its address (from the demo `world`), and optional steps
    `prepare(page)` before it is opened and `act(page, world)` on it (e.g. open the in-place
    edit) before axe looks."""

    name: str
    url: Callable
    persona: str = "manager"
    act: Callable | None = None
    prepare: Callable | None = None
    status: int = 200


def in_plan(name, **extra):
    return lambda w: reverse(name, kwargs={"plan_pk": w.plan.pk, **extra})


def of_row(name):
    return lambda w: reverse(name, kwargs={"plan_pk": w.plan.pk, "pk": w.row.pk})


def first_decision(world):
    return Decision.objects.filter(meeting__plan=world.plan).order_by("pk")[0]


def drafts_of_new_decision(world):
    """The draft screen of a decision affecting three groups that have no activity for it."""
    decision = Decision.objects.create(
        meeting=first_decision(world).meeting, title="Prisen på CR-pumper hæves 3 %"
    )
    decision.affected.set(world.plan.stakeholders.order_by("pk")[:3])
    return reverse("commplan:decision_draft", args=[world.plan.pk, decision.pk])


def readiness_of(name):
    """A demo stakeholder's readiness page (the demo plan records and targets readiness)."""
    return lambda w: reverse(
        "commplan:readiness_detail",
        kwargs={"plan_pk": w.plan.pk, "pk": w.plan.stakeholders.get(name=name).pk},
    )


def open_inline_edit(page, world):
    row = page.locator(f"#row-{world.row.pk}")
    row.locator("button[data-inline-edit]").click()
    row.locator("form").wait_for()


def submit_empty(page, world):
    page.locator("main form button[type=submit]").last.click()
    page.locator(".is-invalid, .invalid-feedback").first.wait_for()


def submit_bad_teams_url(page, world):
    page.locator("#id_url").fill("http://example.com/hook")
    page.get_by_role("button", name=re.compile("Save|Gem")).click()
    page.locator(".is-invalid, .invalid-feedback").first.wait_for()


def post_too_much(page):
    """Turns the next request into a POST with a body over the limit (see `demo_world`)."""
    page.route("**/*", lambda route: route.continue_(method="POST", post_data="x" * 2000), times=1)


PAGES = [
    A11yPage("sign-in", lambda w: reverse("login"), persona="anonymous"),
    A11yPage("plans", lambda w: reverse("commplan:plan_list")),
    A11yPage("plan table", lambda w: w.plan.get_absolute_url()),
    A11yPage(
        "plan table, in-place edit open", lambda w: w.plan.get_absolute_url(), act=open_inline_edit
    ),
    A11yPage("plan table, filtered", lambda w: w.plan.get_absolute_url() + "?due=overdue"),
    A11yPage("plan form", lambda w: reverse("commplan:plan_update", args=[w.plan.pk])),
    A11yPage("new plan", lambda w: reverse("commplan:plan_create")),
    A11yPage("plan delete", lambda w: reverse("commplan:plan_delete", args=[w.plan.pk])),
    A11yPage("row", of_row("commplan:row_detail")),
    A11yPage("row form", in_plan("commplan:row_create")),
    A11yPage("row form with errors", in_plan("commplan:row_create"), act=submit_empty),
    A11yPage("row edit", of_row("commplan:row_update")),
    A11yPage("review form", of_row("commplan:review_create")),
    A11yPage("pulse, public page", lambda w: w.pulse_url, persona="anonymous"),
    A11yPage("pulse, answer refused", lambda w: w.pulse_url, persona="anonymous", act=submit_empty),
    A11yPage("plan dashboard", lambda w: reverse("commplan:plan_dashboard", args=[w.plan.pk])),
    A11yPage("roll-up dashboard", lambda w: reverse("commplan:dashboard")),
    A11yPage("my work", lambda w: reverse("commplan:my_work"), persona="owner"),
    A11yPage("settings", lambda w: reverse("commplan:my_settings")),
    A11yPage("API tokens", lambda w: reverse("commplan:api_token_list")),
    A11yPage("stakeholders", in_plan("stakeholders:stakeholder_list")),
    A11yPage("stakeholder form", in_plan("stakeholders:stakeholder_create")),
    A11yPage("stakeholder readiness", readiness_of("Salg")),
    A11yPage("stakeholder readiness, read only", readiness_of("Nøglekunder"), persona="executive"),
    A11yPage("milestones", in_plan("milestones:milestone_list")),
    A11yPage("milestone form", in_plan("milestones:milestone_create")),
    A11yPage("messages", in_plan("commplan:message_list")),
    A11yPage("message form", in_plan("commplan:message_create")),
    A11yPage("channels", in_plan("commplan:channel_list")),
    A11yPage("channel form", in_plan("commplan:channel_create")),
    A11yPage("members", in_plan("commplan:member_list")),
    A11yPage("member form", in_plan("commplan:member_create")),
    A11yPage("reminders", in_plan("commplan:reminder_list")),
    A11yPage("Teams channel, address refused", in_plan("commplan:plan_teams")),
    A11yPage("my Teams", lambda w: reverse("commplan:my_teams"), persona="owner"),
    A11yPage(
        "my Teams, bad address",
        lambda w: reverse("commplan:my_teams"),
        persona="owner",
        act=submit_bad_teams_url,
    ),
    A11yPage("import upload", in_plan("commplan:import_upload")),
    A11yPage("import preview", lambda w: w.import_preview_url),
    A11yPage("template plan form", lambda w: reverse("commplan:plan_from_template")),
    A11yPage("copy plan form", lambda w: reverse("commplan:plan_copy", args=[w.plan.pk])),
    A11yPage(
        "row history",
        lambda w: reverse(
            "commplan:object_history", kwargs={"plan_pk": w.plan.pk, "kind": "row", "pk": w.row.pk}
        ),
    ),
    A11yPage("recent changes", in_plan("commplan:plan_changes")),
    A11yPage("meetings", in_plan("commplan:meeting_list")),
    A11yPage("meetings (owner)", in_plan("commplan:meeting_list"), persona="owner"),
    A11yPage(
        "meeting", lambda w: w.plan.meetings.filter(decisions__isnull=False)[0].get_absolute_url()
    ),
    A11yPage("meeting form", in_plan("commplan:meeting_create")),
    A11yPage("meeting form with errors", in_plan("commplan:meeting_create"), act=submit_empty),
    A11yPage("decision", lambda w: first_decision(w).get_absolute_url(), persona="executive"),
    A11yPage(
        "decision form",
        lambda w: reverse("commplan:decision_update", args=[w.plan.pk, first_decision(w).pk]),
    ),
    A11yPage("drafted activities", drafts_of_new_decision),
    A11yPage("baselines", in_plan("commplan:baseline_list")),
    A11yPage("baseline form", in_plan("commplan:baseline_create")),
    A11yPage("baseline comparison", lambda w: w.baseline_url),
    A11yPage("password reset", lambda w: reverse("password_reset"), persona="anonymous"),
    A11yPage("password change", lambda w: reverse("password_change")),
    A11yPage("404", lambda w: "/plans/999999/", status=404),
    A11yPage("405", lambda w: reverse("commplan:plan_archive", args=[w.plan.pk]), status=405),
    A11yPage(
        "403",
        lambda w: reverse("commplan:plan_update", args=[w.plan.pk]),
        persona="executive",
        status=403,
    ),
    A11yPage("413", lambda w: reverse("commplan:plan_list"), prepare=post_too_much, status=413),
]


@pytest.fixture
def demo_world(live_db, settings):
    """The demo plan (36 activities in all five phases, reviews, reminders sent) and a second,
    generated plan so /dashboard/ is the roll-up."""
    settings.MAX_REQUEST_SIZE = 1000  # for the 413 page
    users = demo.ensure_demo_users()
    # The demo's people are Danish; here each run's browser language decides the pages.
    Profile.objects.filter(user__in=users.values()).update(language="")
    plan, _ = demo.create_demo_plan(users)
    demo.add_demo_meetings(plan, users, timezone.localdate())
    demo.create_generated_plan(5, users=users)
    reminders.sweep()
    # The plan's Teams channel, whose address Teams has refused (the notice on its pages).
    teams_url = "https://prod-01.westeurope.logic.azure.com/workflows/a/invoke?sig=Demo1234"
    TeamsWebhook.objects.create(
        plan=plan,
        url_encrypted=crypto.encrypt(teams_url),
        hint=crypto.hint(teams_url),
        broken_at=timezone.now(),
        broken_reason="HTTP 404",
    )
    row = PlanRow.objects.filter(plan=plan, status=RowStatus.ACTIVE, owner=users["owner"]).first()
    # A baseline from before a change, and a preview of the plan's own export with one change.
    baseline = Baseline.objects.create(
        plan=plan, name="Pilot approved", snapshot=take_snapshot(plan), created_by=users["manager"]
    )
    row.planned_hours = (row.planned_hours or 0) + 2
    row.save()
    # Pulse answers enough to show their figures on the row page and in its review.
    link = FeedbackLink.objects.create(plan=plan, row=row)
    for clarity in (5, 5, 4, 3, 2):
        record_answer(link, clarity=clarity, meaning="yes", unclear="Hvad med lageret?")
    upload = exports.export(plan, plan.rows.for_table(), "xlsx", "da")
    token = staging.stage(upload, "plan.xlsx", plan, users["manager"])
    return SimpleNamespace(
        plan=plan,
        row=row,
        import_preview_url=reverse(
            "commplan:import_preview", kwargs={"plan_pk": plan.pk, "token": token}
        ),
        pulse_url=link.get_absolute_url(),
        baseline_url=reverse(
            "commplan:baseline_detail", kwargs={"plan_pk": plan.pk, "pk": baseline.pk}
        ),
        **users,
    )


def signed_in(browser, live_server, world, persona, language):
    """A browser context for `persona` in `language`, with axe-core loaded into every page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    if persona != "anonymous":
        client = Client()
        client.force_login(getattr(world, persona))
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append(
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}
        )
    context.add_cookies(cookies)
    context.add_init_script(path=str(AXE))
    return context


def serious_violations(page):
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in FAILING_IMPACTS]


def describe(name, url, violations):
    lines = [f"{name} ({url}):"]
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.append(f"    {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    - {' '.join(node['target'])}: {node['html'][:160]}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            lines.append(f"      {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more elements")
    return "\n".join(lines)


def visit_every_page(browser, live_server, world, language):
    """Opens every page of PAGES in `language`, as its persona, and yields (spec, url, page)
    once the page is in the state to check (after its `act`)."""
    contexts = {}
    try:
        for spec in PAGES:
            if spec.persona not in contexts:
                contexts[spec.persona] = signed_in(
                    browser, live_server, world, spec.persona, language
                )
            page = contexts[spec.persona].new_page()
            page.set_default_timeout(10_000)
            if spec.prepare is not None:
                spec.prepare(page)
            url = live_server.url + spec.url(world)
            assert page.goto(url).status == spec.status, spec.name
            if spec.act is not None:
                spec.act(page, world)
                # An act that submits a form lands on a new page: let its stylesheets apply
                # first, or axe reads the navigation's white text on no background yet.
                page.wait_for_load_state("load")
            # Really the page asked for, signed in, in the language asked for.
            assert urlsplit(page.url).path == urlsplit(url).path, spec.name
            assert page.evaluate("document.documentElement.lang") == language, spec.name
            yield spec, url, page
            page.close()
    finally:
        for context in contexts.values():
            context.close()


@pytest.mark.parametrize("language", ["en", "da"])
def test_no_serious_accessibility_violations(browser, live_server, demo_world, language):
    failures = []
    for spec, url, page in visit_every_page(browser, live_server, demo_world, language):
        violations = serious_violations(page)
        if violations:
            failures.append(describe(spec.name, url, violations))
    assert not failures, "axe-core found serious or critical violations:\n" + "\n".join(failures)
