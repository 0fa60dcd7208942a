"""Did it land? (issue 19 §3): understanding and support per stakeholder group over time, per
phase and per channel, across plans, in the weekly summary and the health, from the pulse
answers; against a plan worked out by hand, with the anonymity threshold at 5.

Today is Monday 15 June 2026; the dashboard's 12 weeks start on Monday 30 March.
"""

import datetime
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commplan import imports
from commplan.dashboard import plan_dashboard, plan_health, rollup
from commplan.exports import writing as exports
from commplan.feedback.services import record_answer
from commplan.models import CommunicationPlan, FeedbackLink, Profile, Role
from commplan.reminders import sweep as reminders
from tests.factories import (
    ChannelFactory,
    MembershipFactory,
    MessageFactory,
    MilestoneFactory,
    PlanFactory,
    PlanRowFactory,
    StakeholderFactory,
)

TODAY = datetime.date(2026, 6, 15)


def d(month, day):
    return datetime.date(2026, month, day)


def answer(link, day, clarity=None, meaning="", support=None):
    record_answer(link, clarity=clarity, meaning=meaning, support=support, today=day)


@pytest.fixture
def answered(plan, june_clock, settings):
    """Stakeholders: A (importance 5), B (importance 2). Channels X, Y. Milestones in phase 2
    and phase 4. Rows: r1 (A, X, phase 2, target 80 %), r2 (A, Y, phase 4, target 50 %),
    r3 (B, X, phase 4). One link per row.

    Answers (day: clarity / meaning / support):
      r1  9 Jun ×6: clarity 5 4 4 2 3 5, meaning yes yes partly no no yes, support 5 5 4 1 2 3
      r1 26 May ×2: clarity 5 5, meaning yes partly, support 5 5
      r1  2 Feb ×5: clarity 5 ×5, no meaning, support 5 5 and three unanswered
      r2 15 Jun ×5: clarity 1 2 3 4 5, no meaning, support 4 ×5
      r3 15 Jun ×3: below the threshold: counted nowhere

    By hand:
      A, week of 8 Jun: 6 answers, clear 4/6 = 67 %, support 3/6 = 50 %
      A, week of 15 Jun: 5 answers, clear 2/5 = 40 %, support 5/5 = 100 %
      A, week of 25 May: 2 answers: too few answers
      A, all answers: 18, clear 13/18 = 72 %, knows 4/8 = 50 %, support 12/15 = 80 %
      phase 2 = channel X (r1): 13 answers, clear 11/13 = 85 %, knows 4/8 = 50 %,
        support 7/10 = 70 %
      phase 4 = channel Y (r2): 5 answers, clear 40 %, nobody asked about meaning, support 100 %
      A's weekly points shown since 25 May (not the 2 of 25 May): 11 answers, 6 clear = 55 %;
        target (80 × 6 + 50 × 5) / 11 = 66 %: below
    """
    settings.FEEDBACK_ANONYMITY_THRESHOLD = 5
    a = StakeholderFactory(plan=plan, name="Sales", importance=5)
    b = StakeholderFactory(plan=plan, name="Canteen", importance=2)
    x = ChannelFactory(plan=plan, name="Town hall")
    y = ChannelFactory(plan=plan, name="Newsletter")
    m2 = MilestoneFactory(plan=plan, phase=2, planned_date=d(3, 1))
    m4 = MilestoneFactory(plan=plan, phase=4, planned_date=d(9, 1))
    rows = {
        "r1": PlanRowFactory(
            plan=plan, stakeholder=a, channel=x, milestone=m2,
            message=MessageFactory(plan=plan, target_share=80),
        ),
        "r2": PlanRowFactory(
            plan=plan, stakeholder=a, channel=y, milestone=m4,
            message=MessageFactory(plan=plan, target_share=50),
        ),
        "r3": PlanRowFactory(plan=plan, stakeholder=b, channel=x, milestone=m4),
    }  # fmt: skip
    links = {key: FeedbackLink.objects.create(plan=plan, row=row) for key, row in rows.items()}
    meanings = ["yes", "yes", "partly", "no", "no", "yes"]
    supports = [5, 5, 4, 1, 2, 3]
    for clarity, meaning, support in zip([5, 4, 4, 2, 3, 5], meanings, supports, strict=True):
        answer(links["r1"], d(6, 9), clarity, meaning, support)
    answer(links["r1"], d(5, 26), 5, "yes", 5)
    answer(links["r1"], d(5, 26), 5, "partly", 5)
    for support in [5, 5, None, None, None]:
        answer(links["r1"], d(2, 2), 5, "", support)
    for clarity in [1, 2, 3, 4, 5]:
        answer(links["r2"], d(6, 15), clarity, "", 4)
    for _ in range(3):
        answer(links["r3"], d(6, 15), 5, "yes", 5)
    return {"plan": plan, "a": a, "b": b, "links": links}


