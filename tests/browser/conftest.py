"""Playwright browser tests against pytest-django's live server, in Debian's headless Chromium.

Every test in this folder is marked `browser`, so `pytest -m "not browser"` leaves them out.
Chromium comes from the system (/usr/bin/chromium); `playwright install` is never needed. When it
is missing the tests are skipped, unless REQUIRE_SERVICES=1, where a missing browser is an error.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test's thread; the test still reads and writes
# the database through the ORM, which Django refuses inside a running loop unless told it is safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Mark every test collected from this folder as a browser test."""
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.access(CHROMIUM, os.X_OK):
        message = f"Chromium not found at {CHROMIUM}: install Debian's `chromium` package."
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"REQUIRE_SERVICES=1 but the browser tests cannot run. {message}")
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def live_db(transactional_db):
    """The database for live-server tests: committed data, readable from the server's thread.

    Request it before any fixture that creates data.
    """


def sign_in(page, live_server, username):
    """Sign in through the login form; the password equals the username in these tests."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(username)
    page.locator("button[type=submit]").click()
