"""The Danish translation is complete, compiled and used, and no template shows untranslated text.

The product is used by Danish manufacturers, so an English word left on a Danish page is a bug.
These tests catch the usual ways that happens: text added to a template or to Python without
marking it for translation, a new msgid left untranslated or fuzzy, a placeholder lost in
translation, and a .po file edited without running `compilemessages` (the .mo is committed, so a
machine without gettext serves exactly what is in the repository).
"""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
LOCALE_DIR = BASE_DIR / "locale" / "da" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"
TEMPLATES_DIR = BASE_DIR / "templates"

# Words allowed to appear outside {% translate %} in templates.
ALLOWED_TEMPLATE_WORDS = {
    # The language switcher names each language in that language on purpose, so a person who
    # cannot read the current language still finds their own.
    "Dansk",
    "English",
}

# Attributes whose values people read (or hear, through a screen reader).
READABLE_ATTRIBUTES = ("placeholder", "aria-label", "title", "alt")

PLACEHOLDER_RE = re.compile(
    r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdif]"  # %(name)s
    r"|%[sdif]"  # %s
    r"|\{\{\s*[\w.|:\"']+\s*\}\}"  # {{ var }}
    r"|\{\w*\}"  # {name} and {}
)
WORD_RE = re.compile(r"[^\W\d_]{2,}")
ATTRIBUTE_RE = re.compile(
    r"\s(" + "|".join(READABLE_ATTRIBUTES) + r")\s*=\s*([\"'])(.*?)\2", flags=re.S | re.I
)


def _po():
    return polib.pofile(str(PO_PATH))


def _live_entries(catalogue):
    return [entry for entry in catalogue if not entry.obsolete]


def _key(entry):
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def _translations(entry):
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def _placeholders(text):
    return sorted(PLACEHOLDER_RE.findall(text))


def test_the_danish_catalogue_exists_and_has_entries():
    assert PO_PATH.is_file(), "Run makemessages -l da"
    assert MO_PATH.is_file(), "Run compilemessages"
    assert len(_live_entries(_po())) > 100


def test_every_danish_entry_is_translated_and_not_fuzzy():
    untranslated, fuzzy = [], []
    for entry in _live_entries(_po()):
        if "fuzzy" in entry.flags:
            fuzzy.append(entry.msgid)
        if not all(text.strip() for text in _translations(entry)):
            untranslated.append(entry.msgid)
    assert not untranslated, f"Untranslated: {untranslated}"
    assert not fuzzy, f"Fuzzy (check the translation, then remove the flag): {fuzzy}"


def test_plural_entries_fill_both_danish_forms():
    catalogue = _po()
    assert "nplurals=2; plural=(n != 1);" in catalogue.metadata.get("Plural-Forms", "")
    for entry in _live_entries(catalogue):
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == [0, 1], entry.msgid


def test_the_committed_mo_matches_the_po():
    po = {_key(entry): _translations(entry) for entry in _live_entries(_po()) if entry.translated()}
    mo = {
        _key(entry): _translations(entry)
        for entry in polib.mofile(str(MO_PATH))
        if entry.msgid  # skip the metadata entry
    }
    assert mo == po, "The .mo is stale: run `manage.py compilemessages --ignore=.venv`"


def test_translations_keep_the_placeholders_of_their_msgid():
    broken = []
    for entry in _live_entries(_po()):
        sources = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        expected = [_placeholders(source) for source in sources]
        for index, text in enumerate(_translations(entry)):
            # Danish plural form 0 is the singular; form 1 follows the English plural.
            wanted = expected[min(index, len(expected) - 1)]
            if _placeholders(text) != wanted:
                broken.append((entry.msgid, text))
    assert not broken, f"Placeholders differ from the msgid: {broken}"


def _template_files():
    return sorted(path for path in TEMPLATES_DIR.rglob("*.html") if path.is_file())


def _without_translated_text(source):
    """The template with its comments and every {% translate %} / {% blocktranslate %} removed."""
    source = re.sub(r"\{#.*?#\}", " ", source, flags=re.S)
    source = re.sub(r"\{%\s*comment\b.*?%\}.*?\{%\s*endcomment\s*%\}", " ", source, flags=re.S)
    source = re.sub(r"<!--.*?-->", " ", source, flags=re.S)
    source = re.sub(
        r"\{%\s*blocktrans(?:late)?\b.*?%\}.*?\{%\s*endblocktrans(?:late)?\s*%\}",
        " ",
        source,
        flags=re.S,
    )
    return re.sub(r"\{%\s*trans(?:late)?\s.*?%\}", " ", source, flags=re.S)


