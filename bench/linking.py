"""Record linkage: Rollcall's `names` matcher against splink, real and synthetic data.

Two evaluations, both returned by `run()` as one JSON-serialisable dict.

**gold** — pairwise record linkage over `bench/gold/people.csv`: every row is a
record, two rows of one cluster are a match, every other pair is a non-match.
The pairs of `hard_negatives.csv` are scored too and count as extra non-match
pairs (a wrongly matched one is a false positive). `names/` was tuned on this
set, so it is scored in two splits by person (`split_of`, documented in
`bench/gold/README.md`): "in-sample (tuned on)", the only split tuning and
tests may look at, and "held-out", which only this benchmark scores.

* Rollcall: a pair is predicted a match when
  `names.score(a, b) >= names.DUPLICATE_MIN_SCORE`, computed over **all** pairs
  (no blocking, so recall is not limited by blocking).
* splink: see *splink configuration* below; prediction over all pairs as well
  (blocking rule `1=1`), a match at `match_probability >= 0.5`. To be generous,
  the best F1 over all probability thresholds is reported too, clearly labelled
  (that threshold is chosen on the test data itself).

**synthetic** — linking incoming records to a register. One seeded
`demo.synthetic.generate(register + incoming, duplicate_rate=...)` call plants
`incoming` second-source copies (Russian Cyrillic, Russian-based Latin, lacinka,
reversed order, initials, typos; a vaguer birth date: year only, month, full or
none). The originals of 80% of the copies stay in the register (they are the
matches); the originals of the other 20% are dropped, so those copies have no
true partner (negatives). The register side has one name per person, the
record's display name (mostly the Belarusian passport romanisation, sometimes
Belarusian or Russian Cyrillic); the incoming side has the copy's name. Both
methods get the same evidence: that name, the birth date at the precision
known, and the region. For every incoming record the best candidate is linked
if its score clears the threshold, else it is "no link". A correct link is a
true positive; a wrong link is a false positive (and, if the record had a true
partner, also a false negative); a missed partner is a false negative.

* Rollcall: `NameIndex.link`, the batch counterpart of `NameIndex.search`,
  per birth year: the register's records born in a year are linked with the
  incoming records of that year and with the incoming records whose birth
  date is unknown (so those meet every year; the year works as a blocking
  key, as in splink's rules below). `link` blocks at the level of people
  (given-name group x surname beginning or ending, with a rapidfuzz
  pre-filter on the surnames; surname alone when a side has only initials
  or no known given name) and fully scores only the pairs that pass; every
  pair with a name score >= `SEARCH_MIN_SCORE` is kept. Each name score is
  adjusted by the other evidence: +0.15 same full birth date, +0.05 same
  year-month (day unknown on one side), -0.30 a conflicting year, month or
  day; +0.02 same region, -0.10 another region. The best adjusted candidate
  is linked if it is >= `DUPLICATE_MIN_SCORE` and no other candidate is
  within `TIE_MARGIN` of it (namesakes that nothing tells apart are left to a
  person). The years are shared out among 2 forked processes (DuckDB uses
  both cores as well), and Python's cyclic garbage collector is paused while
  linking (`no_cyclic_gc`: with the benchmark's large heap each full collection
  would walk every object; nothing here makes reference cycles). The same
  candidates linked by name score alone are reported as `name_score_only`.
  Before `link`, one `search(name, limit=10)` per incoming record in an index
  per birth year reached P/R/F1 0.960/0.871/0.914 in 24-39 s.

**splink configuration** (splink 5, DuckDB backend). splink runs twice on
every data set. In the first run it reads names as a careful splink user
would (below). Rollcall's figures owe much to its own lexicon (given-name
groups, transliteration, skeletons), so in the second run, labelled
`splink_rollcall_lexicon`, splink gets the same reading of each name that
Rollcall uses: `names.parse_name` decides which word is the given name, the
forename is its given-name group id (an initial stays an initial) and the
surname is the phonetic skeleton of the other words (`lexicon_forename_surname`).
Everything else is the same, so the gap between that run and Rollcall measures
scoring, not the lexicon.

In the first run splink does not read
Cyrillic, so every name is transliterated with `unidecode`, lower-cased and
stripped of punctuation. Forename = first word, surname = last word, except:
"Surname, Given" (comma) and three-word names ending in a patronymic
(-vich/-vna/-ichna, as Russian court papers write "Беляцкий Александр
Викторович") are read surname first. Derived columns: `full_name`, and the
double metaphone codes of each part (`phonetics.dmetaphone`), as arrays for
`NameComparison` and the primary code as a string for blocking.

* Comparisons: `cl.NameComparison("forename", dmeta_col_name="forename_dm")`
  and `cl.NameComparison("surname", dmeta_col_name="surname_dm")` (null, exact
  with term-frequency adjustment, Jaro-Winkler 0.92 / 0.88, double metaphone
  overlap, Jaro-Winkler 0.7, else). On the synthetic data also a custom birth
  date comparison (null year / same full date / same year-month / same year
  with a month unknown / same year, other month / else) and
  `cl.ExactMatch("region")` with term-frequency adjustment.
* Training as in splink's tutorials: `estimate_probability_two_random_records_match`
  with a strict deterministic rule (exact forename + surname; on the synthetic
  data + full birth date) and, generously, that rule's *true* recall measured
  on the labels (a real user would have to guess it);
  `estimate_u_using_random_sampling(max_pairs=1e7, seed=...)`; expectation
  maximisation blocked on the exact forename and then on the exact surname
  (gold), or on the full birth date and then on forename + surname (synthetic).
* Prediction blocking, gold: all pairs (`CustomRule("1=1")`). Synthetic
  `link_only`: birth year + surname phonetic code; birth year + forename
  phonetic code; birth year + surname initial; full birth date; forename +
  surname; both phonetic codes. The best-scoring register record per incoming
  record is its link at `match_probability >= 0.5`.
* Tried and not kept because they scored lower (20k register x 4k incoming,
  best F1 over thresholds): EM blocked on the phonetic codes; a single custom
  comparison over both name parts with swapped-order, phonetic and
  surname+initial levels (0.80 vs 0.82); extra swapped-order blocking rules
  (no gain); even m values estimated from the true labels reached only 0.83.

Progress goes to stderr unless `quiet`. Everything is seeded.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import multiprocessing
import os
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import names
from names.tokenize import Role
from registry.memory import no_cyclic_gc

GOLD = Path(__file__).resolve().parent / "gold"
SEED = 2024
SPLINK_THRESHOLD = 0.5
UNMATCHED_SHARE = 0.2
TIE_MARGIN = 0.02
SPLINK_TIE_MARGIN = 0.01
_PATRONYMIC = re.compile(r"(vich|vych|vna|ichna|ich)$")

Pair = tuple[int, int]
Row = dict[str, Any]


def say(message: str, quiet: bool) -> None:
    if not quiet:
        print(f"[linking] {message}", file=sys.stderr, flush=True)


# Scoring ----------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives of a prediction."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def pair_counts(predicted: set[Pair], truth: set[Pair], extra_fp: int = 0) -> Counts:
    """Pairwise counts; `extra_fp` adds wrongly matched pairs scored elsewhere."""
    tp = len(predicted & truth)
    return Counts(tp, len(predicted) - tp + extra_fp, len(truth) - tp)


def link_counts(
    links: Mapping[str, str | None], truth: Mapping[str, str | None]
) -> Counts:
    """Counts of a best-link-per-record prediction against the true partners."""
    tp = fp = fn = 0
    for record, partner in truth.items():
        linked = links.get(record)
        if linked is not None and linked == partner:
            tp += 1
            continue
        fp += linked is not None
        fn += partner is not None
    return Counts(tp, fp, fn)


def best_threshold(
    scored: Iterable[tuple[float, bool]], positives: int
) -> tuple[float, Counts]:
    """The threshold (and its counts) that maximises F1 over scored predictions.

    `scored` holds (score, is_correct) per prediction; `positives` is the number
    of true matches (found or not).
    """
    best_at, best = 1.0, Counts(0, 0, positives)
    tp = fp = 0
    ordered = sorted(scored, key=lambda item: -item[0])
    for i, (value, correct) in enumerate(ordered):
        tp += correct
        fp += not correct
        if i + 1 < len(ordered) and ordered[i + 1][0] == value:
            continue
        counts = Counts(tp, fp, positives - tp)
        if counts.f1 > best.f1:
            best_at, best = value, counts
    return best_at, best


# Gold set ---------------------------------------------------------------------


IN_SAMPLE = "in_sample"
HELD_OUT = "held_out"
SPLITS = {IN_SAMPLE: "in-sample (tuned on)", HELD_OUT: "held-out"}
SPLIT_SALT = "rollcall-gold-split-1"
HELD_OUT_ONE_IN = 3


def split_of(person: str) -> str:
    """The split of one person of the gold set: about one in three is held out.

    Decided by a hash of the person's id (the `cluster` slug, or a made-up
    namesake's name) alone, so it never depends on file order, and adding
    people never moves anyone already in the set.
    """
    digest = hashlib.sha256(f"{SPLIT_SALT}:{person}".encode()).digest()
    return (
        HELD_OUT
        if int.from_bytes(digest[:8], "big") % HELD_OUT_ONE_IN == 0
        else IN_SAMPLE
    )


@dataclass(frozen=True)
class Gold:
    names: list[str]
    clusters: list[str]
    negatives: list[tuple[str, str]]

    @property
    def truth(self) -> set[Pair]:
        return {
            (i, j)
            for i, j in itertools.combinations(range(len(self.names)), 2)
            if self.clusters[i] == self.clusters[j]
        }


def load_gold(directory: Path = GOLD, split: str | None = None) -> Gold:
    """The gold set, or one split of it (`IN_SAMPLE` or `HELD_OUT`).

    A hard-negative pair belongs to the held-out split when either of its two
    people does, so the in-sample split holds no held-out person at all.
    """
    with open(directory / "people.csv", encoding="utf-8", newline="") as f:
        people = list(csv.DictReader(f))
    with open(directory / "hard_negatives.csv", encoding="utf-8", newline="") as f:
        negatives = [(r["name_a"], r["name_b"]) for r in csv.DictReader(f)]
    if split is not None:
        person = {names.normalize(r["name"]): r["cluster"] for r in people}
        people = [r for r in people if split_of(r["cluster"]) == split]
        negatives = [
            pair for pair in negatives if negative_split(pair, person) == split
        ]
    return Gold([r["name"] for r in people], [r["cluster"] for r in people], negatives)


def negative_split(pair: tuple[str, str], person: Mapping[str, str]) -> str:
    """Held out when either name is (a spelling of) a held-out person."""
    splits = {
        split_of(person.get(names.normalize(name), names.normalize(name)))
        for name in pair
    }
    return HELD_OUT if HELD_OUT in splits else IN_SAMPLE


def rollcall_gold(gold: Gold) -> dict[str, Any]:
    """All pairs scored with `names.score`; a match at DUPLICATE_MIN_SCORE."""
    start = time.perf_counter()
    threshold = names.DUPLICATE_MIN_SCORE
    predicted = {
        (i, j)
        for i, j in itertools.combinations(range(len(gold.names)), 2)
        if names.score(gold.names[i], gold.names[j]) >= threshold
    }
    wrong = [(a, b) for a, b in gold.negatives if names.score(a, b) >= threshold]
    seconds = time.perf_counter() - start
    return {
        "method": "names.score over all pairs",
        "threshold": threshold,
        **pair_counts(predicted, gold.truth, len(wrong)).as_dict(),
        "hard_negatives_wrongly_matched": len(wrong),
        "hard_negatives_wrongly_matched_pairs": [list(p) for p in wrong],
        "seconds": round(seconds, 2),
        "missed_pairs": missed_examples(gold, predicted),
    }


def missed_examples(gold: Gold, predicted: set[Pair], limit: int = 12) -> list[str]:
    missed = sorted(gold.truth - predicted)
    return [f"{gold.names[i]} | {gold.names[j]}" for i, j in missed[:limit]]


def index_pairs_gold(gold: Gold) -> dict[str, Any]:
    """`NameIndex.pairs` (blocked) on the gold records, for comparison."""
    start = time.perf_counter()
    index = names.NameIndex.build(enumerate(gold.names))
    predicted = {
        (min(a, b), max(a, b)) for a, b, _ in index.pairs(names.DUPLICATE_MIN_SCORE)
    }
    seconds = time.perf_counter() - start
    return {
        "method": "NameIndex.pairs (blocked), hard negatives not included",
        "note": "not equivalent to all pairs (blocking loses a few); headline uses all",
        **pair_counts(predicted, gold.truth).as_dict(),
        "seconds": round(seconds, 2),
    }


# Splink input -----------------------------------------------------------------


def latin_words(name: str) -> list[str]:
    """The name as lower-case ASCII words (`unidecode` transliteration)."""
    from unidecode import unidecode

    text = unidecode(name).lower().replace(",", " , ")
    return re.sub(r"[^a-z ,-]+", "", text).split()


def forename_surname(name: str) -> tuple[str | None, str | None]:
    """Split a name into (forename, surname) as a careful splink user would."""
    words = latin_words(name)
    if "," in words:
        at = words.index(",")
        before, after = words[:at], [w for w in words[at + 1 :] if w != ","]
        return (after[0] if after else None), (before[-1] if before else None)
    if len(words) >= 3 and _PATRONYMIC.search(words[-1]):
        return words[1], words[0]
    if not words:
        return None, None
    if len(words) == 1:
        return None, words[0]
    return words[0], words[-1]


def dmetaphone(word: str | None) -> list[str]:
    import phonetics  # type: ignore[import-untyped]

    if not word:
        return []
    codes = [c for c in phonetics.dmetaphone(word) if c]
    return list(dict.fromkeys(codes))


_SKELETON_LETTERS = str.maketrans({"X": "kh", "C": "ch", "S": "sh", "Z": "zh"})


def lexicon_forename_surname(name: str) -> tuple[str | None, str | None]:
    """(forename, surname) as Rollcall reads the name: its parser decides which
    word is the given name (word order, patronymics); the forename is the
    canonical id of its given-name group (Зміцер, Dzmitry, Dmitry -> dmitrii;
    the first group of a shared short form such as Слава) or an initial, and
    the surname is the phonetic skeleton of the other words (Ціханоўскі,
    Tikhanovsky -> tikhanavski), spelt in plain ASCII for splink."""
    parsed = names.parse_name(name)
    forename = None
    for token in parsed.tokens:
        if token.role is Role.GIVEN and token.groups:
            forename = token.groups[0]
            break
        if token.role is Role.INITIAL and forename is None:
            forename = token.normalized[:1]
    surname = " ".join(t.skeleton for t in parsed.surnames)
    return forename, (surname.translate(_SKELETON_LETTERS) or None)


def splink_row(
    uid: str | int, name: str, *, lexicon: bool = False, **extra: Any
) -> Row:
    """One splink input row; `lexicon` reads the name with Rollcall's parser,
    normalisation and given-name groups instead of `unidecode`."""
    reader = lexicon_forename_surname if lexicon else forename_surname
    forename, surname = reader(name)
    forename_dm, surname_dm = dmetaphone(forename), dmetaphone(surname)
    full = " ".join(w for w in (forename, surname) if w) or None
    return {
        "unique_id": str(uid),
        "forename": forename,
        "surname": surname,
        "full_name": full,
        "forename_dm": forename_dm or None,
        "surname_dm": surname_dm or None,
        "forename_dm1": forename_dm[0] if forename_dm else None,
        "surname_dm1": surname_dm[0] if surname_dm else None,
        **extra,
    }


def name_comparisons() -> list[Any]:
    import splink.comparison_library as cl

    return [
        cl.NameComparison("forename", dmeta_col_name="forename_dm"),
        cl.NameComparison("surname", dmeta_col_name="surname_dm"),
    ]


def duckdb_api() -> Any:
    """A DuckDB backend that keeps its progress bar off stdout."""
    from splink import DuckDBAPI

    api = DuckDBAPI()
    api.duckdb_con.execute("SET enable_progress_bar = false")
    return api


def splink_log_level(quiet: bool) -> int | str | None:
    import logging

    return logging.WARNING if quiet else logging.INFO


def predictions(frame: Any) -> list[tuple[str, str, float]]:
    relation = frame.as_duckdbpyrelation()
    columns = "unique_id_l, unique_id_r, match_probability"
    return [
        (str(a), str(b), float(p)) for a, b, p in relation.select(columns).fetchall()
    ]


# Splink on the gold set -------------------------------------------------------


def splink_gold_linker(rows: list[Row], truth: set[Pair], quiet: bool) -> Any:
    from splink import Linker, SettingsCreator, block_on
    from splink.blocking_rule_library import CustomRule

    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=name_comparisons(),
        blocking_rules_to_generate_predictions=[CustomRule("1=1")],
    )
    table = duckdb_api().register(rows, dataset_display_name="gold")
    linker = Linker(table, settings, log_level=splink_log_level(quiet))
    rule = ("forename", "surname")
    recall = rule_recall(rows, truth, rule)
    train(linker, block_on(*rule), recall, [block_on("forename"), block_on("surname")])
    return linker


def train(linker: Any, rule: Any, recall: float, em_rules: list[Any]) -> None:
    """Splink's usual sequence: prior, u by random sampling, m by EM."""
    training = linker.training
    training.estimate_probability_two_random_records_match([rule], recall=recall)
    training.estimate_u_using_random_sampling(max_pairs=1e7, seed=SEED)
    for em_rule in em_rules:
        training.estimate_parameters_using_expectation_maximisation(em_rule)


