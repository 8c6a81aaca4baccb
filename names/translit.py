"""Cyrillic → Latin romanisation systems for Belarusian, Russian and Ukrainian.

The tables are owned here because the PyPI packages mishandle Belarusian
(і and ў left untouched, г→g where passports use h, Cyrillic letters leaking
into output). Each scheme is a table of letters plus the few context rules the
standard needs: iotated vowels (е ё ю я) spelt differently word-initially or
after a vowel, the soft sign written as an acute accent, word-final endings
(-ый → -y in Belarusian passports, -ий → -y in English press usage) and
letter clusters (кс → x, зг → zgh).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["SCHEMES", "transliterate", "to_cyrillic"]

VOWELS = frozenset("аеёиоуыэюяіїє")
SIGNS = frozenset("ьъ'")
ACUTE = "\u0301"


@dataclass(frozen=True)
class Scheme:
    """One romanisation system: letters plus context rules."""

    letters: Mapping[str, str]
    # Iotated letters: (form after a consonant, form in `other_contexts`).
    iotated: Mapping[str, tuple[str, str]]
    other_contexts: frozenset[str] = frozenset({"initial", "vowel", "sign", "ў"})
    hard_vowels: frozenset[str] = frozenset()  # vowels treated like consonants
    acute: frozenset[str] = frozenset()  # consonants that take ́ for a following ь
    soft_l: bool = False  # Łacinka: ł for hard л, l for soft л
    endings: Mapping[str, str] = field(default_factory=dict)  # word-final
    clusters: Mapping[str, str] = field(default_factory=dict)
    midword: frozenset[str] = frozenset()  # clusters not applied word-initially
    words: Mapping[str, str] = field(default_factory=dict)  # whole-word usage


# Letters missing from a scheme's own table (Russian letters in a Belarusian
# scheme and vice versa) get this plain fallback instead of leaking Cyrillic.
_FALLBACK = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "ж": "zh",
    "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ў": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "е": "e", "ё": "io",
    "ю": "iu", "я": "ia", "є": "ie", "'": "",
}  # fmt: skip


def _table(overrides: str) -> dict[str, str]:
    """Build a letter table from the fallback plus "л=ł ў=ŭ" style overrides."""
    table = dict(_FALLBACK)
    for pair in overrides.split():
        letter, _, latin = pair.partition("=")
        table[letter] = latin
    return table


_BE_PASSPORT = Scheme(
    letters=_table("г=h х=kh ц=ts ў=u й=i ь="),
    iotated={"е": ("e", "ye"), "ё": ("io", "yo"), "ю": ("iu", "yu"), "я": ("ia", "ya")},
    hard_vowels=frozenset("ы"),
    endings={"ый": "y", "ій": "i"},
)
_BE_2007 = Scheme(
    letters=_table("г=h ж=ž й=j х=ch ц=c ч=č ш=š щ=šč ў=ŭ ь="),
    iotated={
        "е": ("ie", "je"),
        "ё": ("io", "jo"),
        "ю": ("iu", "ju"),
        "я": ("ia", "ja"),
    },
    acute=frozenset("зснцл"),
)
_BE_2023 = Scheme(
    letters=_table("г=g ж=zh й=j х=kh ц=c ч=ch ш=sh щ=shch ў=w ь="),
    iotated=_BE_2007.iotated,
    acute=frozenset("зснцл"),
)
_BE_BGN = Scheme(
    letters=_table("г=h й=y ў=w ь=’ '=”"),
    iotated={
        "е": ("ye", "ye"),
        "ё": ("yo", "yo"),
        "ю": ("yu", "yu"),
        "я": ("ya", "ya"),
    },
)
_ISO9 = _table("ж=ž х=h ц=c ч=č ш=š щ=ŝ ъ=ʺ ь=ʹ й=j і=ì ў=ǔ ґ=g̀ ї=ï '=’ э=è")
_BE_ISO9 = Scheme(
    letters=_ISO9,
    iotated={"е": ("e", "e"), "ё": ("ë", "ë"), "ю": ("û", "û"), "я": ("â", "â")},
)
_BE_LACINKA = Scheme(
    letters=_table("г=h ж=ž й=j х=ch ц=c ч=č ш=š щ=šč ў=ŭ ь= л=ł"),
    iotated=_BE_2007.iotated,
    acute=frozenset("зснц"),
    soft_l=True,
)
_RU_ICAO = Scheme(
    letters=_table("ъ=ie"),
    iotated={"е": ("e", "e"), "ё": ("e", "e"), "ю": ("iu", "iu"), "я": ("ia", "ia")},
)
_RU_BGN = Scheme(
    letters=_table("й=y ь=’ ъ=”"),
    iotated={"е": ("e", "ye"), "ё": ("ë", "yë"), "ю": ("yu", "yu"), "я": ("ya", "ya")},
    other_contexts=frozenset({"initial", "vowel", "sign", "й"}),
)
_RU_GOST = Scheme(
    letters=_table("ж=ž й=j х=h ц=c ч=č ш=š щ=ŝ ъ=ʺ ь=ʹ э=è"),
    iotated=_BE_ISO9.iotated,
)
_RU_NEWS = Scheme(
    letters=_table("ь= ъ="),
    iotated={"е": ("e", "ye"), "ё": ("yo", "yo"), "ю": ("yu", "yu"), "я": ("ya", "ya")},
    other_contexts=frozenset({"initial", "vowel", "sign", "й"}),
    endings={"ий": "y", "ый": "y", "ой": "oy"},
    clusters={
        "кс": "x",
        "ия": "ia",
        "ьи": "yi",
        "жё": "zho",
        "шё": "sho",
        "чё": "cho",
        "щё": "shcho",
        "цё": "tso",
    },  # fmt: skip
    midword=frozenset({"кс"}),
    words={"александр": "alexander", "александра": "alexandra", "юрий": "yuri"},
)
_UK_2010 = Scheme(
    letters=_table("г=h и=y і=i ь= '="),
    iotated={
        "є": ("ie", "ye"),
        "ї": ("i", "yi"),
        "й": ("i", "y"),
        "ю": ("iu", "yu"),
        "я": ("ia", "ya"),
    },  # fmt: skip
    other_contexts=frozenset({"initial"}),
    clusters={"зг": "zgh"},
)

_SCHEME_TABLE: dict[str, Scheme] = {
    "be_national_2023": _BE_2023,
    "be_national_2007": _BE_2007,
    "be_bgn_pcgn": _BE_BGN,
    "be_iso9": _BE_ISO9,
    "be_passport": _BE_PASSPORT,
    "be_lacinka": _BE_LACINKA,
    "ru_icao": _RU_ICAO,
    "ru_bgn_pcgn": _RU_BGN,
    "ru_gost_779": _RU_GOST,
    "ru_news": _RU_NEWS,
    "uk_national_2010": _UK_2010,
}
SCHEMES: tuple[str, ...] = tuple(_SCHEME_TABLE)

_CYRILLIC_WORD = re.compile(r"[\u0400-\u052f]+(?:['’ʼ][\u0400-\u052f]+)*")
_APOSTROPHES = str.maketrans("’ʼ", "''")


def transliterate(s: str, scheme: str) -> str:
    """Romanise the Cyrillic words of `s` with `scheme`; other text is kept.

    >>> transliterate("Сяргей Ціханоўскі", "be_passport")
    'Siarhei Tsikhanouski'

    Raises ValueError for a scheme not in `SCHEMES`.
    """
    spec = _SCHEME_TABLE.get(scheme)
    if spec is None:
        raise ValueError(f"unknown scheme {scheme!r}; expected one of {SCHEMES}")
    text = unicodedata.normalize("NFC", s)
    return _CYRILLIC_WORD.sub(lambda m: _word(m.group(), spec), text)


def _word(word: str, spec: Scheme) -> str:
    """Romanise one Cyrillic word, restoring its capitalisation."""
    lower = word.lower().translate(_APOSTROPHES)
    all_upper = len(word) > 1 and word.isupper()
    if lower in spec.words:
        return _recase(spec.words[lower], word[0].isupper(), all_upper)
    pieces: list[str] = []
    i = 0
    while i < len(lower):
        piece, used = _piece(lower, i, spec)
        pieces.append(_recase(piece, word[i].isupper(), all_upper))
        i += used
    return unicodedata.normalize("NFC", "".join(pieces))


def _piece(lower: str, i: int, spec: Scheme) -> tuple[str, int]:
    """Return the Latin output for the letter(s) at `i` and how many it used."""
    rest = lower[i:]
    if rest in spec.endings and i > 0:
        return spec.endings[rest], len(rest)
    for size in (2, 3):
        chunk = rest[:size]
        if chunk in spec.clusters and (i > 0 or chunk not in spec.midword):
            return spec.clusters[chunk], size
    letter = rest[0]
    following = rest[1:2]
    if letter in spec.iotated:
        return _iotated(letter, lower[i - 1] if i else "", spec), 1
    if letter == "л" and spec.soft_l:
        soft = following in ("е", "ё", "і", "ю", "я", "ь")
        return ("l", 2 if following == "ь" else 1) if soft else ("ł", 1)
    if following == "ь" and letter in spec.acute:
        return spec.letters[letter] + ACUTE, 2
    return spec.letters.get(letter, letter), 1


def _iotated(letter: str, previous: str, spec: Scheme) -> str:
    """Spell е/ё/ю/я (and є/ї/й in Ukrainian) by the letter before them."""
    after_consonant, other = spec.iotated[letter]
    if previous == "л" and spec.soft_l:
        return after_consonant.removeprefix("i")
    context = _context(previous, spec)
    return other if context in spec.other_contexts else after_consonant


def _context(previous: str, spec: Scheme) -> str:
    """Classify the letter before an iotated vowel."""
    if not previous:
        return "initial"
    if previous in spec.hard_vowels:
        return "consonant"
    if previous in VOWELS:
        return "vowel"
    if previous in SIGNS:
        return "sign"
    if previous in ("ў", "й"):
        return previous
    return "consonant"


def _recase(piece: str, upper: bool, all_upper: bool) -> str:
    """Apply the source letter's case to its Latin output."""
    if all_upper:
        return piece.upper()
    return piece[:1].upper() + piece[1:] if upper else piece


