"""Export → import gives the plan back, field by field (issue 12 §10)."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from commplan import demo, imports
from commplan.exports import writing as exports
from commplan.models import Channel, CommunicationPlan, Membership, PlanRow
from commplan.plans.forms import PlanForm
from commplan.starter.build import create_plan_from_template
from milestones.models import Milestone, MilestoneStatus
from stakeholders.models import Category, Stakeholder

from ..factories import (
    MembershipFactory,
    MilestoneFactory,
    PlanFactory,
    PlanRowFactory,
    StakeholderFactory,
)
from .import_files import excel_csv, xlsx
from .test_imports_views import upload

TODAY = datetime.date(2026, 5, 4)
SKIPPED = {"id", "plan", "created_at", "updated_at"}
# A row's links, compared by what names them in a file.
LINKS = {
    "stakeholder": lambda s: s.name,
    "message": lambda m: (m.content, m.goal),
    "channel": lambda c: c.name,
    "milestone": lambda m: m.title,
    "owner": lambda u: u.pk,
}
PLAN_FIELDS = [name for name in PlanForm._meta.fields if name != "name"]  # it keeps its own


def values(obj):
    """Every field of `obj` but its id, plan and timestamps; links by name."""
    result = {}
    for model_field in obj._meta.concrete_fields:
        if model_field.name in SKIPPED:
            continue
        value = getattr(obj, model_field.name)
        if model_field.name in LINKS and value is not None:
            value = LINKS[model_field.name](value)
        result[model_field.name] = value
    return result


def everything(plan):
    """{kind: sorted [values]} of the plan's rows, milestones, stakeholders, messages, channels."""
    return {
        kind: sorted((values(obj) for obj in getattr(plan, kind).all()), key=repr)
        for kind in ("rows", "milestones", "stakeholders", "messages", "channels")
    }


@pytest.fixture
def demo_plan(db):
    plan, _created = demo.create_demo_plan(demo.ensure_demo_users(), today=TODAY)
    return plan


def template(manager, meeting_week=3, meeting_weekday=1):
    """A plan from the S&OP template, in the active language, managed by `manager`."""
    return create_plan_from_template(
        manager,
        organisation="Vestjysk Pumper A/S",
        start_date=TODAY,
        products="CR-pumper",
        site="Bjerringbro",
        meeting_week=meeting_week,
        meeting_weekday=meeting_weekday,
    )


@pytest.fixture
def template_plan(manager, request):
    with translation.override(request.node.callspec.params["language"]):
        return template(manager)


def empty_copy_of(plan):
    """A new plan with nothing in it but the same people, as on another installation."""
    empty = PlanFactory(
        name="Imported", organisation="", purpose="", start_date=None, end_date=None
    )
    for membership in Membership.objects.filter(plan=plan):
        MembershipFactory(plan=empty, user=membership.user, role=membership.role)
    return empty


@pytest.mark.parametrize("source", ["demo_plan", "template_plan"])
@pytest.mark.parametrize("language", ["en", "da"])
@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_export_then_import_gives_every_field_back(request, source, language, file_format):
    plan = request.getfixturevalue(source)
    content = exports.export(plan, plan.rows.for_table(), file_format, language)
    empty = empty_copy_of(plan)

    with translation.override("en" if language == "da" else "da"):  # read in the other one
        preview = imports.commit(empty, imports.read_table(content), None)

    assert preview.errors == []
    empty.refresh_from_db()
    assert everything(empty) == everything(plan)
    assert {name: getattr(empty, name) for name in PLAN_FIELDS} == {
        name: getattr(plan, name) for name in PLAN_FIELDS
    }


def test_the_demo_plan_keeps_its_milestone_dates_and_statuses(demo_plan):
    """The issue's figure: 27 of 36 demo rows moved milestone before the sheets came along."""
    content = exports.export(demo_plan, demo_plan.rows.for_table(), "xlsx", "da")
    empty = empty_copy_of(demo_plan)

    imports.commit(empty, imports.read_table(content), None)

    moved = [
        row
        for row, copy in zip(
            demo_plan.rows.order_by("scheduled_date", "pk"),
            empty.rows.order_by("scheduled_date", "pk"),
            strict=True,
        )
        if values(row.milestone) != values(copy.milestone)
    ]
    assert moved == []
    assert set(empty.milestones.values_list("status", flat=True)) == set(
        demo_plan.milestones.values_list("status", flat=True)
    )


