"""One language per page: every page of the permission matrix, drawn in Danish, shows no English
phrase that the Danish catalogue translates.

A text is English when a whole text node (or a label a person reads: title, placeholder,
aria-label, alt) is an msgid with a different Danish msgstr, or when it contains such an msgid
of two words or more. One-word msgids are only compared with whole nodes: "Plan" or "Status"
inside a sentence is as often Danish as English.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from .commplan.test_permissions import PAGES
from .matrix import same_cookies, seeded_once
from .test_url_sweep import SITE_PAGES

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "da" / "LC_MESSAGES" / "django.po"
READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
HIDDEN_ELEMENTS = {"script", "style", "template", "noscript"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sdf]|\{\w*\}")

# Words the catalogue translates that are also everyday Danish text on their own, written the
# same way, so a whole node may rightly be one of them in a Danish page.
SAME_IN_DANISH = {
    "E-mail",  # a column heading; Danish writes "E-mail" too (msgstr "E-mail" with another context)
}


def english_phrases():
    """(whole-node msgids, phrases looked for inside nodes) with a Danish translation that
    differs from the English."""
    whole, phrases = set(), set()
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        pairs = [(entry.msgid, entry.msgstr)]
        if entry.msgid_plural:
            translated = list(entry.msgstr_plural.values())
            pairs = [(entry.msgid, translated[0]), (entry.msgid_plural, translated[-1])]
        for msgid, msgstr in pairs:
            if not msgstr or msgstr == msgid:
                continue
            for fragment in PLACEHOLDER.split(msgid):
                fragment = " ".join(fragment.split()).strip(" :.,;")
                fragment = fragment.removeprefix(")").removesuffix("(").strip()
                if not re.search(r"[A-Za-z]{2}", fragment) or fragment in SAME_IN_DANISH:
                    continue
                if fragment == " ".join(msgid.split()):
                    whole.add(fragment)
                if len(fragment.split()) >= 2:
                    phrases.add(fragment)
    return whole, phrases


class VisibleText(HTMLParser):
    """The Danish text nodes and read attributes of a page, whitespace-normalised. Text marked
    as another language (the switcher's "English", lang="en") is meant to be in it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self.hidden, self.foreign = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in HIDDEN_ELEMENTS:
            self.hidden.append(tag)
        if tag != "html" and attrs.get("lang", "da") != "da":
            self.foreign.append(tag)
        elif not self.foreign:
            self.texts += [attrs[name] or "" for name in READ_ATTRIBUTES if name in attrs]

    def handle_endtag(self, tag):
        for stack in (self.hidden, self.foreign):
            if stack and stack[-1] == tag:
                stack.pop()

    def handle_data(self, data):
        if not self.hidden and not self.foreign:
            self.texts.append(data)


def visible_texts(html):
    parser = VisibleText()
    parser.feed(html)
    return [text for text in (" ".join(t.split()) for t in parser.texts) if text]


def english_in(html, whole, phrases):
    found = []
    for text in visible_texts(html):
        bare = text.strip(" :.,;()…")
        if bare in whole:
            found.append(text)
            continue
        found += [
            f"{phrase!r} in {text!r}"
            for phrase in phrases
            if len(phrase) < len(text) and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)
        ]
    return found


def matrix_pages():
    """(key, persona) of every page of the matrix that someone sees with a GET."""
    cases = []
    for name, page in sorted(PAGES.items()):
        if page.scope != "public" and page.get == 200:
            personas = ["manager", "owner"] if page.scope == "read" else ["manager"]
            cases += [(name, persona) for persona in personas]
    for name, page in sorted(SITE_PAGES.items()):
        for persona in ("anonymous", "manager"):
            if page.get == 200 or (isinstance(page.get, dict) and page.get.get("*") == 200):
                if persona == "manager" or page.get == 200:
                    cases.append((name, persona))
    return cases


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with seeded_once(django_db_blocker) as seeded:
        yield seeded


@pytest.fixture(scope="module")
def catalogue():
    return english_phrases()


@pytest.mark.parametrize(("name", "persona"), matrix_pages())
def test_danish_page_has_no_english(db, seeded, catalogue, name, persona):
    world, clients = seeded
    client = clients[persona]
    page = PAGES.get(name)
    url = reverse(name, kwargs=page.kwargs(world)) if page else SITE_PAGES[name].url(world)
    with same_cookies(client):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
        response = client.get(url, headers={"accept-language": "da"})
    assert response.status_code == 200
    if not response["Content-Type"].startswith("text/html"):
        pytest.skip("not a page: a file to download")
    assert response["Content-Language"] == "da"
    assert english_in(response.content.decode(), *catalogue) == []


def test_the_check_finds_an_english_sort_label():
    """The check itself: an option left in English is found, its Danish translation is not."""
    whole, phrases = english_phrases()
    english = '<select><option value="-x">Next review (descending)</option></select>'
    assert english_in(english, whole, phrases) == ["'Next review' in 'Next review (descending)'"]
    assert english_in("<p>Næste opfølgning (faldende)</p>", whole, phrases) == []
