"""The emails an owner, a manager and an executive read on a phone (issue 13, item 7): the
reminder digest, the escalation digest and the weekly summary, in English and Danish, at 360 px:
one column, no sideways scroll, text of 14 px or more, nothing cut off."""

from pathlib import Path

import pytest

from ..commplan.test_danish_emails import every_email

pytestmark = pytest.mark.browser

EMAILS = ["reminder_digest", "escalation_digest", "executive_summary"]

# What does not fit (tests/browser/fit_problems.js), then what is too small or side by side.
FIT = (Path(__file__).resolve().parent / "fit_problems.js").read_text()
READABLE = (Path(__file__).resolve().parent / "readable_problems.js").read_text()


@pytest.mark.parametrize("language", ["en", "da"])
def test_the_emails_read_on_a_phone(browser, db, settings, language, output_path):
    mail = every_email(settings, language)
    page = browser.new_page(viewport={"width": 360, "height": 740})
    failures = []
    for kind in EMAILS:
        [(html, _mimetype)] = mail[kind].alternatives
        page.set_content(html)
        page.screenshot(path=f"{output_path}/{kind}-{language}-360.png", full_page=True)
        failures += [f"{kind}: {p}" for p in page.evaluate(FIT) + page.evaluate(READABLE)]
    page.close()
    assert not failures, "\n".join(failures)