def rule_recall(
    rows: Sequence[Row], truth: Iterable[Pair], columns: Sequence[str]
) -> float:
    """Share of true pairs that agree exactly on `columns` (generous: uses labels)."""
    pairs = list(truth)
    found = sum(
        all(rows[i][c] is not None and rows[i][c] == rows[j][c] for c in columns)
        for i, j in pairs
    )
    return max(found / len(pairs), 0.01) if pairs else 1.0


def splink_gold(gold: Gold, quiet: bool, *, lexicon: bool = False) -> dict[str, Any]:
    start = time.perf_counter()
    rows = [splink_row(i, name, lexicon=lexicon) for i, name in enumerate(gold.names)]
    linker = splink_gold_linker(rows, gold.truth, quiet)
    scored = {
        (int(a), int(b)) if int(a) < int(b) else (int(b), int(a)): p
        for a, b, p in predictions(linker.inference.predict())
    }
    negatives = [splink_negative(linker, a, b, lexicon) for a, b in gold.negatives]
    seconds = time.perf_counter() - start
    result = splink_gold_result(gold, scored, negatives, seconds)
    if lexicon:
        result["method"] += ", " + LEXICON_INPUT
    return result


LEXICON_INPUT = (
    "input read by Rollcall's parser: forename = given-name group id, "
    "surname = phonetic skeleton"
)


