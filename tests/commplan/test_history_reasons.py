"""One bulk-history helper for import, template, copy and detach: the change reason always
fits its 100-character column (a long name answered 500 on PostgreSQL)."""

import datetime

from commplan.history.recording import REASON_MAX_LENGTH, change_reason
from commplan.starter.copying import copy_plan

from ..factories import PlanFactory, PlanRowFactory


def test_a_copy_of_a_plan_with_a_long_name_records_a_reason_that_fits(manager):
    source = PlanFactory(name="Kommunikationsplan for implementeringen af S&OP " * 4)
    PlanRowFactory(plan=source)

    plan = copy_plan(
        source,
        manager,
        name="Kopi",
        organisation="",
        offset=datetime.timedelta(days=0),
        copy_members=False,
    )

    reasons = {record.history_change_reason for record in plan.rows.get().history.all()}
    assert all(len(reason) == REASON_MAX_LENGTH for reason in reasons)
    assert all(reason.endswith("…") for reason in reasons)


def test_a_short_reason_is_kept_as_it_is():
    assert change_reason("Imported from plan.xlsx") == "Imported from plan.xlsx"
    assert change_reason(None) == ""
