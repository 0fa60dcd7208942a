"""A row's time and resources read the same on the plan table and on the owner's review form:
both are written by the table's formatter and its Jinja2 row template (issue 16)."""

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from commplan.models import Goal, Happened, Review

from ..factories import PlanRowFactory


class ResourcesText(HTMLParser):
    """The visible text of the first element whose class includes `resources` inside `scope`
    (an element id, or None for the whole page)."""

    def __init__(self, scope=None):
        super().__init__()
        self.scope, self.in_scope = scope, scope is None
        self.depth, self.text = 0, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.scope and attrs.get("id") == self.scope:
            self.in_scope = True
        if self.depth:
            self.depth += 1
        elif self.in_scope and self.text is None and "resources" in (attrs.get("class") or ""):
            self.depth, self.text = 1, ""
        if self.depth:
            self.text += " "

    def handle_endtag(self, tag):
        if self.depth:
            self.text += " "
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text += data


def resources_text(html, scope=None):
    parser = ResourcesText(scope)
    parser.feed(html)
    assert parser.text is not None, "no resources element"
    # Spaces from the markup collapse; the no-break spaces of the formats stay.
    return re.sub(r"[ \t\r\n]+", " ", parser.text).strip(" ")


# (planned hours, planned cost, the reviews' (actual hours, actual cost)), and what each language
# shows. A zero cost is left out; no value at all is a dash.
CASES = [
    (
        Decimal("0"),
        Decimal("0"),
        [],
        {"en": "planned 0 h", "da": "planlagt 0 t"},
    ),
    (None, None, [], {"en": "—", "da": "—"}),
    (
        Decimal("2.5"),
        Decimal("1234.5"),
        [(Decimal("1.25"), Decimal("1500")), (Decimal("2"), Decimal("500.25"))],
        {
            "en": "planned 2.5 h DKK\xa01,234.50 actual 3.25 h (more than planned) "
            "DKK\xa02,000.25 (more than planned)",
            "da": "planlagt 2,5 t 1.234,50\xa0kr. faktisk 3,25 t (mere end planlagt) "
            "2.000,25\xa0kr. (mere end planlagt)",
        },
    ),
    (
        None,
        Decimal("1500"),
        [(None, Decimal("0"))],
        {"en": "planned — DKK\xa01,500.00 actual —", "da": "planlagt — 1.500,00\xa0kr. faktisk —"},
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "da"])
@pytest.mark.parametrize(("hours", "cost", "actuals", "expected"), CASES)
def test_the_review_form_shows_the_resources_as_the_plan_table_does(
    manager_client, plan, hours, cost, actuals, expected, language
):
    row = PlanRowFactory(plan=plan, planned_hours=hours, planned_cost=cost)
    for actual_hours, actual_cost in actuals:
        Review.objects.create(
            row=row,
            happened=Happened.DONE,
            goal_reached=Goal.YES,
            actual_hours=actual_hours,
            actual_cost=actual_cost,
        )
    manager_client.cookies["django_language"] = language
    table = manager_client.get(plan.get_absolute_url())
    review = manager_client.get(reverse("commplan:review_create", args=[plan.pk, row.pk]))
    assert table.status_code == review.status_code == 200

    in_table = resources_text(table.content.decode(), scope=f"row-{row.pk}")
    on_review = resources_text(review.content.decode(), scope="review-row-title")
    assert in_table == on_review == expected[language]
