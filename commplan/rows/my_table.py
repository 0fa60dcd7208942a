"""My work's rows (/my/): an owner's open rows across their plans, built like the plan table's
(rows/table.py): one query of plain values, formatted in one pass, written by Jinja2."""

from urllib.parse import quote

from django.template import engines
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from ..models import RowStatus
from ..models.catalogue import truncate
from ..templatetags.commplan import week
from .table import ShortDates

MY_ROWS_TEMPLATE = "commplan/my_rows.jinja"
MY_CARDS_TEMPLATE = "commplan/my_cards.jinja"
MY_CONTENT_CHARS = 120  # /my/ shows the start of a long message

# /my/: an owner's open rows across their plans, in groups by review date.
MY_COLUMNS = (
    "pk",
    "plan_id",
    "next_review_date",
    "plan__name",
    "stakeholder__name",
    "message__content",
    "channel__name",
    "milestone__title",
    "status",
)


class MyRow:
    """One row of /my/, every value ready to print."""

    __slots__ = (
        "channel",
        "content",
        "milestone",
        "next_review_date",
        "plan",
        "review_date",
        "review_url",
        "stakeholder",
        "status",
        "status_label",
        "url",
        "week",
    )


def my_rows(queryset):
    """The rows of `queryset` as MyRows (one query, no model instances), in its order."""
    dates, weeks = ShortDates(), {}
    statuses = {value: str(label) for value, label in RowStatus.choices}
    # One reverse() each for every row's two addresses: they differ in the plan's and the
    # row's ids only.
    detail = reverse("commplan:row_detail", kwargs={"plan_pk": 1, "pk": 2})
    review = reverse("commplan:review_create", kwargs={"plan_pk": 1, "pk": 2})
    detail_head, detail_tail = _split_ids(detail)
    review_head, review_tail = _split_ids(review)
    rows = []
    for (
        pk,
        plan_id,
        review_date,
        plan,
        stakeholder,
        content,
        channel,
        milestone,
        status,
    ) in queryset.values_list(*MY_COLUMNS):
        row = MyRow()
        row.status, row.status_label = status, statuses[status]
        row.next_review_date = review_date
        row.review_date = dates(review_date) or "—"
        if review_date is not None and review_date not in weeks:
            weeks[review_date] = week(review_date)
        row.week = weeks.get(review_date, "")
        row.plan = plan
        row.url = f"{detail_head}{plan_id}{detail_tail[0]}{pk}{detail_tail[1]}"
        row.review_url = f"{review_head}{plan_id}{review_tail[0]}{pk}{review_tail[1]}"
        row.stakeholder = stakeholder
        row.content = truncate(content, MY_CONTENT_CHARS)
        row.channel = channel or ""
        row.milestone = milestone or ""
        rows.append(row)
    return rows


def _split_ids(path):
    """A path reversed with plan 1 and row 2 as (head, (middle, tail)) around the two ids."""
    head, rest = path.split("/1/", 1)
    middle, tail = rest.split("/2/", 1)
    return f"{head}/", (f"/{middle}/", f"/{tail}")


def render_my_rows(context, rows, kind, *, cards=False):
    """One group of /my/ (`kind`: overdue, today, upcoming or later): its table's <tr>s, or
    with `cards` the <li> cards phones show instead."""
    template = engines["jinja2"].get_template(MY_CARDS_TEMPLATE if cards else MY_ROWS_TEMPLATE)
    # The output of an autoescaping template.
    return mark_safe(  # noqa: S308
        template.template.render(
            rows=rows,
            overdue=kind == "overdue",
            urgent=kind in ("overdue", "today"),
            next=quote(context["request"].path),
            labels=context["my_labels"],
        )
    )


def my_labels():
    """The words of /my/'s rows and cards, translated once per page."""
    return {
        "record_review": gettext("Record review"),
        "to": gettext("To"),
        "channel": gettext("Channel"),
        "due": gettext("Due"),
        "status": gettext("Status"),
        "plan": gettext("Plan"),
    }
