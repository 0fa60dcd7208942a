"""What an import does to a plan: the preview, the commit, the round trip and the command
(issue 5 §1, §2)."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from commplan import imports
from commplan.exports import writing as exports
from commplan.models import Cadence, CommunicationPlan, Membership, PlanRow, Role, RowStatus
from milestones.models import Phase
from stakeholders.models import Stakeholder

from ..factories import (
    ChannelFactory,
    MembershipFactory,
    MilestoneFactory,
    PlanFactory,
    PlanRowFactory,
    StakeholderFactory,
    UserFactory,
)
from .import_files import excel_csv, toolkit_rows, xlsx

ENGLISH = ["Stakeholders", "Message", "Goal", "Channel", "Owner", "Owner email"]


def preview_of(plan, rows, owners=imports.ASK):
    return imports.build_preview(plan, imports.read_table(excel_csv(rows)), owners)


def test_names_are_matched_ignoring_case_or_created_once(plan, owner):
    StakeholderFactory(plan=plan, name="Sales team")
    ChannelFactory(plan=plan, name="Town hall")
    rows = toolkit_rows(
        ["SALES  team", "Why S&OP", "town hall", owner.email, ""],
        ["Key suppliers", "Forecasts", "Supplier letter", "", ""],
        ["key suppliers", "Forecasts", "supplier letter", "", ""],
    )

    preview = preview_of(plan, rows)

    assert preview.is_valid
    assert list(preview.stakeholders.new.values()) == ["Key suppliers"]
    assert [s.name for s in preview.stakeholders.matched.values()] == ["Sales team"]
    assert list(preview.channels.new.values()) == ["Supplier letter"]
    assert [r.stakeholder_new for r in preview.rows] == [False, True, True]
    assert len(preview.messages.new) == 2
    assert preview.rows[0].owner == owner


def test_owners_by_email_or_name_and_unknown_people_listed_once(plan, owner, manager):
    owner.first_name, owner.last_name = "Ole", "Olsen"
    owner.save()
    rows = [
        ENGLISH,
        ["Sales", "A", "", "", "ole olsen", ""],
        ["Sales", "B", "", "", "", manager.email.upper()],
        ["Sales", "C", "", "", "Jens Hansen", ""],
        ["Sales", "D", "", "", "Jens  hansen", ""],
        ["Sales", "E", "", "", "jens@pumpe.dk", ""],
    ]

    preview = preview_of(plan, rows)

    assert [r.owner for r in preview.rows[:2]] == [owner, manager]
    assert {u.label: u.rows for u in preview.unknown_owners.values()} == {
        "Jens Hansen": [4, 5],
        "jens@pumpe.dk": [6],
    }
    assert preview.is_valid


def test_free_text_resources_fill_hours_and_cost_and_the_rest_goes_to_notes(plan):
    rows = toolkit_rows(
        ["Sales", "A", "", "", "2 t / 1.200 DKK"],
        ["Sales", "B", "", "", "half a day, 800 kr"],
        ["Sales", "C", "", "", "1,5 timer"],
        ["Sales", "D", "", "", "2 t + forplejning"],
        ["Sales", "E", "", "", "kaffe og kage"],
    )

    preview = preview_of(plan, rows)

    got = [(r.planned_hours, r.planned_cost) for r in preview.rows]
    assert got == [
        (Decimal("2.00"), Decimal("1200.00")),
        (Decimal("3.70"), Decimal("800.00")),
        (Decimal("1.50"), None),
        (Decimal("2.00"), None),
        (None, None),
    ]
    assert [r.notes for r in preview.rows[3:]] == [
        "Time and resources: 2 t + forplejning",
        "Time and resources: kaffe og kage",
    ]
    assert [number for number, _message in preview.warnings] == [5, 6]
    assert preview.is_valid  # warnings do not stop an import


def test_row_errors_are_numbered_as_in_the_sheet(plan):
    rows = [
        ["Stakeholders", "Message", "Scheduled date", "Next review", "Planned hours", "Status"],
        ["", "No one to tell", "", "", "", ""],
        ["Sales", "", "", "", "", ""],
        ["Sales", "Bad date", "31-02-2026", "", "", ""],
        ["Sales", "Review first", "10-05-2026", "01-05-2026", "", ""],
        ["Sales", "Negative", "", "", "-2", ""],
        ["Sales", "Odd status", "", "", "", "Maybe"],
        ["Sales", "Fine", "01-05-2026", "", "2", "Gennemført"],
    ]

    preview = preview_of(plan, rows)

    assert not preview.is_valid
    errors = dict(preview.errors)
    assert errors[2] == "Stakeholders (target group) is empty."
    assert errors[3] == "Message content and goal is empty."
    assert "“31-02-2026” is not a date" in errors[4]
    assert errors[5] == (
        "Next review (cell D5): The next review cannot be before the scheduled date."
    )
    assert errors[6] == "Planned hours (cell E6): Planned hours cannot be negative."
    assert "“Maybe” is not one of: Planned, Active, Done, Cancelled" in errors[7]
    assert 8 not in errors
    assert preview.rows[-1].status == RowStatus.DONE


def test_milestones_and_phases_are_matched_or_created(plan):
    MilestoneFactory(plan=plan, title="Pilot go-live", phase=Phase.PILOT)
    rows = [
        ["Stakeholders", "Message", "Milestone", "Phase", "Scheduled date"],
        ["Sales", "A", "pilot GO-LIVE", "", ""],
        ["Sales", "B", "Kick-off", "Erkendelse", "03-02-2026"],
        ["Sales", "C", "Kick-off", "", "01-02-2026"],
        ["Sales", "D", "", "Drift", ""],
        ["Sales", "E", "", "Phase 9", ""],
    ]

    preview = preview_of(plan, rows)

    kick_off = preview.milestones.new["kick-off"]
    assert kick_off == {
        "title": "Kick-off",
        "phase": Phase.RECOGNITION,
        "planned_date": datetime.date(2026, 2, 1),
    }
    assert preview.milestones.new["operation"]["phase"] == Phase.OPERATION
    assert [m.title for m in preview.milestones.matched.values()] == ["Pilot go-live"]
    assert "is not one of: Recognition" in dict(preview.errors)[6]


def test_cadences_in_either_language_with_their_numbers(plan):
    plan.sop_meeting_week, plan.sop_meeting_weekday = 3, 1
    plan.save()
    rows = [
        ["Stakeholders", "Message", "Review cadence"],
        ["Sales", "A", "månedligt"],
        ["Sales", "B", "Every 3 weeks"],
        ["Sales", "C", "Hver 4. uge"],
        ["Sales", "D", "Monthly, around the executive S&OP meeting (+2 working days)"],
        ["Sales", "E", "Every N weeks"],
    ]

    preview = preview_of(plan, rows)

    got = [(r.cadence, r.cadence_weeks, r.cycle_offset) for r in preview.rows]
    assert got[:4] == [
        (Cadence.MONTHLY, None, None),
        (Cadence.EVERY_N_WEEKS, 3, None),
        (Cadence.EVERY_N_WEEKS, 4, None),
        (Cadence.SOP_CYCLE, None, 2),
    ]
    assert dict(preview.errors) == {
        6: "Review cadence (cell C6): Say how many weeks between reviews (2 to 52)."
    }


def test_commit_saves_everything_with_history_by_the_importer(plan, manager, owner):
    rows = [
        ENGLISH,
        ["Sales", "Why S&OP", "Buy-in", "Town hall", "", owner.email],
        ["Finance", "Why S&OP", "Buy-in", "Town hall", "Jens Hansen", ""],
    ]
    table = imports.read_table(xlsx(rows))

    saved = imports.commit(plan, table, manager, source_name="plan.xlsx")

    rows = list(plan.rows.order_by("pk"))
    assert len(rows) == len(saved.rows) == 2
    assert rows[0].message == rows[1].message  # one message, used twice
    assert (rows[0].owner, rows[1].owner) == (owner, None)
    assert rows[1].notes == "Owner: Jens Hansen"
    for model, count in [(PlanRow, 2), (Stakeholder, 2)]:
        history = model.history.filter(plan_id=plan.pk)
        assert history.count() == count
        assert {(h.history_user, h.history_type) for h in history} == {(manager, "+")}
        assert {h.history_change_reason for h in history} == {"Imported from plan.xlsx"}
    for obj in (rows[0].message, rows[0].channel):
        assert obj.history.get().history_user == manager


def test_unknown_owners_mapped_to_a_member_or_invited(plan, manager, owner):
    existing = UserFactory(username="else", email="else@example.com")
    rows = [
        ENGLISH,
        ["Sales", "A", "", "", "Jens Hansen", ""],
        ["Sales", "B", "", "", "Else E.", "ELSE@example.com"],
        ["Sales", "C", "", "", "Ny Person", "ny@pumpe.dk"],
    ]
    table = imports.read_table(excel_csv(rows))
    keys = list(imports.build_preview(plan, table).unknown_owners)

    imports.commit(
        plan,
        table,
        manager,
        {
            keys[0]: imports.Resolution(imports.MEMBER, user_id=owner.pk),
            keys[1]: imports.Resolution(imports.INVITE, email="else@example.com"),
            keys[2]: imports.Resolution(imports.INVITE, email="ny@pumpe.dk"),
        },
    )

    new_person = Membership.objects.get(plan=plan, user__email="ny@pumpe.dk").user
    assert [r.owner for r in plan.rows.order_by("pk")] == [owner, existing, new_person]
    assert (new_person.get_full_name(), new_person.has_usable_password()) == ("Ny Person", True)
    assert Membership.objects.get(plan=plan, user=existing).role == Role.OWNER
    assert Membership.history.filter(plan_id=plan.pk, history_user=manager).count() == 2


def test_a_commit_with_errors_saves_nothing(plan, manager, snapshot):
    rows = toolkit_rows(["Sales", "Fine", "", "", ""], ["Sales", "", "Nobody", "", ""])
    before = snapshot()

    with pytest.raises(imports.CommitFailed) as failed:
        imports.commit(plan, imports.read_table(excel_csv(rows)), manager)

    assert dict(failed.value.preview.errors) == {3: "Message content and goal is empty."}
    assert snapshot() == before


def test_a_failure_half_way_rolls_everything_back(plan, manager, snapshot, monkeypatch):
    rows = toolkit_rows(["New group", "New message", "New channel", "", ""])
    before = snapshot()

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr("commplan.imports.saving.PlanRow", broken)
    with pytest.raises(RuntimeError):
        imports.commit(plan, imports.read_table(excel_csv(rows)), manager)

    assert snapshot() == before


def test_an_archived_plan_refuses_the_commit(plan, manager, snapshot):
    plan.archived_at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    plan.save()
    before = snapshot()

    with pytest.raises(imports.CommitFailed):
        imports.commit(
            plan, imports.read_table(excel_csv(toolkit_rows(["S", "M", "", "", ""]))), manager
        )

    assert snapshot() == before


# The round trip (§2): an export imported into an empty plan reproduces the plan.

COMPARED = [
    "stakeholder.name",
    "message.content",
    "message.goal",
    "channel.name",
    "owner",
    "assurance",
    "planned_hours",
    "planned_cost",
    "milestone.title",
    "milestone.phase",
    "scheduled_date",
    "cadence",
    "cadence_weeks",
    "cycle_offset",
    "next_review_date",
    "status",
    "notes",
]


def fields(row):
    values = []
    for path in COMPARED:
        value = row
        for part in path.split("."):
            value = getattr(value, part) if value is not None else None
        values.append(value)
    return values


@pytest.fixture
def rich_plan(plan, manager, owner):
    plan.sop_meeting_week, plan.sop_meeting_weekday = 3, 1
    plan.save()
    kick_off = MilestoneFactory(plan=plan, title="Kick-off", phase=Phase.RECOGNITION)
    PlanRowFactory(plan=plan, owner=owner, assurance="=Agenda item", notes="Bring slides")
    PlanRowFactory(
        plan=plan,
        owner=manager,
        milestone=kick_off,
        cadence=Cadence.EVERY_N_WEEKS,
        cadence_weeks=3,
        planned_hours=Decimal("1.25"),
        planned_cost=Decimal("1234567.89"),
        status=RowStatus.ACTIVE,
    )
    PlanRowFactory(
        plan=plan,
        owner=None,
        channel=None,
        milestone=None,
        cadence=Cadence.SOP_CYCLE,
        cycle_offset=-2,
        planned_hours=None,
        planned_cost=None,
        scheduled_date=None,
        next_review_date=None,
    )
    return plan


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
@pytest.mark.parametrize("language", ["en", "da"])
def test_round_trip_reproduces_the_plan(rich_plan, manager, owner, file_format, language):
    content = exports.export(rich_plan, rich_plan.rows.for_table(), file_format, language)
    empty = PlanFactory(sop_meeting_week=3, sop_meeting_weekday=1, purpose="")
    for person, role in [(manager, Role.MANAGER), (owner, Role.OWNER)]:
        MembershipFactory(plan=empty, user=person, role=role)

    preview = imports.commit(empty, imports.read_table(content), manager)

    assert preview.unknown_owners == {}
    original = [fields(row) for row in rich_plan.rows.order_by("pk")]
    copied = [fields(row) for row in empty.rows.order_by("pk")]
    assert copied == original
    if file_format == "xlsx":  # the header texts above the table come along
        empty.refresh_from_db()
        assert empty.purpose == rich_plan.purpose


# The command


def test_command_imports_into_a_plan_and_leaves_unknown_owners_unassigned(
    plan, manager, tmp_path, capsys
):
    path = tmp_path / "plan.csv"
    path.write_bytes(excel_csv(toolkit_rows(["Sales", "Why", "Mail", "Jens Hansen", "2 t"])))

    call_command("import_plan", str(path), "--plan", str(plan.pk), "--user", "manager")

    out = capsys.readouterr().out
    row = plan.rows.get()
    assert (row.owner, row.notes, row.planned_hours) == (None, "Owner: Jens Hansen", 2)
    assert "Row 2: Jens Hansen is not a member of the plan" in out
    assert "Imported 1 activity into" in out
    assert row.history.get().history_user == manager


def test_command_new_plan(manager, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(xlsx(toolkit_rows(["Sales", "Why", "Mail", "", ""])))

    call_command("import_plan", str(path), "--new", "Imported plan", "--user", "manager")

    plan = CommunicationPlan.objects.get(name="Imported plan")
    assert plan.rows.count() == 1
    assert plan.role_for(manager) == Role.MANAGER


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (excel_csv(toolkit_rows(["", "Why", "", "", ""])), "1 error in"),
        (b"%PDF-1.4", "This is not a spreadsheet"),
    ],
)
def test_command_exits_non_zero_and_saves_nothing(manager, tmp_path, snapshot, content, message):
    path = tmp_path / "plan.csv"
    path.write_bytes(content)
    before = snapshot()

    with pytest.raises(CommandError, match=message):
        call_command("import_plan", str(path), "--new", "Never saved")

    assert snapshot() == before


def test_command_refuses_an_archived_plan(plan, tmp_path):
    plan.archived_at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    plan.save()
    path = tmp_path / "plan.csv"
    path.write_bytes(excel_csv(toolkit_rows(["Sales", "Why", "", "", ""])))

    with pytest.raises(CommandError, match="archived"):
        call_command("import_plan", str(path), "--plan", str(plan.pk))


def test_a_long_file_name_is_cut_to_fit_the_history(plan, manager):
    name = "Kommunikationsplan for S&OP-implementeringen " * 4 + ".xlsx"
    table = imports.read_table(excel_csv(toolkit_rows(["Sales", "Why", "", "", ""])))

    imports.commit(plan, table, manager, source_name=name)

    reason = plan.rows.get().history.get().history_change_reason
    assert len(reason) == 100
    assert reason.startswith("Imported from Kommunikationsplan for S&OP")
    assert reason.endswith("…")
