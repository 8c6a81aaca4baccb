"""What a text says around a name: dates and event words, and its language.

Event words are word beginnings in English, Belarusian, Russian, Ukrainian
and Polish, so that one entry covers the forms of a verb or noun
(задержан, задержана, задержание). Dates are read in the usual written
forms: 2021-05-12, 12.05.2021, 12 May 2021, May 12, 2021, 12 мая 2021,
12 траўня 2021, 12 maja 2021, or a month and year alone.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["EVENTS", "Hint", "HintFinder", "detect_language", "sentence_bounds"]

# event → language → word beginnings (lowercase).
EVENTS: dict[str, dict[str, tuple[str, ...]]] = {
    "detained": {
        "en": ("detain", "arrest", "apprehend", "taken into custody"),
        "be": ("затрыма", "арышт"),
        "ru": ("задерж", "арест", "взят под страж", "взята под страж"),
        "uk": ("затрима", "заарешт", "арешт"),
        "pl": ("zatrzyma", "aresztowa", "areszt"),
    },
    "sentenced": {
        "en": ("sentenc", "convict", "verdict", "found guilty", "jailed"),
        "be": ("асудж", "асудзі", "прысуд", "прысудзі"),
        "ru": ("осужд", "осуди", "приговор"),
        "uk": ("засудж", "засуди", "вирок"),
        "pl": ("skaza", "wyrok"),
    },
    "transferred": {
        "en": ("transfer", "moved to", "taken to"),
        "be": ("перавял", "перавод", "перавед", "перавез", "этап"),
        "ru": ("переве", "перевод", "этап"),
        "uk": ("переведен", "перевел", "перевез", "етап"),
        "pl": ("przeniesion", "przeniesiono", "przewiezion", "przetransport"),
    },
    "released": {
        "en": ("releas", "freed", "set free", "pardon"),
        "be": ("вызвал", "выйшаў на волю", "выйшла на волю", "памілава"),
        "ru": ("освобо", "вышел на свобод", "вышла на свобод", "помилова"),
        "uk": ("звільн", "помилува"),
        "pl": ("uwolni", "zwolni", "wyszedł na wolność", "wyszła na wolność"),
    },
    "died": {
        "en": ("died", "death", "dead", "passed away", "killed"),
        "be": ("памёр", "памер", "смерць", "смерці", "загін"),
        "ru": ("умер", "скончал", "смерт", "погиб", "гибел"),
        "uk": ("помер", "смерть", "смерті", "загин"),
        "pl": ("zmarł", "śmier", "zginął", "zginęła", "nie żyje"),
    },
}

_MONTHS = {
    "en": "january february march april may june july august september october "
    "november december",
    "ru": "январ феврал март апрел ма июн июл август сентябр октябр ноябр декабр",
    "be": "студз лют сакав красав трав чэрв ліп жні верас кастрыч лістапад снеж",
    "uk": "січ лют берез квіт трав черв лип серп верес жовт листопад груд",
    "pl": "stycz lut marz kwie maj czerw lip sierp wrze październik listopad grud",
}
_MONTH_WORD = r"[^\W\d_]{2,12}\.?"
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DOTTED_DATE = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_WORD})\s+(\d{{4}})\b")
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH_WORD})\s+(\d{{1,2}}),?\s+(\d{{4}})\b")
_MONTH_YEAR = re.compile(rf"\b({_MONTH_WORD})\s+(\d{{4}})\b")
_SENTENCE_END = re.compile(r"[.!?…]+[\s\"»”)]+(?=[^\W\d_]*[A-ZА-ЯІЎЁЄЇҐ\d«\"])|\n\s*\n")
_WINDOW = 300  # characters each side when the sentence is longer

_BELARUSIAN = re.compile(r"[іўІЎ]")
_UKRAINIAN = re.compile(r"[їєґЇЄҐ]")
_RUSSIAN = re.compile(r"[ыэъЫЭЪ]|[и]")
_POLISH = re.compile(r"[ąęłńśźżĄĘŁŃŚŹŻ]|\b(?:się|oraz|został|jest|nie)\b")


@dataclass(frozen=True)
class Hint:
    """A date or an event word near a mention."""

    kind: str  # "date" or "event"
    value: str  # ISO date (YYYY, YYYY-MM or YYYY-MM-DD) or the event
    text: str
    start: int
    end: int


def detect_language(text: str) -> str:
    """Guess "be", "uk", "ru", "pl" or "en" from the letters a text uses."""
    sample = text[:20_000]
    cyrillic = sum(1 for c in sample if "\u0400" <= c <= "\u04ff")
    latin = sum(1 for c in sample if c.isascii() and c.isalpha())
    if cyrillic > latin:
        be = len(_BELARUSIAN.findall(sample))
        uk = len(_UKRAINIAN.findall(sample))
        ru = len(_RUSSIAN.findall(sample))
        if uk > be and uk * 20 > ru:
            return "uk"
        return "be" if be * 8 > ru else "ru"
    return "pl" if len(_POLISH.findall(sample)) >= 2 else "en"


def sentence_bounds(text: str) -> list[int]:
    """Offsets where sentences begin (the first is 0)."""
    return [0, *(match.end() for match in _SENTENCE_END.finditer(text))]


class HintFinder:
    """Dates and event words per sentence of one text, each sentence read once."""

    text: str

    def __init__(self, text: str, language: str) -> None:
        self.text = text
        self.bounds = sentence_bounds(text)
        self.events = _event_pattern(language)
        self.language = language
        self._found: dict[int, list[Hint]] = {}

    def near(self, start: int, end: int) -> tuple[Hint, ...]:
        """The hints in the sentence of `start`-`end`, at most 300 characters off."""
        index = bisect.bisect_right(self.bounds, start) - 1
        hints = self._found.get(index)
        if hints is None:
            low = self.bounds[index]
            following = index + 1 < len(self.bounds)
            high = self.bounds[index + 1] if following else len(self.text)
            hints = self._found[index] = self._sentence(low, high)
        low, high = start - _WINDOW, end + _WINDOW
        return tuple(h for h in hints if h.end > low and h.start < high)

    def _sentence(self, low: int, high: int) -> list[Hint]:
        sentence = self.text[low:high]
        found = [*self._events(sentence, low), *_dates(sentence, low, self.language)]
        return sorted(found, key=lambda hint: (hint.start, hint.kind))

    def _events(self, sentence: str, offset: int) -> list[Hint]:
        found = []
        for match in self.events.finditer(sentence.lower()):
            event = match.lastgroup or ""
            found.append(
                Hint(
                    "event",
                    event,
                    sentence[match.start() : match.end()],
                    offset + match.start(),
                    offset + match.end(),
                )
            )
        return found


@lru_cache(maxsize=8)
def _event_pattern(language: str) -> re.Pattern[str]:
    """One regular expression for every event word (a named group per event)."""
    groups = []
    for event, languages in EVENTS.items():
        stems = sorted(_stems(languages, language), key=len, reverse=True)
        alternatives = "|".join(re.escape(stem) for stem in stems)
        groups.append(f"(?P<{event}>{alternatives})")
    return re.compile(rf"(?<!\w)(?:{'|'.join(groups)})\w*")


def _stems(languages: dict[str, tuple[str, ...]], language: str) -> tuple[str, ...]:
    """The stems of every language, the text's own first: statements quote
    news in other languages, and the stems of two languages rarely clash."""
    first = languages.get(language, ())
    return first + tuple(s for stems in languages.values() for s in stems)


def _dates(sentence: str, offset: int, language: str) -> list[Hint]:
    found: list[Hint] = []
    taken: list[range] = []

    def add(match: re.Match[str], value: str | None) -> None:
        span = range(match.start(), match.end())
        overlaps = any(span.start < t.stop and t.start < span.stop for t in taken)
        if value and not overlaps:
            taken.append(span)
            found.append(
                Hint(
                    "date",
                    value,
                    match.group(),
                    offset + match.start(),
                    offset + match.end(),
                )
            )

    for match in _ISO_DATE.finditer(sentence):
        add(match, _iso(match.group(1), match.group(2), match.group(3)))
    for match in _DOTTED_DATE.finditer(sentence):
        add(match, _iso(match.group(3), match.group(2), match.group(1)))
    for match in _DAY_MONTH_YEAR.finditer(sentence):
        month = _month(match.group(2), language)
        add(match, _iso(match.group(3), month, match.group(1)) if month else None)
    for match in _MONTH_DAY_YEAR.finditer(sentence):
        month = _month(match.group(1), language)
        add(match, _iso(match.group(3), month, match.group(2)) if month else None)
    for match in _MONTH_YEAR.finditer(sentence):
        month = _month(match.group(1), language)
        add(match, _iso(match.group(2), month, None) if month else None)
    return found


@lru_cache(maxsize=20_000)
def _month(word: str, language: str) -> str | None:
    """The month number of a month name in any listed language (or None)."""
    word = word.lower().rstrip(".")
    order = [language, *(code for code in _MONTHS if code != language)]
    for code in order:
        for number, stem in enumerate(_MONTHS.get(code, "").split(), start=1):
            short = len(word) >= 3 and stem.startswith(word)
            if word.startswith(stem) and (len(stem) > 2 or word in ("мая", "май")):
                return f"{number:02d}"
            if short and code == "en":
                return f"{number:02d}"
    return None


def _iso(year: str, month: str | None, day: str | None) -> str | None:
    """`YYYY-MM-DD` (or `YYYY-MM`) if the numbers make a date, else None."""
    from datetime import date

    try:
        if day is None:
            date(int(year), int(month or 0), 1)
            return f"{year}-{int(month or 0):02d}"
        date(int(year), int(month or 0), int(day))
    except ValueError:
        return None
    return f"{year}-{int(month or 0):02d}-{int(day):02d}"