def splink_negative(linker: Any, a: str, b: str, lexicon: bool) -> float:
    frame = linker.inference.score_pair(
        splink_row("a", a, lexicon=lexicon), splink_row("b", b, lexicon=lexicon)
    )
    return float(
        frame.as_duckdbpyrelation().select("match_probability").fetchall()[0][0]
    )


def splink_gold_result(
    gold: Gold, scored: dict[Pair, float], negatives: list[float], seconds: float
) -> dict[str, Any]:
    truth = gold.truth
    predicted = {pair for pair, p in scored.items() if p >= SPLINK_THRESHOLD}
    wrong = sum(p >= SPLINK_THRESHOLD for p in negatives)
    everything = [(p, pair in truth) for pair, p in scored.items()]
    everything += [(p, False) for p in negatives]
    at, best = best_threshold(everything, len(truth))
    return {
        "method": "splink 5 (DuckDB), all pairs, unsupervised training",
        "threshold": SPLINK_THRESHOLD,
        **pair_counts(predicted, truth, wrong).as_dict(),
        "hard_negatives_wrongly_matched": wrong,
        "seconds": round(seconds, 2),
        "best_f1_over_thresholds (chosen on the test data)": {
            "threshold": round(at, 6),
            **best.as_dict(),
            "hard_negatives_wrongly_matched": sum(p >= at for p in negatives),
        },
    }


