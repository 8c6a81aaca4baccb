"""Language-neutral phonetic keys ("skeletons") for names in any script.

A skeleton is computed per word in four steps:

1. Cyrillic is spelt out with one internal table (ч→ch, х→kh, я→ia); Latin
   input has its Polish/Łacinka (cz, sz, rz, ch = х, c = ц, w = в) or English
   (x = ks, c = k) conventions undone.
2. Consonant digraphs become single letters (zh→Z, sh→S, ch→C, kh→X); the
   Belarusian tsekanne/dzekanne is undone (ts→t, dz→d) and h is read as г (g).
3. Vowels are reduced to classes: a/o → a (akanne), e and iotated a/o
   (я, ё: yakanne) → e, i/y/ы/й → i, u/ю → u; a vowel followed by u/ў/w before
   a consonant becomes "av" (-оў/-ов/-aŭ/-ow).
   After the always-hard р, ш, ж, ч an e-class vowel counts as a
   (Шеремет = Шарамет, Золотарёв = Залатароў).
4. Doubled letters collapse (Наталля, Таццяна) and -skaya/-skaja/-skaia → -ska.

So Ціханоўскі, Тихановский, Tsikhanouski, Tikhanovsky and Cichanoŭski all give
"tiXanavski", and Бяляцкі, Беляцкий, Bialiatski and Byalyatsky give "beletki".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from names.normalize import fold_homoglyphs

__all__ = ["skeleton", "word_skeleton", "words"]

_CYRILLIC = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e",
    "ё": "io", "є": "ie", "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i",
    "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ў": "u", "ф": "f", "х": "kh",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "i", "ь": "",
    "э": "e", "ю": "iu", "я": "ia",
})  # fmt: skip
# ISO 9 / GOST 7.79 letters and soft-sign marks, read back to plain Latin.
_ISO = str.maketrans({
    "ë": "io", "â": "ia", "û": "iu", "ŝ": "shch", "è": "e", "ì": "i", "ǔ": "u",
    "ï": "i", "ĺ": "l", "ʹ": "", "ʺ": "", "”": "", "'": "", "ß": "ss",
})  # fmt: skip
_POLISH_SIGNAL = re.compile(
    "[ŭłćśźńčšžżęą]|cz|sz|rz(?=[aeiouy])|ow(?:i|a|$)|w(?=[aeiouy])"
)
_POLISH = (
    ("szcz", "shch"), ("šč", "shch"), ("ch", "kh"), ("cz", "ch"), ("č", "ch"),
    ("sz", "sh"), ("š", "sh"), ("rz", "zh"), ("ż", "zh"), ("ž", "zh"),
    ("ć", "ts"), ("ś", "s"), ("ź", "z"), ("ń", "n"), ("ł", "l"), ("ŭ", "u"),
    ("ę", "e"), ("ą", "o"), ("w", "v"),
)  # fmt: skip
_POLISH_C = re.compile(r"c(?!h)")
_ENGLISH = (("x", "ks"), ("ph", "f"), ("th", "t"), ("q", "k"), ("w", "v"))
_ENGLISH_C = re.compile(r"c+(?=[eiy])|c(?=k[iyae]$)|(?<=[ei])c$")
_ENGLISH_K = re.compile(r"c(?!h)")
_DIGRAPHS = (
    ("shch", "SC"), ("zh", "Z"), ("sh", "S"), ("ch", "C"), ("kh", "X"),
    ("tc", "t"), ("ts", "t"), ("tz", "t"), ("dz", "d"), ("gh", "g"), ("h", "g"),
    ("j", "i"), ("y", "i"),
)  # fmt: skip
_VOWEL_U = re.compile(r"([aeo])u(?=[^aeiou]|$)")
_FEMININE_SKA = re.compile(r"skaia$")
_VOWELS = re.compile(r"[aeiou]+")
# Belarusian р ш ж ч are hard: Ru ре/рё/ря, ше are ра/ро, ша (Шеремет = Шарамет).
_HARD_E = re.compile(r"(?<=[rSZC])e")
_REPEATS = re.compile(r"(.)\1+")
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_SEPARATOR = str.maketrans({c: "-" for c in "‐‑‒–—―−"} | {c: "'" for c in "’ʼ`´‘"})


def skeleton(s: str) -> str:
    """Return the phonetic key of a whole name: word skeletons joined by spaces.

    >>> skeleton("Сяргей Ціханоўскі") == skeleton("Sergey Tikhanovsky")
    True
    """
    return " ".join(word_skeleton(word) for word in words(s))


def words(s: str) -> list[str]:
    """Split a name into lowercase words, keeping hyphenated parts together."""
    text = unicodedata.normalize("NFC", s[:2000]).casefold().translate(_SEPARATOR)
    return [fold_homoglyphs(word.replace("ё", "е")) for word in _WORD.findall(text)]


@lru_cache(maxsize=200_000)
def word_skeleton(word: str) -> str:
    """Return the phonetic key of one word (hyphenated parts keyed separately)."""
    if "-" in word:
        return "-".join(word_skeleton(part) for part in word.split("-") if part)
    latin = _to_latin(word.casefold().replace("'", ""))
    for source, target in _DIGRAPHS:
        latin = latin.replace(source, target)
    # щ = шч = sch (English press, German): one sound for the key.
    latin = latin.replace("SC", "S").replace("sC", "S")
    latin = _FEMININE_SKA.sub("ska", _VOWEL_U.sub(r"\1v", latin))
    latin = _HARD_E.sub("a", _VOWELS.sub(_vowel_class, latin))
    return _REPEATS.sub(r"\1", latin)


def _to_latin(word: str) -> str:
    """Spell a word in plain Latin letters with х = kh and ч = ch."""
    if any("\u0400" <= c <= "\u052f" for c in word):
        return word.translate(_CYRILLIC).translate(_ISO)
    word = word.translate(_ISO)
    if _POLISH_SIGNAL.search(word):
        for source, target in _POLISH:
            word = word.replace(source, target)
        word = _POLISH_C.sub("ts", word)
    else:
        for source, target in _ENGLISH:
            word = word.replace(source, target)
        word = _ENGLISH_K.sub("k", _ENGLISH_C.sub("ts", word)).replace("kk", "k")
    return _strip_marks(word)


def _strip_marks(word: str) -> str:
    """Remove remaining combining marks (ó → o, g̀ → g)."""
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _vowel_class(match: re.Match[str]) -> str:
    """Reduce a run of vowels to its class (a, e, i, u) plus a trailing glide."""
    run = match.group()
    core = run.rstrip("i")
    if not core:
        return "i"
    last = core[-1]
    iotated = len(core) > 1 and core[-2] == "i"
    if last == "e" or (iotated and last in "ao"):
        vowel = "e"
    else:
        vowel = "a" if last in "ao" else last
    return vowel + ("i" if core != run else "")