def test_preview_says_what_the_sections_bring(plan, manager):
    """Into a plan that has one of the stakeholders already, with another importance."""
    source = PlanFactory()
    StakeholderFactory(plan=source, name="Salg", importance=5, category=Category.SALES)
    StakeholderFactory(plan=source, name="Indkøb", category=Category.PROCUREMENT)
    MilestoneFactory(plan=source, title="Pilot go-live", status=MilestoneStatus.REACHED)
    StakeholderFactory(plan=plan, name="salg", importance=2)
    content = exports.export(source, PlanRow.objects.none(), "xlsx", "en")

    with translation.override("en"):
        preview = imports.build_preview(plan, _table_with_a_row(content))

    assert preview.sections.summary() == [
        "1 milestone (1 new, 0 updated)",
        "2 stakeholders (1 new, 1 updated)",
    ]


def _table_with_a_row(content):
    """An export without activities has nothing to import: add one to the main sheet."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    sheet.cell(exports.PLAN_HEADING_ROW + 1, 1, "Salg")
    sheet.cell(exports.PLAN_HEADING_ROW + 1, 2, "Why S&OP")
    output = io.BytesIO()
    book.save(output)
    return imports.read_table(output.getvalue())


def _rewritten(content, sheet_title, cells):
    book = openpyxl.load_workbook(io.BytesIO(content))
    for coordinate, value in cells.items():
        book[sheet_title][coordinate] = value
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


@pytest.mark.parametrize(
    ("sheet", "cells", "message"),
    [
        ("Milestones", {"B2": "Phase 9"}, "“Milestones”, row 2: Phase: “Phase 9” is not one of"),
        ("Milestones", {"C2": "soon"}, "“Milestones”, row 2: Planned date: “soon” is not a date"),
        ("Stakeholders", {"D2": 7}, "“Stakeholders”, row 2: Importance: Ensure this value is"),
        ("Stakeholders", {"A2": "salg"}, "“Stakeholders”, row 3: It is listed twice"),
        ("Stakeholders", {"H2": "not-an-email"}, "“Stakeholders”, row 2: Contact email:"),
        ("Channels", {"B2": "Carrier pigeon"}, "“Channels”, row 2: Kind: “Carrier pigeon”"),
        ("Plan", {"B9": "2nd"}, "“Plan”: Executive S&OP meeting: weekday: Give both"),
        ("Milestones", {"C1": None}, "“Milestones” has no column “Planned date”"),
    ],
)
def test_bad_sections_are_row_numbered_errors_and_save_nothing(
    plan, manager, sheet, cells, message
):
    source = PlanFactory(sop_meeting_week=None, sop_meeting_weekday=None)
    StakeholderFactory(plan=source, name="Salg")
    StakeholderFactory(plan=source, name="Indkøb")
    MilestoneFactory(plan=source)
    MembershipFactory(plan=source, user=manager)
    Channel.objects.create(plan=source, name="Mail")
    content = exports.export(source, PlanRow.objects.none(), "xlsx", "en")
    content = _rewritten(content, sheet, cells)
    before = Stakeholder.objects.count(), Milestone.objects.count()

    with translation.override("en"):
        table = _table_with_a_row(content)
        with pytest.raises(imports.CommitFailed) as failed:
            imports.commit(plan, table, manager)

    errors = [text for _number, text in failed.value.preview.errors]
    assert any(text.startswith(message) for text in errors), errors
    assert (Stakeholder.objects.count(), Milestone.objects.count()) == before
    assert not plan.rows.exists()


def test_csv_with_sections_is_still_for_danish_excel(demo_plan):
    content = exports.export(demo_plan, demo_plan.rows.for_table(), "csv", "da")

    assert content.startswith(b"\xef\xbb\xbfInteressenter (m\xc3\xa5lgruppe);")
    text = content.decode("utf-8-sig")
    assert "\r\n\r\nMilepæle\r\nTitel;Fase;Planlagt dato;" in text
    assert "\r\n\r\nInteressenter\r\nNavn;Intern eller ekstern;" in text
    assert "\n,\n" not in text and ";" in text.splitlines()[-1]


def test_an_export_without_sections_imports_as_before(demo_plan):
    content = exports.export(demo_plan, demo_plan.rows.for_table(), "csv", "en", sections=False)
    empty = empty_copy_of(demo_plan)

    preview = imports.commit(empty, imports.read_table(content), None)

    assert len(preview.rows) == demo_plan.rows.count()
    assert preview.sections.summary() == []
    assert set(empty.stakeholders.values_list("category", flat=True)) == {Category.OTHER}


def test_text_longer_than_a_cell_refuses_the_export(manager, manager_client):
    plan = PlanFactory()
    MembershipFactory(plan=plan, user=manager)
    StakeholderFactory(plan=plan, name="Salg", notes="x" * (exports.CELL_LIMIT + 1))

    for file_format, where in [("xlsx", "in row 2 of"), ("csv", "on line 21 (in")]:
        with pytest.raises(exports.TooLong) as too_long:
            exports.export(plan, plan.rows.for_table(), file_format, "en")
        assert f"“Notes” {where} “Stakeholders”" in str(too_long.value.message)
        assert "32,768 characters long" in str(too_long.value.message)

    url = reverse("commplan:plan_export", kwargs={"pk": plan.pk})
    response = manager_client.get(url, {"format": "xlsx"}, follow=True)
    assert response.redirect_chain[-1][0] == plan.get_absolute_url()
    assert "32,768 characters long" in response.content.decode()


def test_text_exactly_a_cell_long_is_exported_whole(db):
    plan = PlanFactory()
    StakeholderFactory(plan=plan, name="Salg", notes="x" * exports.CELL_LIMIT)

    content = exports.export(plan, plan.rows.for_table(), "xlsx", "en")

    sheet = openpyxl.load_workbook(io.BytesIO(content))["Stakeholders"]
    assert len(sheet["I2"].value) == exports.CELL_LIMIT


@pytest.fixture
def template_csv(manager, tmp_path):
    with translation.override("en"):
        plan = template(manager)
    path = tmp_path / "plan.csv"
    path.write_bytes(exports.export(plan, plan.rows.for_table(), "csv", "en", sections=False))
    return path


def test_import_command_takes_the_s_and_op_cycle_as_options(template_csv, manager):
    with pytest.raises(CommandError):
        call_command("import_plan", str(template_csv), new_name="No cycle", stdout=io.StringIO())
    assert not CommunicationPlan.objects.filter(name="No cycle").exists()

    call_command(
        "import_plan",
        str(template_csv),
        new_name="With cycle",
        sop_meeting_week="2",
        sop_meeting_weekday="thursday",
        stdout=io.StringIO(),
    )

    plan = CommunicationPlan.objects.get(name="With cycle")
    assert (plan.sop_meeting_week, plan.sop_meeting_weekday) == (2, 3)
    assert plan.rows.filter(cadence="sop_cycle").exists()


def test_cli_prints_what_the_sections_bring(demo_plan, tmp_path):
    path = tmp_path / "demo.xlsx"
    path.write_bytes(exports.export(demo_plan, demo_plan.rows.for_table(), "xlsx", "da"))
    out = io.StringIO()

    with translation.override("en"):
        call_command("import_plan", str(path), new_name="Copy", dry_run=True, stdout=out)

    milestones = demo_plan.milestones.count()
    assert f"{milestones} milestones ({milestones} new, 0 updated)" in out.getvalue()
    assert not CommunicationPlan.objects.filter(name="Copy").exists()


# The browser.


def test_the_preview_lets_the_manager_say_when_the_meeting_is(manager_client, plan, template_csv):
    preview_url = upload(manager_client, plan, template_csv.read_bytes(), "plan.csv")["Location"]

    page = manager_client.get(preview_url).content.decode()
    assert "Set when the plan&#x27;s executive S&amp;OP meeting is held" in page
    assert 'id="cycle-form"' in page

    half = manager_client.get(preview_url, {"sop_meeting_week": "3", "sop_meeting_weekday": ""})
    assert half.status_code == 400
    assert "Give both the week and the weekday" in half.content.decode()

    chosen = {"sop_meeting_week": "3", "sop_meeting_weekday": "1"}
    page = manager_client.get(preview_url, chosen).content.decode()
    assert "Set when the plan" not in page
    assert '<input type="hidden" name="sop_meeting_week" value="3">' in page

    response = manager_client.post(preview_url, {"action": "commit", **chosen})

    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.sop_meeting_week, plan.sop_meeting_weekday) == (3, 1)
    assert plan.rows.filter(cadence="sop_cycle").exists()


def test_the_preview_takes_the_meeting_from_the_file_and_says_what_it_brings(
    manager_client, plan, manager
):
    with translation.override("en"):
        source = template(manager, meeting_week=2, meeting_weekday=3)

    content = exports.export(source, source.rows.for_table(), "xlsx", "da")
    preview_url = upload(manager_client, plan, content)["Location"]
    page = manager_client.get(preview_url).content.decode()

    assert "The file says when: check it." in page
    assert '<option value="2" selected>2nd</option>' in page
    assert "From the file's other sheets:" in page
    count = source.milestones.count()
    assert f"{count} milestones ({count} new, 0 updated)" in page

    manager_client.post(preview_url, {"action": "commit"})

    plan.refresh_from_db()
    assert (plan.sop_meeting_week, plan.sop_meeting_weekday) == (2, 3)
    assert plan.milestones.count() == count


def test_a_sheet_of_the_companys_own_that_shares_a_name_is_left_alone(plan):
    PlanRowFactory(plan=plan)
    content = exports.export(plan, plan.rows.for_table(), "xlsx", "da", sections=False)
    book = openpyxl.load_workbook(io.BytesIO(content))
    own = book.create_sheet("Interessenter")
    own.append(["Hvem", "Hvorfor"])
    own.append(["Bestyrelsen", "Godkender budgettet"])
    output = io.BytesIO()
    book.save(output)

    with translation.override("en"):
        preview = imports.build_preview(plan, imports.read_table(output.getvalue()))

    assert preview.is_valid
    assert (
        None,
        "The sheet “Interessenter” is not read: its headings are not those of an export.",
    ) in preview.warnings


def test_an_existing_plan_gets_its_stakeholders_updated_but_keeps_its_settings(plan, manager):
    PlanRowFactory(plan=plan)
    salg = StakeholderFactory(plan=plan, name="Salg", importance=2, category=Category.OTHER)
    source = PlanFactory(currency="EUR", escalation_days=30)
    StakeholderFactory(plan=source, name="SALG", importance=5, category=Category.SALES)

    with translation.override("en"):
        table = _table_with_a_row(exports.export(source, PlanRow.objects.none(), "xlsx", "da"))
        preview = imports.commit(plan, table, manager, source_name="plan.xlsx")

    salg.refresh_from_db()
    assert (salg.name, salg.importance, salg.category) == ("Salg", 5, Category.SALES)
    latest = salg.history.first()
    assert (latest.history_type, latest.history_user) == ("~", manager)
    plan.refresh_from_db()
    assert (plan.currency, plan.escalation_days) == ("DKK", 7)
    assert (
        None,
        "The plan keeps its own Currency, Escalate after (days): the file's differ.",
    ) in preview.warnings


def test_a_plan_named_like_a_sheet_still_comes_back(demo_plan):
    demo_plan.name = "Milepæle"
    demo_plan.save()
    content = exports.export(demo_plan, demo_plan.rows.for_table(), "xlsx", "da")
    empty = empty_copy_of(demo_plan)

    assert openpyxl.load_workbook(io.BytesIO(content)).sheetnames[:2] == ["Aktiviteter", "Plan"]
    imports.commit(empty, imports.read_table(content), None)

    assert everything(empty) == everything(demo_plan)


# Where the round trip meets the reading of real sheets (issue 12 items 1-9).


def _csv_with_activities(plan, count):
    """The plan's CSV export with its one activity line repeated to `count` activities."""
    text = exports.export(plan, plan.rows.for_table(), "csv", "en").decode("utf-8-sig")
    lines = text.split("\r\n")
    return "\r\n".join([lines[0], *[lines[1]] * count, *lines[2:]]).encode()


