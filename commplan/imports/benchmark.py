"""`manage.py bench --only import`: a 5,000-row .xlsx as a Danish company would write it,
previewed and committed, with the time each takes and the memory they need (issue 12).

Figures, not tests. Runs inside the bench command's throwaway database.
"""

import datetime
import io
import time
import tracemalloc

import openpyxl

from ..models import CommunicationPlan, Membership, Role
from . import build_preview, commit, read_table
from .reading import MAX_ROWS

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