def run_gold(*, use_splink: bool = True, quiet: bool = False) -> dict[str, Any]:
    """Both splits of the gold set, each scored on its own."""
    result: dict[str, Any] = {
        "note": (
            "names/ was tuned on this gold set. Since the split was made, "
            "tuning and tests use the in-sample split only; names/ had been "
            "tuned on the whole set before, so the held-out figures become a "
            "clean measure only for changes made after the split."
        ),
        "split": (
            f"by person: sha256 of '{SPLIT_SALT}:<person>', "
            f"one in {HELD_OUT_ONE_IN} held out (bench/gold/README.md)"
        ),
    }
    for split, label in SPLITS.items():
        result[split] = run_gold_split(split, use_splink=use_splink, quiet=quiet)
        result[split]["label"] = label
    return result


def run_gold_split(split: str, *, use_splink: bool, quiet: bool) -> dict[str, Any]:
    """Rollcall, and splink with its own input and with Rollcall's, on one split."""
    gold = load_gold(split=split)
    say(f"gold {SPLITS[split]}: {len(gold.names)} records", quiet)
    result: dict[str, Any] = {
        "people": len(set(gold.clusters)),
        "records": len(gold.names),
        "pairs": len(gold.names) * (len(gold.names) - 1) // 2,
        "true_pairs": len(gold.truth),
        "hard_negative_pairs": len(gold.negatives),
    }
    result["rollcall"] = rollcall_gold(gold)
    result["rollcall_index_pairs"] = index_pairs_gold(gold)
    if use_splink:
        say(f"gold {SPLITS[split]}: splink", quiet)
        result["splink"] = splink_gold(gold, quiet)
        result["splink_rollcall_lexicon"] = splink_gold(gold, quiet, lexicon=True)
    return result