def test_a_csv_of_5000_activities_keeps_its_sections(db):
    plan = PlanFactory()
    PlanRowFactory(plan=plan)
    MilestoneFactory(plan=plan, title="Go-live")

    table = imports.read_table(_csv_with_activities(plan, imports.MAX_ROWS))

    assert len(table.rows) == imports.MAX_ROWS
    titles = [item.values["title"] for item in table.sections.items["milestones"]]
    assert sorted(titles) == sorted(plan.milestones.values_list("title", flat=True))
    assert "Go-live" in titles
    with pytest.raises(imports.Refused, match="more than 5,000 activities"):
        imports.read_table(_csv_with_activities(plan, imports.MAX_ROWS + 1))


def test_the_extra_sheets_are_never_read_as_the_activities(demo_plan):
    content = exports.export(demo_plan, demo_plan.rows.for_table(), "xlsx", "en")
    book = openpyxl.load_workbook(io.BytesIO(content))
    activities = book.sheetnames[0]
    book.move_sheet(activities, offset=len(book.sheetnames))  # last, after the extra sheets
    output = io.BytesIO()
    book.save(output)

    table = imports.read_table(output.getvalue())

    assert table.sheet == activities
    assert [title for title, _score in table.sheets] == [activities]
    assert set(table.sections.items) == {"milestones", "stakeholders", "messages", "channels"}

    del book[activities]
    output = io.BytesIO()
    book.save(output)
    with translation.override("en"), pytest.raises(imports.Refused, match="has no columns"):
        imports.read_table(output.getvalue())


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_a_blank_milestone_or_channel_of_an_export_stays_blank(manager, file_format):
    plan = PlanFactory()
    MembershipFactory(plan=plan, user=manager)
    salg = StakeholderFactory(plan=plan, name="Salg")
    first = PlanRowFactory(plan=plan, stakeholder=salg, scheduled_date=TODAY)
    assert first.milestone and first.channel
    PlanRowFactory(
        plan=plan,
        stakeholder=salg,
        milestone=None,
        channel=None,
        scheduled_date=TODAY + datetime.timedelta(days=1),
    )
    content = exports.export(plan, plan.rows.for_table(), file_format, "da")
    empty = empty_copy_of(plan)

    imports.commit(empty, imports.read_table(content), None)

    assert everything(empty) == everything(plan)


