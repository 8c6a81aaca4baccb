"""Script-aware normalisation of personal names.

`normalize` produces the comparison form of a name: casefolded, with unified
apostrophes and hyphens, Latin diacritics removed, Cyrillic letters kept as
they are (except Ё → Е), look-alike letters in mixed-script words folded into
the word's dominant script, punctuation dropped and whitespace collapsed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["normalize", "script_of", "fold_homoglyphs"]

APOSTROPHE = "'"
HYPHEN = "-"

# Every character editors and sources use for the Belarusian/Ukrainian
# apostrophe (Дар'я, Знам'янка) or for a soft-sign transcription.
_APOSTROPHES = "'’‘ʼʻ`´ʹʾʿ′＇"
# Hyphen-like characters, including the non-breaking hyphen and dashes that
# OCR and word processors put into double surnames.
_HYPHENS = "-‐‑‒–—―−﹘﹣－"

# Latin letters without a Unicode decomposition.
_LATIN_SPECIAL = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"}
)

# Latin ↔ Cyrillic look-alikes (lowercase, after casefold).
_LATIN_TO_CYRILLIC = str.maketrans("aceiopxyk", "асеіорхук")
_CYRILLIC_TO_LATIN = str.maketrans("асеіорхукѕјԁ", "aceiopxykSjd".lower())

_PUNCTUATION = re.compile(r"[^\w'\-]+|_+")
_EDGE_MARKS = re.compile(r"(?<![^\W_])['\-]+|['\-]+(?![^\W_])")
_MAX_LENGTH = 2000


def normalize(s: str) -> str:
    """Return the comparison form of a name; never raises.

    >>> normalize("  Ціханоўскі,  СЯРГЕЙ ")
    'ціханоўскі сяргей'
    >>> normalize("Łukašenka – Aleś")
    'lukasenka ales'
    """
    text = _canonical_characters(s[:_MAX_LENGTH])
    text = _PUNCTUATION.sub(" ", text)
    text = _EDGE_MARKS.sub(" ", text)
    return " ".join(fold_homoglyphs(word) for word in text.split())


def _canonical_characters(s: str) -> str:
    """Casefold, unify apostrophes/hyphens, strip Latin diacritics, fold Ё."""
    text = unicodedata.normalize("NFC", s).casefold()
    text = text.translate(_MARKS_TABLE)
    text = "".join(_strip_latin_marks(char) for char in text)
    return text.replace("ё", "е").translate(_LATIN_SPECIAL)


_MARKS_TABLE = str.maketrans(
    {**dict.fromkeys(_APOSTROPHES, APOSTROPHE), **dict.fromkeys(_HYPHENS, HYPHEN)}
)


def _strip_latin_marks(char: str) -> str:
    """Drop combining marks from a Latin letter (ś → s); keep й, ў, ї intact."""
    if char.isascii() or not char.isalpha() or script_of(char) != "latin":
        return char
    base = unicodedata.normalize("NFD", char)
    return "".join(c for c in base if not unicodedata.combining(c))


def script_of(char: str) -> str:
    """Return "latin", "cyrillic" or "other" for one character."""
    if "a" <= char <= "z" or "A" <= char <= "Z":
        return "latin"
    if "\u0400" <= char <= "\u052f":
        return "cyrillic"
    if "\u00c0" <= char <= "\u024f" or "\u1e00" <= char <= "\u1eff":
        return "latin"
    return "other"


@lru_cache(maxsize=200_000)
def fold_homoglyphs(word: str) -> str:
    """Replace look-alike letters with the word's dominant script.

    >>> fold_homoglyphs("кaлеснiкава")  # Latin a and i inside Cyrillic
    'калеснікава'
    """
    latin = sum(1 for c in word if script_of(c) == "latin")
    cyrillic = sum(1 for c in word if script_of(c) == "cyrillic")
    if latin and cyrillic and cyrillic > latin:
        return word.translate(_LATIN_TO_CYRILLIC)
    if latin and cyrillic and latin > cyrillic:
        return word.translate(_CYRILLIC_TO_LATIN)
    return word