# Latin → Cyrillic: ordered (pattern, Belarusian, Russian) rules. The output
# is a guess for search, not a reconstruction: Ales → Алес, not Алесь.
_LATIN_CONSONANT = r"(?<=[bcdfghjklmnpqrstvwxzž])"
_BACK_RULES: tuple[tuple[str, str, str], ...] = (
    (r"(?:ts|c)k(?:y|ii|iy|ij|i)$", "цкі", "цкий"),
    (r"sk(?:y|ii|iy|ij|i)$", "скі", "ский"),
    (r"shch|szcz|šč", "шч", "щ"),
    (r"(?<=[aeiouy])[uwŭ](?=[^aeiouy]|$)", "ў", "в"),
    (r"(?<=[^aeiou])y$|yi$|ij$|iy$", "ый", "ий"),
    (r"zh|ž|rz|ż", "ж", "ж"),
    (r"kh", "х", "х"),
    (r"ch|cz|č", "ч", "ч"),
    (r"sh|sz|š", "ш", "ш"),
    (r"ts|tz|c(?=[ie])|ć", "ц", "ц"),
    (r"dz", "дз", "дз"),
    (r"^ye|^ie|^je", "е", "е"),
    (r"ya|ia|ja", "я", "я"),
    (r"yu|iu|ju", "ю", "ю"),
    (r"yo|io|jo|ë", "ё", "ё"),
    (r"ye|ie|je", "е", "е"),
    (r"(?<=[aeiouy])[iyj](?=[^aeiou]|$)", "й", "й"),
    (r"x", "кс", "кс"),
    (r"^e", "э", "е"),
    (r"(?<=[rtdzšžc])e", "э", "е"),
    (_LATIN_CONSONANT + r"y", "ы", "ы"),
    (r"y", "й", "й"),
    (r"h", "г", "г"),
    (r"i", "і", "и"),
    (r"ł", "л", "л"),
    (r"ś", "сь", "с"),
    (r"ń", "нь", "н"),
    (r"ź", "зь", "з"),
)
_BACK_LETTERS = dict(
    zip("abvgdezijklmnoprstufcw", "абвгдезійклмнопрстуфцв", strict=True)
)
_LACINKA_LETTERS = re.compile("[ŭłćśźńčšžż]|cz|sz")
_LATIN_WORD = re.compile(r"[a-zà-ɏ]+")
_BACK_PATTERN = re.compile("|".join(f"({rule[0]})" for rule in _BACK_RULES))


