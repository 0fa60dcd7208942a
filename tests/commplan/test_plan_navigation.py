"""What each role is offered in the plan's tabs and the plan table's toolbar, and where the
history pages lead back to."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from ..factories import StakeholderFactory


class MenuItems(HTMLParser):
    """The texts and addresses of the links and buttons inside the element `selector`
    (an attribute name and value) of a page."""

    def __init__(self, attribute, value):
        super().__init__()
        self.attribute, self.value = attribute, value
        self.depth = 0  # >0 while inside the element
        self.items, self.current = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth:
            self.depth += 1
        elif attrs.get(self.attribute) == self.value:
            self.depth = 1
        if self.depth and tag in ("a", "button"):
            self.current = [attrs.get("href", ""), ""]

    def handle_endtag(self, tag):
        if self.depth and tag in ("a", "button") and self.current is not None:
            self.items.append((self.current[1].strip(), self.current[0]))
            self.current = None
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.current is not None:
            self.current[1] += data


def menu(response, value, attribute="aria-labelledby"):
    parser = MenuItems(attribute, value)
    parser.feed(response.content.decode())
    return dict(parser.items)


def table(client, plan):
    response = client.get(reverse("commplan:plan_detail", args=[plan.pk]))
    assert response.status_code == 200
    return response


def test_the_manager_finds_plan_wide_actions_in_one_menu(manager_client, plan):
    response = table(manager_client, plan)
    actions = menu(response, "plan-actions-menu")
    assert actions == {
        "Import from a spreadsheet": reverse("commplan:import_upload", args=[plan.pk]),
        "Copy plan": reverse("commplan:plan_copy", args=[plan.pk]),
        "Save a baseline": reverse("commplan:baseline_create", args=[plan.pk]),
        "Compare with a baseline": reverse("commplan:baseline_list", args=[plan.pk]),
    }
    export = menu(response, "export-menu")
    assert set(export) == {"Excel (.xlsx)", "CSV", "Print"}
    # The one primary action stays a button of its own, after the menus.
    page = response.content.decode()
    add = page.index(
        'class="btn btn-primary" href="{}"'.format(reverse("commplan:row_create", args=[plan.pk]))
    )
    assert add > page.index('id="plan-actions-menu"') > page.index('id="export-menu"')


@pytest.mark.parametrize("who", ["owner_client", "executive_client"])
def test_readers_get_export_and_print_but_no_plan_actions(request, who, plan):
    response = table(request.getfixturevalue(who), plan)
    assert menu(response, "plan-actions-menu") == {}
    assert set(menu(response, "export-menu")) == {"Excel (.xlsx)", "CSV", "Print"}
    page = response.content.decode()
    for url_name in ("import_upload", "plan_copy", "baseline_create", "row_create"):
        assert reverse(f"commplan:{url_name}", args=[plan.pk]) not in page


def test_an_archived_plan_can_still_be_copied_and_compared_but_not_changed(manager_client, plan):
    plan.archived_at = timezone.now()
    plan.save()
    actions = menu(table(manager_client, plan), "plan-actions-menu")
    assert set(actions) == {"Copy plan", "Compare with a baseline"}


def test_the_managers_less_frequent_pages_are_under_more(manager_client, plan):
    response = table(manager_client, plan)
    more = menu(response, "plan-tabs-more", attribute="data-menu")
    assert more == {
        "More": "#",
        "Reminders": reverse("commplan:reminder_list", args=[plan.pk]),
        "Plan header": reverse("commplan:plan_update", args=[plan.pk]),
    }
    tabs = menu(response, "plan-tabs", attribute="data-menu")
    assert "History" in tabs and "Baselines" not in tabs


@pytest.mark.parametrize(
    ("url_name", "current"), [("reminder_list", "Reminders"), ("plan_update", "Plan header")]
)
def test_the_more_tab_is_active_while_a_page_under_it_is_open(
    manager_client, plan, url_name, current
):
    page = manager_client.get(reverse(f"commplan:{url_name}", args=[plan.pk])).content.decode()
    more = re.search(r'<li class="nav-item dropdown plan-tabs-more".*?</li>\s*</ul>', page, re.S)
    assert 'class="nav-link dropdown-toggle active"' in more.group()
    assert re.search(
        rf'class="dropdown-item active" aria-current="page" href="[^"]+">{current}<', more.group()
    )


@pytest.mark.parametrize("who", ["owner_client", "executive_client"])
def test_readers_see_baselines_as_a_tab_and_no_more_menu(request, who, plan):
    response = table(request.getfixturevalue(who), plan)
    tabs = menu(response, "plan-tabs", attribute="data-menu")
    assert tabs["Baselines"] == reverse("commplan:baseline_list", args=[plan.pk])
    assert "History" not in tabs
    assert menu(response, "plan-tabs-more", attribute="data-menu") == {}


@pytest.mark.parametrize(
    ("who", "back"),
    [("manager_client", "Back to the stakeholders"), ("owner_client", "Back to the stakeholders")],
)
def test_a_history_page_leads_back_to_its_list(request, who, back, plan):
    stakeholder = StakeholderFactory(plan=plan)
    url = reverse("commplan:object_history", args=[plan.pk, "stakeholder", stakeholder.pk])
    response = request.getfixturevalue(who).get(url)
    page = response.content.decode()
    list_url = reverse("stakeholders:stakeholder_list", args=[plan.pk])
    assert f'<a href="{list_url}">← {back}</a>' in page


def test_an_activitys_history_leads_back_to_the_activity(manager_client, plan, row):
    url = reverse("commplan:object_history", args=[plan.pk, "row", row.pk])
    page = manager_client.get(url).content.decode()
    assert f'<a href="{row.get_absolute_url()}">← Back to the activity</a>' in page


def test_a_filter_that_matches_nothing_says_so_rather_than_that_the_list_is_empty(
    manager_client, plan
):
    StakeholderFactory(plan=plan, name="Sales")
    url = reverse("stakeholders:stakeholder_list", args=[plan.pk])
    page = manager_client.get(url, {"q": "nobody by this name"}).content.decode()
    assert "Nothing matches these filters." in page
    assert "No stakeholders yet." not in page