# Synthetic linkage ------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    record_id: str
    name: str
    birth: str | None
    region: str | None


@dataclass(frozen=True)
class Linkage:
    register: list[Record]
    incoming: list[Record]
    truth: dict[str, str | None]  # incoming id -> register id or None


def make_linkage(register_size: int, incoming_size: int, seed: int = SEED) -> Linkage:
    """A register and incoming second-source copies; see the module docstring."""
    from demo.synthetic import generate

    unmatched = round(incoming_size * UNMATCHED_SHARE)
    total = register_size + incoming_size + unmatched
    made = generate(total, seed=seed, duplicate_rate=incoming_size / total)
    records = {str(p["record_id"]): to_record(p) for p in made.persons}
    pairs = sorted(made.duplicates)
    dropped = set(random.Random(seed).sample(range(len(pairs)), unmatched))
    drop = {pairs[i][0] for i in dropped}
    leave_out = {copy for _, copy in pairs} | drop
    truth = {
        copy: (None if i in dropped else orig) for i, (orig, copy) in enumerate(pairs)
    }
    register = [r for key, r in records.items() if key not in leave_out]
    incoming = [records[copy] for copy in sorted(truth)]
    return Linkage(register, incoming, truth)


def to_record(person: Mapping[str, object]) -> Record:
    birth = person.get("birth_date")
    region = person.get("region")
    return Record(
        str(person["record_id"]),
        str(person["name"]),
        str(birth) if birth else None,
        str(region) if region else None,
    )