def to_cyrillic(s: str) -> list[str]:
    """Guess Cyrillic spellings (Belarusian first, then Russian) of a Latin name.

    >>> to_cyrillic("Tsikhanouski")
    ['Ціханоўскі', 'Цихановский', 'Тихановский']
    """
    text = unicodedata.normalize("NFC", s[:2000]).casefold()
    words = _LATIN_WORD.findall(text.replace("'", "").replace("’", ""))
    if not words:
        return []
    candidates = [
        " ".join(_back_word(w, column).capitalize() for w in words) for column in (1, 2)
    ]
    candidates.append(_TSEKANNE.sub(_undo_tsekanne, candidates[1]))
    return list(dict.fromkeys(c for c in candidates if c.strip()))


def _back_word(word: str, column: int) -> str:
    """Convert one normalised Latin word with the rules of one language column."""
    if any(script == "cyrillic" for script in map(_script, word)):
        return word
    if _LACINKA_LETTERS.search(word):
        word = word.replace("ch", "kh")  # Łacinka/Polish ch is х, č/cz is ч
    out: list[str] = []
    position = 0
    for match in _BACK_PATTERN.finditer(word):
        out.extend(_BACK_LETTERS.get(c, c) for c in word[position : match.start()])
        out.append(_BACK_RULES[(match.lastindex or 1) - 1][column])
        position = match.end()
    out.extend(_BACK_LETTERS.get(c, c) for c in word[position:])
    result = "".join(out)
    return result if column == 1 else result.replace("і", "и").replace("ў", "в")


# Belarusian ц/дз before a soft vowel are Russian т/д (Ціханоўскі → Тихановский).
_TSEKANNE = re.compile("(ц|дз|Ц|Дз)(?=[иеёюя])")


def _undo_tsekanne(match: re.Match[str]) -> str:
    """Map one Belarusian soft ц/дз back to Russian т/д, keeping case."""
    letter = match.group()
    russian = "т" if letter.lower() == "ц" else "д"
    return russian.upper() if letter[0].isupper() else russian


def _script(char: str) -> str:
    """Return "cyrillic" for Cyrillic letters, else "other"."""
    return "cyrillic" if "\u0400" <= char <= "\u052f" else "other"
