"""The W3C HTML validator (vnu) finds no error on any page state of the accessibility set
(tests/browser/test_accessibility.py), in English and in Danish.

Each page is validated as the browser holds it after its `act` (an open in-place edit, a form
with its errors), so what htmx swapped in is checked too. vnu.jar comes from the npm package
`vnu-jar` (package.json, installed by .ci/run with `npm ci`) and runs on the machine's Java.
Without them the test is skipped, unless REQUIRE_SERVICES=1, where that is an error.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from .test_accessibility import demo_world, visit_every_page  # noqa: F401 (a fixture)

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="session")
def vnu():
    """The command that runs vnu, or a skip (a failure under REQUIRE_SERVICES=1)."""
    java = shutil.which("java")
    if java and VNU.is_file():
        return [java, "-Xss8m", "-jar", str(VNU), "--errors-only", "--format", "json"]
    message = f"vnu needs Java and {VNU.relative_to(settings.BASE_DIR)}: run `npm ci`."
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"REQUIRE_SERVICES=1 but the HTML cannot be validated. {message}")
    pytest.skip(message)


def validate(vnu, files):
    """vnu's errors for `files`, as {file name: [message, ...]}."""
    result = subprocess.run(  # noqa: S603 (our own command line)
        [*vnu, *map(str, files)], capture_output=True, text=True, timeout=300, check=False
    )
    errors = {}
    for message in json.loads(result.stderr or '{"messages": []}')["messages"]:
        name = Path(message.get("url", "")).name
        where = f"line {message.get('lastLine', '?')}"
        extract = message.get("extract", "").strip()[:160]
        errors.setdefault(name, []).append(f"{where}: {message['message']}\n      {extract}")
    return errors


@pytest.mark.parametrize("language", ["en", "da"])
def test_every_page_is_valid_html(browser, live_server, demo_world, language, vnu, tmp_path):  # noqa: F811
    files, urls = [], {}
    for spec, url, page in visit_every_page(browser, live_server, demo_world, language):
        file = tmp_path / (re.sub(r"\W+", "-", spec.name).strip("-") + ".html")
        file.write_text(page.content(), encoding="utf-8")
        files.append(file)
        urls[file.name] = f"{spec.name} ({url})"
    errors = validate(vnu, files)
    report = [
        f"{urls.get(name, name)}:\n" + "\n".join(f"  - {m}" for m in messages)
        for name, messages in errors.items()
    ]
    assert not report, f"vnu found {sum(map(len, errors.values()))} errors:\n" + "\n".join(report)


def test_vnu_finds_an_error(vnu, tmp_path):
    """The check itself: an hx- attribute on a button is an error to vnu, data-hx- is not."""
    page = '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>{}</body></html>'
    bad, good = tmp_path / "bad.html", tmp_path / "good.html"
    bad.write_text(page.format('<button hx-get="/x">Edit</button>'))
    good.write_text(page.format('<button data-hx-get="/x">Edit</button>'))
    errors = validate(vnu, [bad, good])
    assert list(errors) == ["bad.html"]
    assert "hx-get" in errors["bad.html"][0]
