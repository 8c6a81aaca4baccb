"""Every spelling of a name worth indexing or searching for."""

from __future__ import annotations

from names.normalize import normalize
from names.skeleton import skeleton
from names.translit import SCHEMES, to_cyrillic, transliterate

__all__ = ["variants"]


def variants(s: str) -> set[str]:
    """Return the name in every scheme plus its skeleton (normalised forms).

    Cyrillic input is romanised with each scheme; Latin input is first turned
    into its likely Cyrillic spellings, which are then romanised.

    >>> {"ales bialiatski", "alies bialiacki"} <= variants("Алесь Бяляцкі")
    True
    """
    if not normalize(s):
        return set()
    sources = [s]
    if not any("\u0400" <= c <= "\u052f" for c in s):
        sources += to_cyrillic(s)
    found = {normalize(source) for source in sources}
    for source in sources:
        found.update(normalize(transliterate(source, scheme)) for scheme in SCHEMES)
    found.add(skeleton(s))
    found.discard("")
    return found
