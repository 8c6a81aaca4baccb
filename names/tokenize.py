"""Split a full name into classified tokens: given name, surname, initial,
patronymic.

Classification uses the given-name lexicon, not word order, because sources
disagree on order: "Ales Bialiatski", "Бяляцкі Алесь", "Тихановский Сергей
Леонидович". A patronymic is only recognised right after a given name, so
surnames such as Statkevich or Stefanovich are never mistaken for one.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from functools import lru_cache

from names.given import closest_given_name_groups, given_name_groups
from names.normalize import normalize
from names.skeleton import word_skeleton, words

__all__ = ["Role", "Token", "ParsedName", "parse_name"]

MAX_TOKENS = 6
MAX_TOKEN_LENGTH = 60
_PATRONYMIC = re.compile(r"(?:(?:av|ev|i)(?:iC|na)|iCna)$")
_SURNAME_SHAPE = re.compile(r"(?:av|ev|ava|eva|ski|ska|iC|enka|uk|ovi)$")
_ASCII_INITIALS = frozenset(
    {"dz", "zh", "sh", "ch", "kh", "ts", "ya", "yu", "ye", "yo"}
)


class Role(enum.Enum):
    """What a token is within a full name."""

    GIVEN = "given name"
    SURNAME = "surname"
    INITIAL = "initial"
    PATRONYMIC = "patronymic"


@dataclass(frozen=True)
class Token:
    """One word of a name with its keys."""

    text: str  # lowercase word as written (diacritics kept)
    normalized: str
    skeleton: str
    role: Role
    groups: tuple[str, ...]  # given-name groups; a typo match counts too
    typo: bool = False  # groups found one edit away

    @property
    def is_cyrillic(self) -> bool:
        """True when the token is written in Cyrillic."""
        return any("\u0400" <= c <= "\u052f" for c in self.text)


@dataclass(frozen=True)
class ParsedName:
    """A name split into content tokens (in order) and patronymics."""

    tokens: tuple[Token, ...]
    patronymics: tuple[Token, ...]

    @property
    def surnames(self) -> tuple[Token, ...]:
        """Tokens that are not given names or initials."""
        return tuple(t for t in self.tokens if t.role is Role.SURNAME)


@lru_cache(maxsize=100_000)
def parse_name(s: str) -> ParsedName:
    """Split a full name into classified tokens; never raises.

    >>> [t.role.value for t in parse_name("Тихановский Сергей Леонидович").tokens]
    ['surname', 'given name']
    """
    raw = [w[:MAX_TOKEN_LENGTH] for w in words(s)[:MAX_TOKENS]]
    tokens = [_token(word) for word in raw if word.strip("-'")]
    tokens = _mark_patronymics(tokens)
    content = [t for t in tokens if t.role is not Role.PATRONYMIC]
    if not any(t.role is Role.GIVEN for t in content):
        content = _find_typo_given_name(content)
    return ParsedName(
        tokens=tuple(content),
        patronymics=tuple(t for t in tokens if t.role is Role.PATRONYMIC),
    )


@lru_cache(maxsize=200_000)
def _token(word: str) -> Token:
    """Classify one word by the lexicon alone."""
    normalized = normalize(word)
    skeleton = word_skeleton(word)
    if _is_initial(normalized):
        return Token(word, normalized, skeleton, Role.INITIAL, ())
    # Surname-shaped words (Andreeu, Kalesnikava) only match listed spellings:
    # the skeleton of Andreeu equals that of Andrew.
    groups = given_name_groups(word, exact=_SURNAME_SHAPE.search(skeleton) is not None)
    role = Role.GIVEN if groups else Role.SURNAME
    return Token(word, normalized, skeleton, role, groups)


def _is_initial(normalized: str) -> bool:
    """One letter, or a two-letter digraph initial such as Дз. or Zh."""
    letters = normalized.replace("-", "").replace("'", "")
    if len(letters) <= 1:
        return True
    return len(letters) == 2 and (letters in _ASCII_INITIALS or letters == "дз")


def _mark_patronymics(tokens: list[Token]) -> list[Token]:
    """Re-tag a patronymic-shaped word that follows a given name (3+ words)."""
    if len(tokens) < 3:
        return tokens
    marked = list(tokens)
    for i in range(1, len(marked)):
        previous, current = marked[i - 1], marked[i]
        shaped = _PATRONYMIC.search(current.skeleton) is not None
        if previous.role is Role.GIVEN and shaped and len(current.skeleton) > 5:
            marked[i] = Token(
                current.text, current.normalized, current.skeleton, Role.PATRONYMIC, ()
            )
    return marked


def _find_typo_given_name(tokens: list[Token]) -> list[Token]:
    """With no known given name, accept one word one edit from a listed name."""
    if len(tokens) < 2:
        return tokens
    for i, token in enumerate(tokens):
        # Surname-shaped words are not typos of given names: Zakharov is not
        # one edit from Zachariasz.
        surname_shaped = _SURNAME_SHAPE.search(token.skeleton) is not None
        groups = (
            closest_given_name_groups(token.text)
            if token.role is Role.SURNAME and not surname_shaped
            else ()
        )
        if groups:
            fixed = Token(
                token.text, token.normalized, token.skeleton, Role.GIVEN, groups, True
            )
            return tokens[:i] + [fixed] + tokens[i + 1 :]
    return tokens