def shares(landing):
    return (landing.responses, landing.understanding, landing.knows_share, landing.support)


def test_per_group_and_week(answered):
    landing = plan_dashboard(answered["plan"], TODAY).landing

    assert landing.weeks[0] == d(3, 30) and landing.weeks[-1] == d(6, 15)
    [group] = landing.groups  # the canteen's answers are below the threshold
    assert group.stakeholder == answered["a"]
    weeks = dict(zip(landing.weeks, group.weeks, strict=True))
    assert (weeks[d(6, 8)].responses, weeks[d(6, 8)].understanding) == (6, 67)
    # 50 % by hand, but withheld: the group's 15 support answers less this week's 5 and these
    # 6 would be the 4 of 25 May and February (understanding/privacy.py, test_privacy.py).
    assert weeks[d(6, 8)].support is None
    assert (weeks[d(6, 15)].understanding, weeks[d(6, 15)].support) == (40, 100)
    too_few = weeks[d(5, 25)]
    assert (too_few.responses, too_few.shown, too_few.understanding) == (2, False, None)
    # The figure beside the line is of all the group's answers, as the export's and the
    # activities' pages are: nothing to withhold there.
    assert shares(group.total) == (18, 72, 50, 80)


def test_per_phase_and_channel(answered):
    landing = plan_dashboard(answered["plan"], TODAY).landing

    assert [(str(label), shares(figures)) for label, figures in landing.by_phase] == [
        ("2. Analysis & diagnosis", (13, 85, 50, 70)),
        ("4. Pilot", (5, 40, None, 100)),
    ]
    assert [(label, shares(figures)) for label, figures in landing.by_channel] == [
        ("Town hall", (13, 85, 50, 70)),
        ("Newsletter", (5, 40, None, 100)),
    ]
    assert landing.total.responses == 18


def test_a_key_group_below_its_understanding_target_is_a_warning(answered):
    warning = plan_health(answered["plan"], TODAY).get("understanding")

    assert warning.message == "1 key stakeholder finds its messages less clear than their target"
    [item] = warning.items
    assert (item.label, item.detail) == (
        "Sales",
        "55% clear or very clear, target 66% (11 answers)",
    )


def test_no_understanding_warning_when_the_answers_meet_the_target(answered):
    for _ in range(20):
        answer(answered["links"]["r2"], d(6, 15), 5, "yes", 5)

    assert plan_health(answered["plan"], TODAY).get("understanding") is None


def test_no_understanding_warning_with_too_few_recent_answers(plan, june_clock, settings):
    settings.FEEDBACK_ANONYMITY_THRESHOLD = 5
    row = PlanRowFactory(plan=plan, stakeholder=StakeholderFactory(plan=plan, importance=5))
    link = FeedbackLink.objects.create(plan=plan, row=row)
    for day in [d(6, 10)] * 4 + [d(3, 1)] * 4:  # 4 recent: fewer than 5
        answer(link, day, 1)

    assert plan_health(plan, TODAY).get("understanding") is None


def test_the_dashboard_shows_shares_and_never_a_figure_of_too_few(answered, executive_client):
    response = executive_client.get(reverse("commplan:plan_dashboard", args=[answered["plan"].pk]))

    html = response.content.decode()
    assert "All answers: understanding 72%, support 80% (18 answers)" in html
    assert "40% / 100%" in html  # the week of 15 June, in the table
    assert "67% / withheld" in html  # 8 June
    assert "too few answers" in html  # the week of 25 May
    assert "Canteen" not in html.split('id="understanding"')[1].split("</section>")[0]
    assert 'class="landing-understanding"' in html  # a dot: one week shown
    assert "style=" not in html.split('id="understanding"')[1].split("</section>")[0]


def test_the_dashboard_reads_in_danish(answered, executive_client):
    response = executive_client.get(
        reverse("commplan:plan_dashboard", args=[answered["plan"].pk]),
        HTTP_ACCEPT_LANGUAGE="da",
    )

    html = response.content.decode()
    assert "Alle svar: forståelse 72\xa0%, opbakning 80\xa0% (18 svar)" in html
    assert "67\xa0% / tilbageholdt" in html
    assert "for få svar" in html
    # On a phone each phase's and channel's line is a card, every figure under its heading.
    tables = html.split('class="table table-sm landing-table table-cards"')[1:]
    assert len(tables) == 2
    for table in tables:
        body = table.split("<tbody>")[1].split("</tbody>")[0]
        assert body.count("<td") == body.count('data-label="') > 0
        assert 'data-label="Forståelse"' in body