def date_agreement(a: str | None, b: str | None) -> float:
    """Evidence from two birth dates known to the year, month or day."""
    if not a or not b or a[:4] != b[:4]:
        return -0.3 if a and b else 0.0
    if len(a) >= 7 and len(b) >= 7 and a[:7] != b[:7]:
        return -0.3
    if len(a) == 10 and len(b) == 10:
        return 0.15 if a == b else -0.3
    return 0.05 if len(a) >= 7 and len(b) >= 7 else 0.0


def region_agreement(a: str | None, b: str | None) -> float:
    if not a or not b:
        return 0.0
    return 0.02 if a == b else -0.1


class RollcallLinker:
    """Records bucketed by birth year, linked with `NameIndex.link` per year."""

    def __init__(self, register: Sequence[Record], incoming: Sequence[Record]) -> None:
        self.records = {r.record_id: r for r in [*register, *incoming]}
        self._unknown: names.NameIndex[str] | None = None
        self.register: defaultdict[str | None, list[Record]] = defaultdict(list)
        self.incoming: defaultdict[str | None, list[Record]] = defaultdict(list)
        for r in register:
            self.register[birth_year(r)].append(r)
        for r in incoming:
            self.incoming[birth_year(r)].append(r)

    def years(self) -> list[str | None]:
        """Register birth years, the busiest first (they take longest)."""
        return sorted(self.register, key=lambda y: (-len(self.register[y]), y or ""))

    def link_year(self, year: str | None) -> list[tuple[str, Scored, Scored]]:
        """(incoming id, (name score, key), (adjusted score, key)) of one year.

        The register's records born in `year` are linked with the incoming
        records of that year and with those whose birth year is unknown (all
        incoming records when the register's year is unknown).
        """
        index = names.NameIndex.build(pairs(self.register[year]))
        minimum = names.SEARCH_MIN_SCORE
        if year is None:
            everyone = [r for records in self.incoming.values() for r in records]
            found = list(index.link(pairs(everyone), minimum))
        else:
            found = list(index.link(pairs(self.incoming.get(year, [])), minimum))
            found += index.link(self.unknown_year(), minimum)
        return [
            (query, (m.score, key), (self.evidence(query, key, m), key))
            for query, key, m in found
        ]

    def unknown_year(self) -> names.NameIndex[str]:
        """Incoming records without a birth year, indexed once per process."""
        if self._unknown is None:
            self._unknown = names.NameIndex.build(pairs(self.incoming.get(None, [])))
        return self._unknown

    def evidence(self, query: str, key: str, match: names.Match) -> float:
        record, other = self.records[query], self.records[key]
        return (
            match.score
            + date_agreement(record.birth, other.birth)
            + region_agreement(record.region, other.region)
        )


def pairs(records: Iterable[Record]) -> list[tuple[str, str]]:
    return [(r.record_id, r.name) for r in records]


def birth_year(record: Record) -> str | None:
    return record.birth[:4] if record.birth else None


Scored = tuple[float, str]


def choose(candidates: Iterable[Scored], margin: float) -> tuple[str, float] | None:
    """The best candidate, unless another one scores within `margin` of it.

    A near tie (two namesakes born the same year, no birth date to tell them
    apart) is ambiguous: no link, a person must decide.
    """
    ranked = sorted(candidates, key=lambda c: (-c[0], c[1]))
    if not ranked or (len(ranked) > 1 and ranked[0][0] - ranked[1][0] < margin):
        return None
    return ranked[0][1], ranked[0][0]


_LINKER: RollcallLinker | None = None


def _link_year(year: str | None) -> list[tuple[str, Scored, Scored]]:
    assert _LINKER is not None
    return _LINKER.link_year(year)