def test_the_sheet_picker_and_the_meeting_keep_each_other(manager_client, plan, template_csv):
    text = template_csv.read_bytes().decode("utf-8-sig")
    book = openpyxl.Workbook()
    book.active.title = "Forside"
    book.active.append(["Kommunikationsplan"])
    sheet = book.create_sheet("Aktiviteter")
    for values in csv.reader(io.StringIO(text, newline=""), delimiter=";"):
        sheet.append(values)
    output = io.BytesIO()
    book.save(output)
    response = upload(manager_client, plan, output.getvalue())
    assert response.status_code == 302, response.context["form"].errors
    preview_url = response["Location"]
    chosen = {"sheet": "Aktiviteter", "sop_meeting_week": "3", "sop_meeting_weekday": "1"}

    page = manager_client.get(preview_url, chosen).content.decode()

    start = page.index("import-sheet-picker")
    picker = page[start : page.index("</form>", start)]
    assert '<input type="hidden" name="sop_meeting_week" value="3">' in picker
    cycle = page[page.index('id="cycle-form"') :]
    assert (
        '<input type="hidden" name="sheet" value="Aktiviteter">' in cycle[: cycle.index("</form>")]
    )
    response = manager_client.post(preview_url, {"action": "commit", **chosen})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.sop_meeting_week, plan.sop_meeting_weekday) == (3, 1)


def test_sections_record_a_long_file_name_cut_to_fit(plan, manager):
    PlanRowFactory(plan=plan)
    salg = StakeholderFactory(plan=plan, name="Salg", importance=2)
    source = PlanFactory()
    StakeholderFactory(plan=source, name="Salg", importance=5)
    StakeholderFactory(plan=source, name="Indkøb")

    with translation.override("en"):
        table = _table_with_a_row(exports.export(source, PlanRow.objects.none(), "xlsx", "en"))
        imports.commit(plan, table, manager, source_name="p" * 150 + ".xlsx")

    made = plan.stakeholders.get(name="Indkøb").history.first()
    changed = salg.history.first()
    for record in (made, changed):
        assert len(record.history_change_reason) == 100
        assert record.history_change_reason.endswith("…")
    assert (made.history_type, changed.history_type) == ("+", "~")


def test_a_companys_sheet_or_title_called_plan_is_still_the_activities(db):
    rows = [["Plan"], ["Stakeholders", "Message"], ["Sales", "Why S&OP"]]

    for content in (xlsx(rows[1:], title="Plan"), excel_csv(rows)):
        table = imports.read_table(content)

        assert [table.value(row, "stakeholder") for row in table.rows] == ["Sales"]
        assert not table.sections
