"""What the printed plan says about itself: the header texts, the date, and which activities a
filtered or paginated printout leaves out (tests/browser/test_print.py prints it for real)."""

import re

from django.conf import settings
from django.urls import reverse

from milestones.models import Phase

from ..factories import MilestoneFactory, PlanRowFactory


def print_header(client, plan, query=""):
    response = client.get(reverse("commplan:plan_detail", args=[plan.pk]) + query)
    assert response.status_code == 200
    html = response.content.decode()
    section = re.search(
        r'<section class="d-none d-print-block plan-header-print.*?</section>', html, re.S
    )
    assert section, "the print-only header is missing"
    return " ".join(re.sub(r"<[^>]+>", " ", section.group()).split())


def test_the_printout_has_the_header_texts_and_says_it_is_complete(manager_client, plan, row):
    plan.message_and_timing = "Every milestone is announced the week before."
    plan.save()

    text = print_header(manager_client, plan)

    assert "Alle interessenter informeres." in text
    assert "Every milestone is announced the week before." in text
    assert "Printed " in text
    assert "matching" not in text and " of " not in text


def test_a_filtered_printout_names_its_filters_in_words(manager_client, plan, owner):
    pilot = MilestoneFactory(plan=plan, phase=Phase.PILOT)
    PlanRowFactory(plan=plan, owner=owner, milestone=pilot)

    text = print_header(manager_client, plan, f"?phase={Phase.PILOT}&owner={owner.pk}&q=S%26OP")

    owner_name = owner.get_full_name()
    assert (
        f"Only the activities matching: Search: S&amp;OP; Owner: {owner_name}; Phase: Pilot" in text
    )


def test_a_paginated_printout_says_which_activities_it_shows(manager_client, plan, owner):
    PlanRowFactory.create_batch(30, plan=plan, owner=owner)

    text = print_header(manager_client, plan, "?per_page=25&page=2")

    assert "Activities 26–30 of 30" in text


def test_each_milestone_group_prints_as_its_own_table_whose_heading_repeats(
    manager_client, plan, owner
):
    """Chromium repeats a table's header group on every page the table runs onto; app.css makes
    each group's tbody a table and its heading row the header group (printed and checked with
    Chromium's page.pdf when this was built)."""
    first, second = (
        MilestoneFactory(plan=plan, phase=Phase.PILOT, title=title) for title in ("Start", "End")
    )
    PlanRowFactory.create_batch(2, plan=plan, owner=owner, milestone=first)
    PlanRowFactory(plan=plan, owner=owner, milestone=second)

    html = manager_client.get(reverse("commplan:plan_detail", args=[plan.pk])).content.decode()

    groups = re.findall(r'<tbody class="row-group">(.*?)</tbody>', html, re.S)
    assert len(groups) == 2
    for group in groups:
        assert group.lstrip().startswith('<tr class="group-row">')
        assert "print-column-names" in group  # the column names at the top of each group
    css = (settings.BASE_DIR / "static" / "css" / "app.css").read_text()
    assert (
        ".plan-table.grouped > tbody.row-group > tr.group-row { display: table-header-group; }"
        in css
    )