def link_all(
    linker: RollcallLinker, processes: int
) -> dict[str, tuple[list[Scored], list[Scored]]]:
    """Candidates per incoming record (name only, with evidence), all years.

    The years are shared out among `processes` forked workers if > 1, the
    busiest first.
    """
    global _LINKER
    years = linker.years()
    if processes <= 1:
        found = [linker.link_year(y) for y in years]
    else:
        _LINKER = linker
        try:
            with multiprocessing.get_context("fork").Pool(processes) as pool:
                found = list(pool.imap_unordered(_link_year, years))
        finally:
            _LINKER = None
    scored: dict[str, tuple[list[Scored], list[Scored]]] = {
        r.record_id: ([], []) for records in linker.incoming.values() for r in records
    }
    for part in found:
        for query, by_name, combined in part:
            scored[query][0].append(by_name)
            scored[query][1].append(combined)
    return scored


def rollcall_synthetic(linkage: Linkage, quiet: bool) -> dict[str, Any]:
    processes = min(2, os.cpu_count() or 1)
    start = time.perf_counter()
    with no_cyclic_gc():
        linker = RollcallLinker(linkage.register, linkage.incoming)
        results = link_all(linker, processes)
        combined = {k: choose(v[1], TIE_MARGIN) for k, v in results.items()}
    seconds = time.perf_counter() - start
    name_only = {k: choose(v[0], TIE_MARGIN) for k, v in results.items()}
    threshold = names.DUPLICATE_MIN_SCORE
    return {
        "method": (
            "NameIndex.link per birth year (unknown year: every year); "
            "name score + birth date/region"
        ),
        "threshold": threshold,
        "tie_margin": TIE_MARGIN,
        **links_result(combined, linkage.truth, threshold),
        "seconds": round(seconds, 2),
        "processes": processes,
        "candidates_scored_above_min": sum(len(v[0]) for v in results.values()),
        "name_score_only": links_result(name_only, linkage.truth, threshold),
    }


def links_result(
    best: Mapping[str, tuple[str, float] | None],
    truth: Mapping[str, str | None],
    threshold: float,
) -> dict[str, Any]:
    links = {k: (v[0] if v and v[1] >= threshold else None) for k, v in best.items()}
    scored = [(v[1], v[0] == truth[k]) for k, v in best.items() if v]
    positives = sum(partner is not None for partner in truth.values())
    at, top = best_threshold(scored, positives)
    return {
        **link_counts(links, truth).as_dict(),
        "best_f1_over_thresholds (chosen on the test data)": {
            "threshold": round(at, 4),
            **top.as_dict(),
        },
    }


def splink_synthetic_row(record: Record, lexicon: bool = False) -> Row:
    birth = record.birth or ""
    return splink_row(
        record.record_id,
        record.name,
        lexicon=lexicon,
        birth_year=birth[:4] or None,
        birth_month=birth[:7] if len(birth) >= 7 else None,
        birth_date=birth if len(birth) == 10 else None,
        region=record.region,
    )


def birth_comparison() -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    no_month = "(birth_month_l IS NULL OR birth_month_r IS NULL)"
    return cl.CustomComparison(
        output_column_name="birth",
        comparison_levels=[
            cll.NullLevel("birth_year"),
            cll.CustomLevel("birth_date_l = birth_date_r", "same full date"),
            cll.CustomLevel("birth_month_l = birth_month_r", "same year-month"),
            cll.CustomLevel(
                f"birth_year_l = birth_year_r AND {no_month}",
                "same year, month unknown",
            ),
            cll.CustomLevel("birth_year_l = birth_year_r", "same year, other month"),
            cll.ElseLevel(),
        ],
    )


def splink_synthetic_settings() -> Any:
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="link_only",
        comparisons=[
            *name_comparisons(),
            birth_comparison(),
            cl.ExactMatch("region").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("birth_year", "surname_dm1"),
            block_on("birth_year", "forename_dm1"),
            block_on("birth_year", "substr(surname, 1, 1)"),
            block_on("birth_date"),
            block_on("forename", "surname"),
            block_on("forename_dm1", "surname_dm1"),
        ],
    )


