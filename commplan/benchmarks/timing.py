"""Timing helpers for `manage.py bench` (issue 16): pages timed in server CPU time and wall time,
and the floor a page is measured against, taken in the same run on the same rows."""

import statistics
import time
from html import escape
from typing import NamedTuple

from django.db import connection
from django.test.utils import CaptureQueriesContext

WARM_UP_RUNS = 2


class Timing(NamedTuple):
    """Medians of the timed runs (CPU time of this process, and wall time), with the status,
    queries and size of one response."""

    status: int
    queries: int
    cpu_ms: float
    wall_ms: float
    p90_ms: float
    size: int


def _summary(status, queries, size, cpu, wall):
    p90 = statistics.quantiles(wall, n=10, method="inclusive")[-1]
    return Timing(status, queries, statistics.median(cpu), statistics.median(wall), p90, size)


def time_request(client, url, runs, data=None):
    """Warm up, count the queries of one request, then time `runs` more. A GET, or a POST of
    `data()` (called before each request, outside the timing, so a form can carry the current
    version of what it saves)."""

    def send(payload=None):
        if data is None:
            return client.get(url)
        return client.post(url, payload)

    for _ in range(WARM_UP_RUNS):
        send(data() if data is not None else None)
    payload = data() if data is not None else None
    # Only the request's own queries: `data()` reads the database too.
    with CaptureQueriesContext(connection) as captured:
        response = send(payload)
    # Count now: the next request's request_started signal empties the query log.
    queries, size = len(captured), len(response.content)
    cpu, wall = [], []
    for _ in range(runs):
        payload = data() if data is not None else None
        started, started_cpu = time.perf_counter(), time.process_time()
        if payload is None:
            client.get(url)
        else:
            client.post(url, payload)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return _summary(response.status_code, queries, size, cpu, wall)


def time_side_by_side(pages, runs):
    """Like `time_request` for several (client, url) GETs whose runs take turns, so that each
    sees the same load on a shared machine."""
    first = []
    for client, url in pages:
        for _ in range(WARM_UP_RUNS):
            client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        first.append((response.status_code, len(captured), len(response.content), [], []))
    for _ in range(runs):
        for (client, url), (_status, _queries, _size, cpu, wall) in zip(pages, first, strict=True):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
    return [_summary(*result) for result in first]


def floor_html(sql, params):
    """The least any page showing these rows must do: run the table's SELECT (with its joins) and
    write each value escaped into a cell."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return "".join(
        "<tr>" + "".join(f"<td>{escape(str(value))}</td>" for value in row) + "</tr>"
        for row in rows
    )


def time_floor(queryset, runs):
    """The floor for the rows of `queryset`, timed like a page (CPU and wall medians)."""
    sql, params = queryset.query.sql_with_params()
    for _ in range(WARM_UP_RUNS):
        floor_html(sql, params)
    cpu, wall = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        html = floor_html(sql, params)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return _summary(200, 1, len(html), cpu, wall)
