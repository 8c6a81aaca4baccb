"""Person-like names that the register does not know: candidates for new records.

Rules first, for every language: two to four capitalised words in a row
with a given name of the `names` lexicon or an initial among them, and a
word that is not one. For Russian and Ukrainian text the morphology of
pymorphy3 (with its own dictionaries) also finds a given name and a
surname that the lexicon lacks (its tags Name and Surn). Titles (Mr, пан)
and words at the start of a sentence that are no names are trimmed off.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from names.skeleton import word_skeleton

if TYPE_CHECKING:
    from link.core import Token

__all__ = ["TITLES", "unknown_names"]

# Words put before a name: Mr Babaryka, пан Пачобут, г-жа Колесникова.
TITLES = frozenset(
    "mr mrs ms miss dr sir pan pani panu pana panią spadar спадар спадарыня "
    "господин госпожа пан пани г-н г-жа".split()
)
_SURNAME_SHAPE = re.compile(
    r"(?:av|ev|in|ski|sk|ska|iC|enka|uk|ak|ik|ka|ina|ava|eva|ovi|ec)$"
)
_MAX_WORDS = 4
_MORPHOLOGY_LANGUAGES = ("ru", "uk")


def unknown_names(
    text: str,
    tokens: Sequence[Token],
    covered: set[int],
    name_word: Callable[[Token], str],
    language: str,
) -> list[tuple[int, int, str]]:
    """`(start, end, reason)` of each person-like name; words starting at an
    offset in `covered` belong to mentions already."""
    found = []
    for run in _runs(text, tokens, covered):
        kinds = [name_word(token) for token in run]
        run, kinds = _trim(text, run, kinds)
        if not 2 <= len(run) <= _MAX_WORDS:
            continue
        reason = _rule_reason(kinds)
        if not reason and language in _MORPHOLOGY_LANGUAGES:
            reason = _morphology_reason(run)
        if reason:
            found.append((run[0].start, run[-1].end, reason))
    return found


def _runs(
    text: str, tokens: Sequence[Token], covered: set[int]
) -> Iterator[list[Token]]:
    """Capitalised words in a row (only spaces between), outside mentions."""
    run: list[Token] = []
    for token in tokens:
        inside = token.start in covered
        joined = bool(run) and _joined(text, run[-1], token)
        if not token.capitalised or inside or _acronym(token) or not joined:
            if len(run) >= 2:
                yield run
            run = []
        if token.capitalised and not inside and not _acronym(token):
            run.append(token)
    if len(run) >= 2:
        yield run


def _joined(text: str, previous: Token, token: Token) -> bool:
    gap = text[previous.end : token.start]
    if previous.initial:
        gap = gap.replace(".", "", 1)
    return not gap.strip() and gap.count("\n") < 2


def _acronym(token: Token) -> bool:
    return token.text.isupper() and len(token.text) <= 4 and not token.initial


def _trim(
    text: str, run: list[Token], kinds: list[str]
) -> tuple[list[Token], list[str]]:
    """Drop titles, and first words of a sentence that are no name words."""
    while run and (
        run[0].text.lower() in TITLES
        or (not kinds[0] and _sentence_start(text, run[0]) and not _shaped(run[0]))
    ):
        run, kinds = run[1:], kinds[1:]
    while run and run[-1].text.lower() in TITLES:
        run, kinds = run[:-1], kinds[:-1]
    return run, kinds


def _sentence_start(text: str, token: Token) -> bool:
    before = text[max(0, token.start - 3) : token.start].strip()
    return token.start == 0 or not before or before[-1] in '.!?:;"«“—-–\n'


def _shaped(token: Token) -> bool:
    """Whether a word has a surname's usual ending (-оў, -ская, -ич, -enka)."""
    return _SURNAME_SHAPE.search(word_skeleton(token.text.lower())) is not None


def _rule_reason(kinds: list[str]) -> str:
    others = sum(1 for kind in kinds if not kind)
    if not others:
        return ""
    if "given" in kinds:
        return "a known given name with a capitalised word"
    if "initial" in kinds:
        return "initials with a capitalised word"
    return ""


def _morphology_reason(run: Sequence[Token]) -> str:
    analyzer = _analyzer()
    tags = [_tags(analyzer, token.text) for token in run]
    if any("Name" in t for t in tags) and any("Surn" in t for t in tags):
        return "a given name and a surname (pymorphy3 morphology)"
    return ""


def _tags(analyzer: Any, word: str) -> set[str]:
    parses = analyzer.parse(word)[:2]
    return {tag for parse in parses for tag in ("Name", "Surn") if tag in parse.tag}


@lru_cache(maxsize=1)
def _analyzer() -> Any:
    """pymorphy3's Russian analyser, loaded once (it takes about a second)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")