def splink_synthetic_linker(linkage: Linkage, quiet: bool, lexicon: bool) -> Any:
    from splink import Linker, block_on

    api = duckdb_api()
    register = [splink_synthetic_row(r, lexicon) for r in linkage.register]
    incoming = [splink_synthetic_row(r, lexicon) for r in linkage.incoming]
    tables = [
        api.register(register, dataset_display_name="register"),
        api.register(incoming, dataset_display_name="incoming"),
    ]
    linker = Linker(
        tables, splink_synthetic_settings(), log_level=splink_log_level(quiet)
    )
    rule = ("forename", "surname", "birth_date")
    rows, pairs = true_row_pairs(register, incoming, linkage.truth)
    em_rules = [block_on("birth_date"), block_on("forename", "surname")]
    train(linker, block_on(*rule), rule_recall(rows, pairs, rule), em_rules)
    return linker


def true_row_pairs(
    register: list[Row], incoming: list[Row], truth: Mapping[str, str | None]
) -> tuple[list[Row], list[Pair]]:
    """Rows of both sides in one list, and the true pairs as positions in it."""
    rows = register + incoming
    at = {row["unique_id"]: i for i, row in enumerate(rows)}
    pairs = [(at[b], at[a]) for a, b in truth.items() if b is not None]
    return rows, pairs


def splink_synthetic(
    linkage: Linkage, quiet: bool, *, lexicon: bool = False
) -> dict[str, Any]:
    start = time.perf_counter()
    linker = splink_synthetic_linker(linkage, quiet, lexicon)
    trained = time.perf_counter() - start
    say(f"synthetic: splink trained in {trained:.1f}s, predicting", quiet)
    incoming = {r.record_id for r in linkage.incoming}
    candidates: defaultdict[str, list[Scored]] = defaultdict(list)
    for left, right, p in predictions(
        linker.inference.predict(threshold_match_probability=0.001)
    ):
        query, key = (left, right) if left in incoming else (right, left)
        candidates[query].append((p, key))
    seconds = time.perf_counter() - start
    truth = linkage.truth
    result: dict[str, Any] = {
        "method": "splink 5 (DuckDB) link_only, unsupervised training"
        + (", " + LEXICON_INPUT if lexicon else ""),
        "threshold": SPLINK_THRESHOLD,
        "tie_margin": 0.0,
        **links_result(
            {r: choose(candidates[r], 0.0) for r in truth}, truth, SPLINK_THRESHOLD
        ),
        "seconds": round(seconds, 2),
        "training_seconds": round(trained, 2),
        "pairs_scored_above_0.001": sum(len(c) for c in candidates.values()),
    }
    with_margin = {r: choose(candidates[r], SPLINK_TIE_MARGIN) for r in truth}
    result[f"with_tie_margin_{SPLINK_TIE_MARGIN}"] = links_result(
        with_margin, truth, SPLINK_THRESHOLD
    )
    return result


def run_synthetic(
    incoming_size: int,
    register_size: int,
    *,
    use_splink: bool = True,
    quiet: bool = False,
) -> dict[str, Any]:
    say(f"synthetic: generating {register_size:,} + {incoming_size:,} records", quiet)
    start = time.perf_counter()
    linkage = make_linkage(register_size, incoming_size)
    positives = sum(partner is not None for partner in linkage.truth.values())
    result: dict[str, Any] = {
        "register_records": len(linkage.register),
        "incoming_records": len(linkage.incoming),
        "incoming_with_partner": positives,
        "incoming_without_partner": len(linkage.incoming) - positives,
        "seed": SEED,
        "generate_seconds": round(time.perf_counter() - start, 2),
        "note": (
            "Full size, not scaled down. Seconds are wall-clock build + link "
            "(splink: + training), generation excluded; Rollcall links in 2 "
            "processes, DuckDB uses its own threads on the same 2 cores."
        ),
    }
    say("synthetic: rollcall", quiet)
    result["rollcall"] = rollcall_synthetic(linkage, quiet)
    if use_splink:
        say("synthetic: splink", quiet)
        result["splink"] = splink_synthetic(linkage, quiet)
        say("synthetic: splink with Rollcall's lexicon", quiet)
        result["splink_rollcall_lexicon"] = splink_synthetic(
            linkage, quiet, lexicon=True
        )
    return result


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": sys.version.split()[0]}
    for package in ("splink", "duckdb", "unidecode", "phonetics", "rapidfuzz"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "not installed"
    return found


def run(
    *, quiet: bool = False, synthetic_sizes: tuple[int, int] = (20_000, 100_000)
) -> dict[str, Any]:
    """Both evaluations; `synthetic_sizes` is (incoming, register)."""
    start = time.perf_counter()
    incoming, register = synthetic_sizes
    result: dict[str, Any] = {
        "versions": versions(),
        "gold": run_gold(quiet=quiet),
        "synthetic": run_synthetic(incoming, register, quiet=quiet),
    }
    result["seconds"] = round(time.perf_counter() - start, 1)
    return result
