"""What every benchmark prints through: its lines, its timings tables and its targets, with the
targets missed remembered for `manage.py bench --check`."""

from django.db import connection


class Report:
    """The command's output and style, and the labels of the targets missed so far."""

    def __init__(self, stdout, style):
        self.stdout = stdout
        self.style = style
        self.missed = []

    def write(self, text):
        self.stdout.write(text)

    def target(self, label, value, limit, unit=""):
        """Print `label`: `value` against its upper `limit`, and remember a miss for --check."""
        met = value <= limit
        if not met:
            self.missed.append(label)
        self.write(
            f"  {label}: {value:.2f}{unit} (target ≤ {limit}{unit}: {'yes' if met else 'NO'})"
        )

    def timings(self, lines):
        """A table of (label, Timing) lines."""
        self.write(
            f"  {'':<34} {'status':>6} {'queries':>7} {'cpu ms':>8} {'median ms':>9} "
            f"{'p90 ms':>8} {'KB':>7}"
        )
        for label, timing in lines:
            self.write(
                f"  {label:<34} {timing.status:>6} {timing.queries:>7} {timing.cpu_ms:>8.1f} "
                f"{timing.wall_ms:>9.1f} {timing.p90_ms:>8.1f} {timing.size / 1024:>7.0f}"
            )


def analyze():
    """Planner statistics for freshly filled tables (autovacuum would gather them only later)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
