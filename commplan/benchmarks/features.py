"""The benchmarks of the S&OP decisions (issue 15) and pulse feedback (issue 19 §4); each
feature keeps its own measurement in its package, these run them in the command's database."""

from django.db import connection

from commplan import demo
from commplan.feedback import benchmark as feedback_benchmark
from commplan.meetings import benchmark as decisions_benchmark
from commplan.models import Role

from .report import analyze
from .timing import time_request

FEEDBACK_ANSWERS = 1_000_000  # pulse answers in one plan (issue 19 §4)


def decisions(report, runs):
    """Drafting and saving the activities of a decision affecting 20 groups (issue 15)."""
    users = demo.ensure_demo_users()
    figures = decisions_benchmark.run(users[Role.MANAGER], users[Role.OWNER], runs)
    report.write(
        f"Decision drafting on {connection.vendor}: {decisions_benchmark.GROUPS} groups, "
        f"{figures['queries']} queries, {figures['cpu_ms']:.1f} ms CPU (median of {runs})"
    )
    report.target("draft and save", figures["wall_ms"], decisions_benchmark.TARGET_MS, " ms")


def feedback(report, answers, runs):
    """Pulse feedback (issue 19 §4): commplan/feedback/benchmark.py."""
    users = demo.ensure_demo_users()
    plan, _created = demo.create_generated_plan(36, users=users, name="bench feedback")
    feedback_benchmark.run(report, plan, users, answers, runs, time_request, analyze)
