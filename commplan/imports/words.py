"""The words people write in a plan's status, phase and cadence cells, Danish and English,
beyond the product's own labels (which `values.choice_lookup` reads in every language)."""

import re
from dataclasses import dataclass
from decimal import Decimal

from milestones.models import Phase

from ..models import Cadence, RowStatus
from .headings import key
from .values import DURATION, _quantity, _unit_hours

STATUS_WORDS = {
    RowStatus.PLANNED: ["planlagt", "planned", "ikke startet", "not started", "to do", "todo"],
    RowStatus.ACTIVE: [
        "i gang",
        "igang",
        "igangværende",
        "igangsat",
        "startet",
        "aktiv",
        "in progress",
        "ongoing",
        "started",
        "active",
    ],
    RowStatus.DONE: [
        "udført",
        "færdig",
        "afsluttet",
        "gennemført",
        "afholdt",
        "sendt",
        "ok",
        "done",
        "completed",
        "complete",
        "finished",
        "held",
        "sent",
    ],
    RowStatus.CANCELLED: ["aflyst", "annulleret", "droppet", "cancelled", "canceled", "dropped"],
}
# Postponed is not a status of its own: the activity is still planned, for a later date.
POSTPONED = ["udsat", "postponed", "on hold", "sat på pause", "afventer", "pending", "deferred"]

PHASE_WORDS = {
    Phase.RECOGNITION: ["erkendelse", "recognition", "forankring"],
    Phase.ANALYSIS: ["analyse", "diagnose", "analysis", "diagnosis"],
    Phase.DEFINITION: ["definering", "definition", "defining", "design", "procesdesign"],
    Phase.PILOT: ["pilot", "pilotfase", "test"],
    Phase.OPERATION: ["drift", "operation", "operations", "implementering", "go-live", "golive"],
}
PHASE_NUMBER = re.compile(r"^\s*(?:fase|phase|trin|step)?\s*([1-5])\s*(?:[.:\-–)]|\b|$)", re.I)


POSTPONED_KEYS = frozenset(key(word) for word in POSTPONED)
PHASE_KEYS = [(phase, [key(word) for word in words]) for phase, words in PHASE_WORDS.items()]


def status_words():
    """{name: status} for the words people write."""
    words = {name: status for status, names in STATUS_WORDS.items() for name in names}
    return words | dict.fromkeys(POSTPONED, RowStatus.PLANNED)


def is_postponed(text):
    return key(text) in POSTPONED_KEYS


def read_phase(text, lookup):
    """The phase `text` names: its number ("2", "Fase 2", "Phase 2 – Analysis"), its label in
    either language, or a short name ("Analyse", "Drift"); ValueError otherwise."""
    if match := PHASE_NUMBER.match(str(text)):
        return int(match[1])
    text_key = key(text)
    if text_key in lookup:
        return lookup[text_key]
    for phase, word_keys in PHASE_KEYS:
        if any(text_key.startswith(word_key) for word_key in word_keys):
            return phase
    raise ValueError(text)


@dataclass
class CadenceReading:
    cadence: str
    weeks: int | None = None
    hours: Decimal | None = None  # "1 time pr. måned": the time each occurrence takes


EVERY_N = re.compile(
    r"(?:hver|hvert|every|each)\s*(\d+)\s*\.?\s*(?P<unit>uger?|weeks?|dage?|days?)", re.I
)
ORDINAL_WEEKS = {
    "anden": 2,
    "andenhver": 2,
    "other": 2,
    "second": 2,
    "tredje": 3,
    "third": 3,
    "fjerde": 4,
    "fourth": 4,
}
ORDINAL_N = re.compile(
    r"(?:hver|hvert|every)\s+(anden|other|second|tredje|third|fjerde|fourth)\s+(?:uge|week)", re.I
)
PATTERNS = [
    (r"fortnightly|biweekly|bi-weekly|to gange om måneden|2 gange om måneden|twice a month", 2),
    (
        r"kvartalsvis|kvartalsvist|hvert kvartal|quarterly|every quarter|per kvartal|pr\.? kvartal",
        13,
    ),
    (r"halvårlig|halvårligt|hvert halve år|half-yearly|every six months|semi-annual", 26),
    (r"årlig|årligt|hvert år|yearly|annually|every year|once a year", 52),
    (
        r"ugentlig|ugentligt|hver uge|om ugen|pr\.? uge|per uge|weekly|every week|a week|per week",
        Cadence.WEEKLY,
    ),
    (
        r"månedlig|månedligt|hver måned|om måneden|pr\.? md\.?|pr\.? måned|per måned|monthly|"
        r"every month|a month|per month",
        Cadence.MONTHLY,
    ),
    (r"s&op[- ]?cyklus|s&op[- ]?cycle|s&op[- ]?møde|s&op meeting", Cadence.SOP_CYCLE),
    (r"én gang|en gang|engang|enkeltstående|once|one-off|one off|single", Cadence.ONCE),
]
# Shown when a cadence is not understood.
CADENCE_EXAMPLES = (
    "ugentlig, hver 14. dag, hver 3. uge, månedlig, 1 time pr. måned, kvartalsvis, én gang, "
    "weekly, every 2 weeks, monthly"
)


def _weeks(count):
    count = int(count)
    if count == 1:
        return CadenceReading(Cadence.WEEKLY)
    return CadenceReading(Cadence.EVERY_N_WEEKS, weeks=count)


def read_cadence(text, lookup, decimal_comma=None):
    """The cadence `text` names, with the hours it mentions; ValueError otherwise."""
    text = " ".join(str(text).split())
    if key(text) in lookup:
        return CadenceReading(lookup[key(text)])
    hours = None
    rest = text
    if not EVERY_N.search(text):
        for match in DURATION.finditer(text):
            hours = (hours or 0) + _quantity(match["qty"], decimal_comma) * _unit_hours(
                match["unit"]
            )
        rest = DURATION.sub(" ", text)
    reading = _cadence_words(rest.casefold())
    reading.hours = hours
    return reading


def _cadence_words(text):
    if match := EVERY_N.search(text):
        count = int(match[1])
        if match["unit"].startswith(("d", "D")):
            if count % 7:
                raise ValueError(text)
            count //= 7
        return _weeks(count)
    if match := ORDINAL_N.search(text):
        return _weeks(ORDINAL_WEEKS[match[1].casefold()])
    for pattern, result in PATTERNS:
        if re.search(rf"(?<!\w)(?:{pattern})(?!\w)", text):
            return _weeks(result) if isinstance(result, int) else CadenceReading(result)
    raise ValueError(text)