def _without_template_code(source):
    source = re.sub(r"\{%.*?%\}", " ", source, flags=re.S)
    return re.sub(r"\{\{.*?\}\}", " ", source, flags=re.S)


def _visible_text(source):
    """What a person reads in a template that is not inside a translation tag."""
    source = _without_translated_text(source)
    source = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", source, flags=re.S | re.I)
    source = _without_template_code(source)
    source = re.sub(r"<[^>]*>", " ", source)
    return re.sub(r"&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);", " ", source)


@pytest.mark.parametrize("path", _template_files(), ids=lambda path: str(path.name))
def test_template_text_is_marked_for_translation(path):
    words = set(WORD_RE.findall(_visible_text(path.read_text(encoding="utf-8"))))
    unmarked = sorted(words - ALLOWED_TEMPLATE_WORDS)
    assert not unmarked, f"{path.relative_to(BASE_DIR)}: text outside {{% translate %}}: {unmarked}"


@pytest.mark.parametrize("path", _template_files(), ids=lambda path: str(path.name))
def test_readable_attributes_are_translated(path):
    source = _without_translated_text(path.read_text(encoding="utf-8"))
    literal = [
        f'{name}="{value}"'
        for name, _quote, value in ATTRIBUTE_RE.findall(source)
        if WORD_RE.search(_without_template_code(value))
    ]
    assert not literal, f"{path.relative_to(BASE_DIR)}: literal text in attributes: {literal}"


def test_the_template_check_catches_unmarked_text():
    """The check itself works: it flags plain text and literal attributes, and only those."""
    marked = (
        '{% load i18n %}<p title="{% translate \'Hi\' %}">{% translate "Sign in" %}</p>'
        "{% blocktranslate with n=1 %}{{ n }} plan{% endblocktranslate %}{# note #}"
        "<script>const a = 'x';</script>{{ user.name|default:'Anon' }}&nbsp;"
    )
    assert not WORD_RE.findall(_visible_text(marked))
    assert WORD_RE.findall(_visible_text("<p>{% translate 'A' %} Save</p>")) == ["Save"]
    literal = ATTRIBUTE_RE.findall('<input placeholder="Search" aria-label="{{ label }}">')
    flagged = [name for name, _q, value in literal if WORD_RE.search(_without_template_code(value))]
    assert flagged == ["placeholder"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected", "unexpected"),
    [("da", "Log ind", "Sign in"), ("en", "Sign in", "Log ind")],
)
def test_the_sign_in_page_follows_the_browser_language(client, language, expected, unexpected):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    assert expected in content
    assert unexpected not in content


# Counted phrases --------------------------------------------------------------------------------

COUNTED_RE = re.compile(
    r"%\((?:\w+)\)[-#0 +]*\d*d"  # an integer: %(count)d, %(offset)+d
    r"|%\((?:count|counter|n|num|total|days|weeks|months|hours|minutes)\)s"
    r"|\{(?:count|counter|n|num|total|days|weeks|months|hours|minutes)\}"
)
# Entries with a number that are no counted phrase, each with why it needs no plural form.
NOT_COUNTED = {
    # A unit after a number, as on a ruler: "3 d" reads right for any number in both languages.
    "%(days)s d": "unit abbreviation",
    # A range label: "Activities 1–25 of 80" / "Aktiviteter 1–25 af 80".
    "Activities %(first)s–%(last)s of %(total)s": "range label, no noun after the number",
    # A tally of labels and numbers: "new: 1, sent: 1" reads right for any number.
    "Reminders – new: %(created)d, sent: %(sent)d, failed (will retry): %(failed)d, nothing "
    "left to remind: %(skipped)d.": "label: number tally",
    # An ordinal ("4th" / "4."): which column, not how many.
    "%(count)sth": "ordinal",
}


def test_every_counted_phrase_has_plural_forms():
    """ "1 milepæle flyttet": a phrase with a count in it is translated with ngettext or
    {% blocktranslate count %}, so Danish and English get their singular."""
    missing = [
        entry.msgid
        for entry in _live_entries(_po())
        if not entry.msgid_plural
        and COUNTED_RE.search(entry.msgid)
        and entry.msgid not in NOT_COUNTED
    ]
    assert missing == []


def test_every_exception_to_the_plural_rule_is_still_in_the_catalogue():
    msgids = {entry.msgid for entry in _live_entries(_po())}
    assert set(NOT_COUNTED) <= msgids
