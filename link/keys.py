"""Word keys: one key for a name word in any script, romanisation and case form.

A word's key starts from its `names` skeleton (Бяляцкі, Беляцкий, Bialiatski
and Byalyatsky all give "beletki"), from which the final vowels are dropped
("beletk"). Nominative forms in the register get that one canonical key;
a word in a text gets several candidate keys, because a case ending may
also be stripped (Бяляцкага "beletkaga", Poczobutowi "paCabutavi",
Ивановым "ivanavim"), and the longest candidate that the register knows is
taken. Given names are keyed by their group in the `names` lexicon instead
(Andrzeja = Андрэй = Andrei), so any language's form of a given name meets
the register's.
"""

from __future__ import annotations

import re
from functools import lru_cache

from names import load_given_names
from names.normalize import fold_homoglyphs
from names.skeleton import word_skeleton

__all__ = [
    "canonical_key",
    "candidate_keys",
    "given_key",
    "initial_key",
    "is_patronymic",
    "strip_possessive",
]

# Case endings in skeleton space (after the vowel classes of `names.skeleton`):
# Russian and Belarusian adjectival -ого/-ага/-ому/-аму/-ым/-ім/-ами/-ах,
# Polish -ego/-emu/-em/-owi, noun -ом/-ем/-ам. Longest first.
_ENDINGS = ("amu", "emu", "aga", "ega", "ami", "emi", "avi", "am", "em", "im", "ax")
_FINAL_VOWELS = re.compile(r"[aeiu]+$")
_PATRONYMIC = re.compile(r"iC$|(?:av|ev|iC)n$")
_POSSESSIVE = re.compile(r"(?:['’ʼ]s|s['’ʼ])$", re.IGNORECASE)
_MIN_STEM = 2
# Apostrophes (Лук'яненка, BGN/PCGN Luk”yanyenka) and hyphens as one mark each.
APOSTROPHES = "'’‘ʼʻ`´ʹʺ”"
HYPHENS = "-‐‑"
_MARKS = str.maketrans(
    {**dict.fromkeys(APOSTROPHES, "'"), **dict.fromkeys(HYPHENS, "-")}
)


def strip_possessive(word: str) -> str:
    """Drop an English possessive: Pushkin's → Pushkin, Sapiehas' → Sapiehas."""
    stripped = _POSSESSIVE.sub("", word)
    return stripped if len(stripped) >= _MIN_STEM else word


@lru_cache(maxsize=500_000)
def canonical_key(word: str) -> str:
    """The key of a word as written in the register (nominative)."""
    word = word.translate(_MARKS)
    if "-" in word:
        return "-".join(canonical_key(part) for part in word.split("-") if part)
    return _drop_vowels(_skeleton(word))


def _skeleton(word: str) -> str:
    """The `names` skeleton, with Latin look-alikes inside Cyrillic folded
    (a Latin "a" or "i" typed into Калеснікава)."""
    word = word.casefold().replace("ё", "е").translate(_MARKS)
    return word_skeleton(fold_homoglyphs(word))


def _drop_vowels(skeleton: str) -> str:
    stem = _FINAL_VOWELS.sub("", skeleton)
    return stem if len(stem) >= _MIN_STEM else skeleton


@lru_cache(maxsize=500_000)
def candidate_keys(word: str) -> tuple[str, ...]:
    """Keys a word of a text may have, longest first (the nominative's first)."""
    word = word.translate(_MARKS)
    if "-" in word:
        parts = [candidate_keys(part) for part in word.split("-") if part]
        # Both halves of a double surname decline together (Ивановой-Петровой).
        depth = min(len(p) for p in parts)
        return tuple(dict.fromkeys("-".join(p[i] for p in parts) for i in range(depth)))
    skeleton = _skeleton(word)
    found = [_drop_vowels(skeleton)]
    for ending in _ENDINGS:
        if skeleton.endswith(ending) and len(skeleton) - len(ending) >= _MIN_STEM:
            found.append(_drop_vowels(skeleton[: -len(ending)]))
    found.sort(key=len, reverse=True)
    if skeleton != found[-1]:  # a case ending was there: maybe a fleeting vowel
        # Tried last: Рудзька is Рудзька before it is a form of Рудак.
        found += [stem for key in found for stem in _fleeting_vowel(key)]
    return tuple(dict.fromkeys(found))


def _fleeting_vowel(stem: str) -> list[str]:
    """-ец and -ок lose their vowel in other cases: Севярынца → Севярынец,
    Ашурка → Ашурок."""
    if len(stem) >= 4 and stem[-1] in "tk" and stem[-2] not in "aeiu":
        return [f"{stem[:-1]}{vowel}{stem[-1]}" for vowel in "ea"]
    return []


def is_patronymic(key: str) -> bool:
    """Whether a key has the shape of a patronymic (-авіч, -ич, -овна, -ична).

    Surnames have it too (Статкевіч): the caller decides by the context.
    """
    return len(key) >= 4 and _PATRONYMIC.search(key) is not None


def initial_key(letters: str) -> str:
    """The key of an initial: the first letter of its skeleton (А. = A. = a)."""
    skeleton = word_skeleton(letters.lower())
    return f"i:{skeleton[:1]}" if skeleton else ""


def given_key(key: str) -> str | None:
    """The given-name key of a word key, or None if no given name has it."""
    return _given_stems().get(key)


@lru_cache(maxsize=1)
def _given_stems() -> dict[str, str]:
    """Word key → given-name key, for every form in the `names` lexicon.

    Groups whose forms share a key (Ян and Яна, Aleksandr and Aleksandra)
    are joined into one given-name key, so that the key of a word never
    depends on which of them it is.
    """
    groups = load_given_names()
    parent = {group: group for group in groups}

    def root(group: str) -> str:
        while parent[group] != group:
            parent[group] = parent[parent[group]]
            group = parent[group]
        return group

    first: dict[str, str] = {}
    for group in groups.values():
        for word in _words(group.forms):
            other = first.setdefault(word, group.id)
            parent[root(other)] = root(group.id)
    # A short form joins nothing: Слава and Света would chain Станіслаў,
    # Святлана and Анастасія into one name. It counts only if all its
    # groups are one name already.
    short: dict[str, set[str]] = {}
    for group in groups.values():
        for word in _words(group.short_forms):
            if word not in first:
                short.setdefault(word, set()).add(root(group.id))
    keys = {key: f"g:{root(group)}" for key, group in first.items()}
    keys.update({key: f"g:{min(r)}" for key, r in short.items() if len(r) == 1})
    return keys


def _words(forms: tuple[str, ...]) -> set[str]:
    return {canonical_key(word) for form in forms for word in form.split()}
