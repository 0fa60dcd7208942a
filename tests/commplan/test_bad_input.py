"""Generated bad input posted to every form of the project, as the plan's manager.

The forms come from the permission matrix: each write page in PAGES has a `data` builder that
gives valid POST data, and Hypothesis spoils one to three of its fields (wrong types, huge or
empty text, NUL bytes, markup, odd numbers and dates, unknown choices, ids of another plan's
objects). Whatever is sent, the answer is never a 500; when it is a refusal (a 4xx or the form
again with errors) nothing in the database changed; when it is accepted, the plan's pages still
open. A page added to PAGES is fuzzed from then on without a change here.
"""

import datetime

import pytest
from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from ..factories import (
    ChannelFactory,
    MembershipFactory,
    MilestoneFactory,
    PlanRowFactory,
    StakeholderFactory,
)
from . import test_permissions as matrix

# The matrix's module-wide world (a plan, its people and one object of each kind), set up once.
seeded, world = matrix.seeded, matrix.world

# Write pages that take no form: a POST is the whole request. Any other write page whose `data`
# builder is empty fails test_every_form_has_valid_data, so a new form cannot be skipped silently.
FORMLESS = {name for name in matrix.PAGES if name.endswith("_delete")} | {
    "commplan:reminder_send",
    "commplan:api_token_revoke",  # a button: the address names the token, the body nothing
    "commplan:plan_teams_test",  # a button: posts a test card to the plan's saved address
}

NASTY_TEXT = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    '=HYPERLINK("http://x")',
    "\u202eevil\u202c",
    "😀" * 300,
    "x" * 5_000,
    "y" * 300_000,
    "\r\n\t",
    "null",
    "None",
    "[]",
    "{}",
]
NASTY_NUMBERS = [
    "-1",
    "0",
    "-0",
    "1e308",
    "-1e308",
    "99999999999999999999999999999",
    "2147483648",
    "9223372036854775808",
    "NaN",
    "Infinity",
    "1,5",
    "1.5.5",
    "0x10",
    "١٢",
    "3.14159265358979323846",
]
NASTY_DATES = [
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "31/12/2026",
    "2026-06-01T25:00",
    "yesterday",
]
NASTY_CHOICES = ["not-a-choice", "ACTIVE", "999", "on", "true"]


def all_pages():
    return sorted(
        name
        for name, page in matrix.PAGES.items()
        if page.post != 405 and (page.scope == "write" or page.changed is not None)
    )


def form_pages():
    return [name for name in all_pages() if name not in FORMLESS]


@pytest.fixture(scope="module")
def strangers(seeded, django_db_blocker):
    """Another plan's objects: their ids are valid ids, but not in this plan."""
    with django_db_blocker.unblock():
        stranger = MembershipFactory()
        other = stranger.plan
        row = PlanRowFactory(plan=other, owner=stranger.user)
        objects = [
            other,
            row,
            stranger.user,
            row.message,
            StakeholderFactory(plan=other),
            MilestoneFactory(plan=other),
            ChannelFactory(plan=other),
            MembershipFactory(plan=other),
        ]
        return [str(obj.pk) for obj in objects]


def spoilt_value(valid, strangers):
    """A strategy of values to send instead of `valid`."""
    if hasattr(valid, "read"):  # an upload: junk bytes under a plausible or odd name
        return st.builds(
            SimpleUploadedFile,
            st.sampled_from(["plan.xlsx", "plan.csv", "../../etc/passwd", "x" * 300, "a\x00.xlsx"]),
            st.binary(max_size=2_000),
        )
    return st.one_of(
        st.sampled_from(NASTY_TEXT + NASTY_NUMBERS + NASTY_DATES + NASTY_CHOICES + strangers),
        st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.dates(min_value=datetime.date(1, 1, 1)).map(datetime.date.isoformat),
        st.lists(st.sampled_from(["1", "x", *strangers]), min_size=2, max_size=3),
        st.none(),  # the field left out
    )


def refused(response):
    """A 4xx, an error message (e.g. on a redirect back to the form), or the form shown again
    with its errors."""
    said = getattr(response.wsgi_request, "_messages", [])
    if response.status_code >= 400 or any(m.level >= messages.ERROR for m in said):
        return True
    context = response.context or {}
    forms = [context[key] for key in context.keys() if hasattr(context[key], "errors")]
    return response.status_code == 200 and any(form.errors for form in forms)


def pages_still_open(client, world):
    """The plan's table, dashboard and the manager's /my/ show whatever was saved."""
    plan = type(world.plan).objects.filter(pk=world.plan.pk).first()
    urls = [reverse("commplan:my_work")]
    if plan is not None:
        urls += [plan.get_absolute_url(), reverse("commplan:plan_dashboard", args=[plan.pk])]
    for url in urls:
        assert client.get(url).status_code < 500, url


def test_every_form_has_valid_data(seeded, world):
    """A write page without a `data` builder would be fuzzed with nothing: give it one."""
    world.user = world.manager
    empty = [name for name in form_pages() if not matrix.PAGES[name].data(world)]
    assert not empty, f"Give these pages valid POST data in PAGES ({matrix.__name__}): {empty}"


@pytest.mark.parametrize("name", all_pages())
def test_bad_input_is_refused_or_harmless(seeded, strangers, world, snapshot, name):
    page = matrix.PAGES[name]
    client = seeded[1]["manager"]
    world.user = world.manager

    @given(st.data())
    def post_spoilt(draw):
        valid = page.data(world) or {"unexpected": ""}
        spoil = draw.draw(
            st.lists(st.sampled_from(sorted(valid)), min_size=1, max_size=3, unique=True),
            label="fields",
        )
        data = dict(valid)
        for field in spoil:
            data[field] = draw.draw(spoilt_value(valid[field], strangers), label=field)
        data = {key: value for key, value in data.items() if value is not None}
        url = reverse(name, kwargs=page.kwargs(world))

        with transaction.atomic():
            before = snapshot()
            response = client.post(url, data)
            assert response.status_code < 500, response.content.decode()[:2000]
            if refused(response):
                assert snapshot() == before, f"{name} refused the data but changed something"
            else:
                pages_still_open(client, world)
            transaction.set_rollback(True)

    post_spoilt()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_date_no_plan_can_mean_is_refused_with_a_message(manager_client, plan, snapshot, day):
    """Found by the fuzzing above: such a date was saved and then broke the dashboard."""
    before = snapshot()
    url = reverse("milestones:milestone_create", args=[plan.pk])

    response = manager_client.post(url, {"title": "Go-live", "phase": 4, "planned_date": day})

    assert response.status_code == 200
    assert "Enter a date between 1900 and 2199." in response.content.decode()
    assert snapshot() == before
