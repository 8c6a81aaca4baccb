"""Matching names of people across scripts and romanisation systems.

Pure Python: no Django, no database. The concepts, in the order a name goes
through them:

* **normalize** — the comparison form of a string: casefolded, apostrophes
  and dashes unified, Latin diacritics dropped, Ё → Е, Latin/Cyrillic
  look-alike letters folded into the word's script, punctuation dropped.
* **transliterate** — Cyrillic → Latin under a named scheme (`SCHEMES`):
  Belarusian passport, national 2007/2023, BGN/PCGN, ISO 9, Łacinka; Russian
  ICAO, BGN/PCGN, GOST 7.79 and English-press spelling; Ukrainian 2010.
  `to_cyrillic` guesses the way back.
* **skeleton** — a phonetic key that is the same for one surname in any
  script or system and in its Belarusian or Russian form (akanne, yakanne,
  ць/ть, -оў/-ов, -скі/-ский/-sky): Ціханоўскі = Tikhanovsky = Cichanoŭski.
* **given-name groups** — about 240 names with their Belarusian, Russian,
  Ukrainian, Polish and English forms and short forms (Зміцер = Dzmitry =
  Dmitry). Some are only partially equivalent: Алесь ~ Аляксандр.
* **score / explain** — how likely two full names are one person, with
  reasons; handles word order, initials, patronymics, typos and the male and
  female forms of surnames. Use `SEARCH_MIN_SCORE` to list candidates and
  `DUPLICATE_MIN_SCORE` to propose duplicates.
* **NameIndex** — an in-memory index for search, duplicate detection
  (`pairs`) and batch linking of incoming records (`link`) over 100,000+
  people; `blocking_keys` decides which names are compared.
"""

from names.given import (
    Equivalence,
    GivenNameGroup,
    given_name_equivalence,
    given_name_group,
    given_name_groups,
    given_name_sex,
    load_given_names,
)
from names.index import NameIndex, blocking_keys
from names.match import (
    DUPLICATE_MIN_SCORE,
    SEARCH_MIN_SCORE,
    Hit,
    Match,
    best_matches,
    explain,
    score,
)
from names.normalize import normalize
from names.skeleton import skeleton
from names.tokenize import parse_name
from names.translit import SCHEMES, to_cyrillic, transliterate
from names.variants import variants

__all__ = [
    "DUPLICATE_MIN_SCORE",
    "SCHEMES",
    "SEARCH_MIN_SCORE",
    "Equivalence",
    "GivenNameGroup",
    "Hit",
    "Match",
    "NameIndex",
    "best_matches",
    "blocking_keys",
    "explain",
    "given_name_equivalence",
    "given_name_group",
    "given_name_groups",
    "given_name_sex",
    "load_given_names",
    "normalize",
    "parse_name",
    "score",
    "skeleton",
    "to_cyrillic",
    "transliterate",
    "variants",
]