def test_the_rollup_across_plans(answered, executive, executive_client):
    second = PlanFactory(name="Rollout Vejle")
    MembershipFactory(plan=second, user=executive, role=Role.EXECUTIVE)

    plans = rollup(CommunicationPlan.objects.filter(pk__in=[answered["plan"].pk, second.pk]), TODAY)
    by_name = {plan.name: plan.landing for plan in plans}
    assert shares(by_name[answered["plan"].name]) == (18, 72, 50, 80)  # all its answers
    assert (by_name["Rollout Vejle"].responses, by_name["Rollout Vejle"].shown) == (0, False)

    html = executive_client.get(reverse("commplan:dashboard")).content.decode()
    assert "All your plans" in html
    assert "too few answers" in html  # the second plan
    assert ">72%<" in html
    assert "all the pulse answers so far" in html


def test_the_weekly_summary_says_whether_it_landed(answered, executive, settings, june_clock):
    settings.SITE_URL = "https://plan.example.dk"
    Profile.objects.create(user=executive, weekly_summary=True)
    monday_morning = datetime.datetime(2026, 6, 15, 8, tzinfo=ZoneInfo("Europe/Copenhagen"))

    reminders.sweep(now=monday_morning)

    [message] = [m for m in mail.outbox if m.to == [executive.email]]
    expected = "Did it land? Understanding 72%, support 80% (18 answers so far)"
    assert expected in message.body
    assert expected in message.alternatives[0][0]
    assert "finds its messages less clear than their target" in message.body


def test_the_dashboard_costs_the_same_with_n_and_2n_links(answered, executive_client):
    plan = answered["plan"]
    url = reverse("commplan:plan_dashboard", args=[plan.pk])

    def more_answers():
        for _ in range(3):
            row = PlanRowFactory(
                plan=plan,
                stakeholder=StakeholderFactory(plan=plan, importance=5),
                channel=ChannelFactory(plan=plan),
                milestone=MilestoneFactory(plan=plan, phase=3, planned_date=d(4, 1)),
            )
            link = FeedbackLink.objects.create(plan=plan, row=row)
            for day in (d(5, 4), d(6, 1), d(6, 12)):
                for clarity in (1, 3, 5, 5, 4):
                    answer(link, day, clarity, "no", 2)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = executive_client.get(url)
        assert response.status_code == 200
        return len(queries), response

    more_answers()
    with_n, _ = count()
    more_answers()
    with_2n, response = count()

    assert with_n == with_2n
    assert len(response.context["dashboard"].landing.groups) == 7


def test_a_plan_without_counted_answers_reads_the_pulse_once(plan, june_clock, executive_client):
    """One query finds the plan has no answers to count (too few to one link are none); the
    figures and the understanding warning then ask nothing more, and the page says nothing of
    understanding."""
    row = PlanRowFactory(plan=plan, stakeholder=StakeholderFactory(plan=plan, importance=5))
    link = FeedbackLink.objects.create(plan=plan, row=row)
    for _ in range(3):  # below the threshold of 5: counted nowhere
        answer(link, d(6, 12), 5, "yes", 5)
    url = reverse("commplan:plan_dashboard", args=[plan.pk])

    with CaptureQueriesContext(connection) as queries:
        response = executive_client.get(url)

    assert response.status_code == 200
    pulse_queries = [q for q in queries if "commplan_feedbackt" in q["sql"]]  # tally, total
    assert len(pulse_queries) == 1
    assert not response.context["dashboard"].landing


# The exports: a sheet of the .xlsx, a section of the .csv, passed over by the importer.

EXPORTED = [
    # All answers to links that reached the threshold: the canteen's three are in no line.
    # Sales: 18 answers, clear 13/18 = 72 %, knows 4/8 = 50 %, support 12/15 = 80 %.
    ["Stakeholder", "Sales", 18, 72, 50, 80, None],
    ["Phase", "2. Analysis & diagnosis", 13, 85, 50, 70, None],
    ["Phase", "4. Pilot", 5, 40, None, 100, None],
    ["Channel", "Newsletter", 5, 40, None, 100, None],
    ["Channel", "Town hall", 13, 85, 50, 70, None],
]


def test_the_xlsx_has_a_sheet_of_understanding_and_support(answered):
    plan = answered["plan"]
    content = exports.export(plan, plan.rows.for_table(), "xlsx", "en")

    sheet = openpyxl.load_workbook(io.BytesIO(content))["Understanding and support"]
    lines = [list(values) for values in sheet.iter_rows(values_only=True)]
    assert lines[0][:4] == ["Per", "Name", "Answers", "Understanding (%)"]
    assert lines[1:] == EXPORTED


def test_the_csv_ends_with_the_section_and_imports_as_before(answered, manager):
    plan = answered["plan"]
    content = exports.export(plan, plan.rows.for_table(), "csv", "da")

    text = content.decode("utf-8-sig")
    section = text.split("Forståelse og opbakning\r\n")[1]
    assert "Interessent;Sales;18;72;50;80;\r\n" in section
    assert "Fase;4. Pilot;5;40;;100;\r\n" in section
    copy = PlanFactory()
    preview = imports.commit(copy, imports.read_table(content), manager)
    assert preview.errors == []
    assert copy.rows.count() == 3
