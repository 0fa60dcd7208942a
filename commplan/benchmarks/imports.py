"""`manage.py bench --only import`: a 5,000-row .xlsx as a Danish company would write it,
previewed and committed, with the time each takes and the memory they need (issue 12).

Figures, not tests. Runs inside the bench command's throwaway database.
"""

import datetime
import io
import time
import tracemalloc

import openpyxl
from django.db import connection

from .. import demo
from ..imports import build_preview, commit, read_table
from ..imports.reading import MAX_ROWS
from ..models import CommunicationPlan, Membership, Role

TARGETS = {"preview": 2.0, "commit": 5.0, "memory_mb": 200}
HEADINGS = [
    "Interessenter (målgruppe)",
    "Budskabsindhold og mål",
    "Medie – kommunikationskanal",
    "Hvem har ansvaret for kommunikationen og at målet opnås?",
    "Timer",
    "Omkostninger",
    "Dato",
    "Frekvens",
    "Fase",
    "Status",
    "Kommentarer",
]
STAKEHOLDERS = ["Ledelsen", "Salg", "Produktion", "Indkøb", "Økonomi", "Nøglekunder", "IT"]
CHANNELS = ["Ledermøde", "Intranet", "E-mail", "Infomøde", "Nyhedsbrev"]
CADENCES = ["månedlig", "hver 14. dag", "ugentlig", "1 time pr. måned", "én gang"]
STATUSES = ["Planlagt", "I gang", "Udført", "Aflyst"]
PHASES = ["Fase 1", "Analyse", "Definering", "Pilot", "Drift"]


def workbook(rows=MAX_ROWS):
    """The bytes of an .xlsx with a cover sheet and `rows` activities under a title."""
    book = openpyxl.Workbook()
    book.active.title = "Forside"
    book.active.append(["Kommunikationsplan, S&OP-implementering"])
    sheet = book.create_sheet("Plan")
    sheet.append(["Kommunikationsplan – S&OP"])
    sheet.append([])
    sheet.append(HEADINGS)
    start = datetime.date(2026, 1, 5)
    for number in range(rows):
        sheet.append(
            [
                STAKEHOLDERS[number % len(STAKEHOLDERS)],
                f"Budskab nummer {number}. Mål: alle kender trin {number % 40}",
                CHANNELS[number % len(CHANNELS)],
                "Projektleder Mette Hansen" if number % 3 else "Ole Olsen",
                f"{number % 8},5" if number % 4 else "",
                number * 10 % 20000,
                start + datetime.timedelta(days=number % 365),
                CADENCES[number % len(CADENCES)],
                PHASES[number % len(PHASES)],
                STATUSES[number % len(STATUSES)],
                f"Bemærkning {number}" if number % 5 == 0 else None,
            ]
        )
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _plan(user, name):
    plan = CommunicationPlan.objects.create(name=name)
    Membership.objects.create(plan=plan, user=user, role=Role.MANAGER)
    return plan


def run(user, owners, rows=MAX_ROWS):
    """{figure: value} of previewing and committing `rows` activities: seconds and peak MB."""
    content = workbook(rows)
    plan = _plan(user, "Bench import")
    for owner in owners:
        Membership.objects.create(plan=plan, user=owner, role=Role.OWNER)
    started, started_cpu = time.perf_counter(), time.process_time()
    preview = build_preview(plan, read_table(content))
    preview_seconds = time.perf_counter() - started
    preview_cpu = time.process_time() - started_cpu
    started, started_cpu = time.perf_counter(), time.process_time()
    commit(plan, read_table(content), user, source_name="bench.xlsx")
    commit_seconds = time.perf_counter() - started
    commit_cpu = time.process_time() - started_cpu

    second = _plan(user, "Bench import, memory")
    tracemalloc.start()
    try:
        build_preview(second, read_table(content))
        _current, preview_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        commit(second, read_table(content), user, source_name="bench.xlsx")
        _current, commit_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return {
        "rows": len(preview.rows),
        "errors": len(preview.errors),
        "file_kb": len(content) / 1024,
        "preview": preview_seconds,
        "commit": commit_seconds,
        "preview_cpu": preview_cpu,
        "commit_cpu": commit_cpu,
        "preview_mb": preview_peak / 2**20,
        "commit_mb": commit_peak / 2**20,
        "stored": plan.rows.count(),
    }


def import_workbook(report):
    """Preview and commit of a 5,000-row .xlsx (issue 12): seconds and peak memory."""
    users = demo.ensure_demo_users()
    owners = [users[Role.OWNER]]
    owners[0].first_name, owners[0].last_name = "Mette", "Hansen"
    owners[0].save()
    figures = run(users[Role.MANAGER], owners)
    targets = TARGETS
    memory = max(figures["preview_mb"], figures["commit_mb"])
    report.write(
        f"Import on {connection.vendor}: {figures['rows']} rows "
        f"({figures['file_kb']:.0f} KB .xlsx, {figures['errors']} errors, "
        f"{figures['stored']} stored)"
    )
    # Wall time on a shared machine includes waiting for the CPU; process time does not.
    for label, value, target, unit, cpu in (
        ("preview", figures["preview"], targets["preview"], "s", figures["preview_cpu"]),
        ("commit", figures["commit"], targets["commit"], "s", figures["commit_cpu"]),
        ("peak memory", memory, targets["memory_mb"], "MB", None),
    ):
        verdict = report.style.SUCCESS("ok") if value <= target else report.style.ERROR("over")
        if value > target:
            report.missed.append(f"import {label}")
        cpu_text = f", {cpu:.2f} s CPU" if cpu is not None else ""
        report.write(
            f"  {label:12} {value:8.2f} {unit}{cpu_text}  (target ≤ {target} {unit}) {verdict}"
        )
