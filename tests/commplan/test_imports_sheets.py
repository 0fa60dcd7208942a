"""Issue 12 and issue 11 §1.6 one rule at a time: text caps naming the cell, the file's decimal
mark, words people write, owners by title-less name or initials, the sheet picker and the
summary."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from commplan import imports
from commplan.imports.saving import INVITE, Resolution
from commplan.models import Cadence, Membership, PlanRow, Role, RowStatus
from stakeholders.models import Stakeholder

from ..factories import UserFactory
from .import_files import excel_csv, xlsx
from .test_imports_views import upload

DA = ["Interessenter", "Budskab", "Timer", "Frekvens", "Status", "Ansvarlig"]
EN = ["Stakeholders", "Message", "Hours", "Cadence", "Status", "Owner"]


def preview_of(plan, content, **kwargs):
    return imports.build_preview(plan, imports.read_table(content), **kwargs)


def test_a_message_longer_than_its_field_is_an_error_naming_the_cell(plan, manager):
    content = xlsx([EN, ["Sales", "x" * 2001, "", "", "", ""]])

    preview = preview_of(plan, content)

    assert preview.errors == [
        (
            2,
            "Message content and goal (cell B2) has 2001 characters; at most 2000 are allowed. "
            "Shorten it in the file.",
        )
    ]
    with pytest.raises(imports.CommitFailed):
        imports.commit(plan, imports.read_table(content), manager)
    assert not PlanRow.objects.exists()


def test_a_danish_csv_reads_the_comma_as_its_decimal_mark(plan):
    content = excel_csv([DA, ["Salg", "A", "1,250", "", "", ""], ["Salg", "B", "2", "", "", ""]])

    preview = preview_of(plan, content)

    assert [row.planned_hours for row in preview.rows] == [Decimal("1.25"), Decimal("2")]
    assert preview.warnings == []


def test_an_ambiguous_number_is_read_with_a_warning_saying_how(plan):
    content = excel_csv([EN, ["Sales", "A", "1,250", "", "", ""]], encoding="utf-8", delimiter=",")

    preview = preview_of(plan, content)

    assert preview.rows[0].planned_hours == Decimal("1250")
    assert "“1,250” was read as 1250" in preview.rows[0].warnings[0]


def test_words_people_write_for_status_and_cadence(plan):
    rows = [
        DA,
        ["Salg", "A", "", "Ugentlig", "Udført", ""],
        ["Salg", "B", "", "hver 14. dag", "igangværende", ""],
        ["Salg", "C", "", "1 time pr. måned", "Aflyst", ""],
        ["Salg", "D", "", "kvartalsvis", "udsat", ""],
    ]

    preview = preview_of(plan, excel_csv(rows))

    got = [(r.cadence, r.cadence_weeks, r.status, r.planned_hours) for r in preview.rows]
    assert got == [
        (Cadence.WEEKLY, None, RowStatus.DONE, None),
        (Cadence.EVERY_N_WEEKS, 2, RowStatus.ACTIVE, None),
        (Cadence.MONTHLY, None, RowStatus.CANCELLED, Decimal("1.00")),
        (Cadence.EVERY_N_WEEKS, 13, RowStatus.PLANNED, None),
    ]
    assert "“udsat” was read as Planned" in preview.rows[3].warnings[0]


def test_an_unknown_word_is_an_error_listing_the_words_accepted(plan):
    preview = preview_of(plan, excel_csv([DA, ["Salg", "A", "", "løbende", "", ""]]))

    ((number, message),) = preview.errors
    assert number == 2
    assert "“løbende” is not one of: Once, Weekly" in message
    assert "hver 14. dag" in message


def test_owners_by_name_without_title_and_by_initials_say_how(plan):
    mette = UserFactory(first_name="Mette", last_name="Hansen", email="mette@firma.dk")
    ole = UserFactory(first_name="Ole", last_name="Olsen", email="ole@firma.dk")
    for user in (mette, ole):
        Membership.objects.create(plan=plan, user=user, role=Role.OWNER)
    rows = [
        DA,
        ["Salg", "A", "", "", "", "Projektleder Mette Hansen"],
        ["Salg", "B", "", "", "", "OO"],
        ["Salg", "C", "", "", "", "Ole Olsen, salgschef"],
    ]

    preview = preview_of(plan, excel_csv(rows))

    assert [(r.owner, str(r.owner_matched_by)) for r in preview.rows] == [
        (mette, "name without title"),
        (ole, "initials"),
        (ole, "name without title"),
    ]


def test_initials_two_members_share_name_neither(plan):
    for first, last in (("Mette", "Hansen"), ("Maria", "Holm")):
        user = UserFactory(first_name=first, last_name=last)
        Membership.objects.create(plan=plan, user=user, role=Role.OWNER)

    preview = preview_of(plan, excel_csv([DA, ["Salg", "A", "", "", "", "MH"]]))

    assert preview.rows[0].owner is None
    assert list(preview.unknown_owners) == ["name:mh"]


def test_an_invited_person_is_named_without_their_title(plan, manager):
    content = excel_csv([DA, ["Salg", "A", "", "", "", "Projektleder Jens Jensen"]])
    preview = preview_of(plan, content)
    (key,) = preview.unknown_owners

    imports.commit(
        plan,
        imports.read_table(content),
        manager,
        {key: Resolution(INVITE, email="jens@firma.dk")},
    )

    owner = PlanRow.objects.get().owner
    assert (owner.first_name, owner.last_name) == ("Jens", "Jensen")


def two_sheets():
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Budget"
    book.active.append(["Stakeholders", "Hours"])
    book.active.append(["Sales", 3])
    plan_sheet = book.create_sheet("Plan 2026")
    plan_sheet.append(EN)
    plan_sheet.append(["Sales", "Why S&OP", 2, "", "", ""])
    old = book.create_sheet("Plan 2025")
    old.append(EN)
    old.append(["Finance", "Old news", 1, "", "", ""])
    old.append(["Finance", "More old news", 1, "", "", ""])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def test_the_preview_picks_the_best_sheet_and_offers_the_others(manager_client, plan):
    response = upload(manager_client, plan, two_sheets())
    preview_url = response["Location"]

    page = manager_client.get(preview_url).content.decode()

    assert "1 activity · 0 owners to match · 0 warnings" in page
    assert 'name="sheet"' in page
    assert "Plan 2025 (6 headings recognised)" in page
    other = manager_client.get(preview_url, {"sheet": "Plan 2025"}).content.decode()
    assert "2 activities · 0 owners to match" in other
    response = manager_client.post(preview_url, {"action": "commit", "sheet": "Plan 2025"})
    assert response.status_code == 302
    assert sorted(plan.rows.values_list("message__content", flat=True)) == [
        "More old news",
        "Old news",
    ]


def test_a_sheet_that_is_not_there_sends_back_to_the_preview(manager_client, plan):
    preview_url = upload(manager_client, plan, two_sheets())["Location"]

    response = manager_client.get(preview_url, {"sheet": "Nope"}, follow=True)

    assert response.status_code == 200
    assert "The workbook has no sheet “Nope”." in response.content.decode()


def test_the_command_prints_the_summary_also_on_a_dry_run(plan, tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "plan.csv"
    path.write_bytes(excel_csv([DA, ["Salg", "A", "", "", "", "Jens"], ["", "B", "", "", "", ""]]))

    call_command("import_plan", str(path), "--plan", str(plan.pk), "--dry-run")

    out = capsys.readouterr().out
    assert out.startswith("2 activities · 1 owner to match · 2 warnings\n")
    assert "Dry run: 2 activities would be imported" in out
    assert not plan.rows.exists()


def test_the_pages_cap_the_same_texts_as_the_import(manager_client, plan):
    from commplan.catalogue.forms import MessageForm

    form = MessageForm(data={"content": "x" * 2001, "goal": ""})

    assert not form.is_valid()
    assert "content" in form.errors


def test_a_date_written_as_a_week_says_how_it_was_read(plan):
    plan.start_date, plan.end_date = datetime.date(2027, 2, 1), datetime.date(2027, 12, 31)
    plan.save()
    heading = ["Interessenter", "Budskab", "Dato"]
    rows = [heading, ["Salg", "A", "uge 12"], ["Salg", "B", "uge 12 2026"], ["Salg", "C", "snart"]]

    preview = preview_of(plan, excel_csv(rows))

    assert [r.scheduled_date for r in preview.rows] == [
        datetime.date(2027, 3, 22),
        datetime.date(2026, 3, 16),
        None,
    ]
    assert preview.rows[0].warnings == [
        "Scheduled date: “uge 12” was read as 22-03-2027: the cell gives no year, so the "
        "plan's year was taken."
    ]
    assert preview.errors == [
        (4, "Scheduled date: “snart” is not a date. Write it as 2026-05-01, 01-05-2026 or uge 18.")
    ]


def test_a_row_of_activities_under_the_headings_is_not_taken_for_sub_headings(plan):
    heading = ["Interessenter", "Budskab", "Kanal", "Status"]
    rows = [heading, ["", "Nyhedsbrev", "E-mail", ""], ["Salg", "B", "Intranet", "Status"]]

    preview = preview_of(plan, excel_csv(rows))

    assert [(r.number, r.content, r.channel) for r in preview.rows] == [
        (2, "Nyhedsbrev", "E-mail"),
        (3, "B", "Intranet"),
    ]


def test_a_commit_saves_its_preview_unless_the_plan_changed_since(plan, manager):
    content = excel_csv([DA, ["Salg", "A", "", "", "", ""], ["Salg", "B", "", "", "", ""]])
    table = imports.read_table(content)
    unchanged = imports.build_preview(plan, table)
    assert imports.commit(plan, table, manager, preview=unchanged) is unchanged

    table = imports.read_table(content)
    preview = imports.build_preview(plan, table)
    Stakeholder.objects.filter(plan=plan).update(name="Salg og marketing")  # meanwhile

    saved = imports.commit(plan, table, manager, preview=preview)

    assert saved is not preview
    assert sorted(Stakeholder.objects.filter(plan=plan).values_list("name", flat=True)) == [
        "Salg",
        "Salg og marketing",
    ]
    assert PlanRow.objects.filter(plan=plan, stakeholder__name="Salg").count() == 2


def test_hidden_rows_and_columns_are_imported_and_said_to_be(plan):
    book = openpyxl.Workbook()
    sheet = book.active
    for values in (EN, ["Sales", "A", "1", "", "", ""], ["Sales", "B", "2", "", "", ""]):
        sheet.append(values)
    sheet.append(["Sales", "C", "", "", "", "", "internal"])
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions["C"].hidden = True
    sheet.column_dimensions["G"].hidden = True
    output = io.BytesIO()
    book.save(output)

    preview = preview_of(plan, output.getvalue())

    assert [r.content for r in preview.rows] == ["A", "B", "C"]
    assert (
        None,
        "Hidden in Excel, but imported all the same: row 3; columns C (“Planned hours”), "
        "G (“Column G”). Delete what should not be imported from the sheet.",
    ) in preview.warnings
