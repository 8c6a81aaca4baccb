"""The linkage benchmark's scoring code, and a guard on Rollcall's gold-set F1."""

from __future__ import annotations

import csv
import hashlib
import random

import pytest

from bench.linking import (
    GOLD,
    HELD_OUT,
    HELD_OUT_ONE_IN,
    IN_SAMPLE,
    SPLIT_SALT,
    TIE_MARGIN,
    Counts,
    Record,
    RollcallLinker,
    best_threshold,
    choose,
    forename_surname,
    lexicon_forename_surname,
    link_all,
    link_counts,
    load_gold,
    pair_counts,
    rollcall_gold,
    split_of,
)

#: Measured 0.980-0.984 on the whole set while names/ was being tuned, 0.98 on
#: the in-sample split; a small margin below. The guard reads the in-sample
#: split only: a test on the held-out split would make it a tuning target.
GOLD_MIN_F1 = 0.97

#: The held-out people as the split first drew them (sha256 of their ids, one
#: per line, sorted). If this changes, the held-out split has moved: people
#: tuning once saw would count as held out.
HELD_OUT_PEOPLE = 47
HELD_OUT_DIGEST = "38231295bb4984b1d64fbb38b0cbbea52e599fad2cc8a91aeee2d0ce04b7c4d8"


def test_pair_counts_on_a_hand_made_example() -> None:
    truth = {(0, 1), (1, 2)}
    predicted = {(0, 1), (0, 2), (3, 4)}
    counts = pair_counts(predicted, truth, extra_fp=1)
    assert counts == Counts(tp=1, fp=3, fn=1)
    assert counts.precision == pytest.approx(1 / 4)
    assert counts.recall == pytest.approx(1 / 2)
    assert counts.f1 == pytest.approx(2 * (1 / 4) * (1 / 2) / (1 / 4 + 1 / 2))


def test_link_counts_count_a_wrong_link_as_fp_and_fn() -> None:
    truth = {"a": "x", "b": None, "c": "y", "d": "z", "e": None}
    links = {"a": "x", "b": "x", "c": "w", "d": None, "e": None}
    counts = link_counts(links, truth)
    assert counts == Counts(tp=1, fp=2, fn=2)
    assert counts.as_dict()["precision"] == pytest.approx(0.3333)
    assert counts.as_dict()["recall"] == 0.3333


def test_empty_counts_do_not_divide_by_zero() -> None:
    assert Counts(0, 0, 0).as_dict()["f1"] == 0.0


def test_best_threshold_maximises_f1() -> None:
    scored = [(0.9, True), (0.8, False), (0.7, True), (0.2, False)]
    at, counts = best_threshold(scored, positives=3)
    assert at == 0.7
    assert counts == Counts(tp=2, fp=1, fn=1)


def test_choose_refuses_near_ties() -> None:
    assert choose([(0.9, "a"), (0.5, "b")], margin=0.02) == ("a", 0.9)
    assert choose([(0.9, "a"), (0.89, "b")], margin=0.02) is None
    assert choose([], margin=0.02) is None


def test_splink_input_reads_surname_first_court_names() -> None:
    assert forename_surname("Беляцкий Александр Викторович") == (
        "aleksandr",
        "beliatskii",
    )
    assert forename_surname("Ales Bialiatski") == ("ales", "bialiatski")
    assert forename_surname("Bialiatski, Ales") == ("ales", "bialiatski")


def test_rollcall_f1_on_the_in_sample_gold_split() -> None:
    gold = load_gold(split=IN_SAMPLE)
    rollcall = rollcall_gold(gold)
    assert len(gold.truth) > 1000
    assert rollcall["f1"] >= GOLD_MIN_F1, rollcall
    assert rollcall["hard_negatives_wrongly_matched"] <= 5, rollcall


def clusters() -> list[str]:
    with open(GOLD / "people.csv", encoding="utf-8", newline="") as f:
        return sorted({row["cluster"] for row in csv.DictReader(f)})


def test_the_held_out_split_is_the_one_first_drawn() -> None:
    held_out = [c for c in clusters() if split_of(c) == HELD_OUT]
    assert len(held_out) == HELD_OUT_PEOPLE
    digest = hashlib.sha256("\n".join(held_out).encode()).hexdigest()
    assert digest == HELD_OUT_DIGEST


def test_the_split_depends_on_the_person_alone() -> None:
    people = clusters()
    before = {c: split_of(c) for c in people}
    random.Random(1).shuffle(people)
    assert {c: split_of(c) for c in people + ["someone-new"]} == {
        **before,
        "someone-new": split_of("someone-new"),
    }


def test_the_splits_are_disjoint_and_cover_the_gold_set() -> None:
    whole = load_gold()
    in_sample, held_out = load_gold(split=IN_SAMPLE), load_gold(split=HELD_OUT)
    assert not set(in_sample.clusters) & set(held_out.clusters)
    assert sorted(in_sample.names + held_out.names) == sorted(whole.names)
    assert not set(in_sample.negatives) & set(held_out.negatives)
    assert len(in_sample.negatives) + len(held_out.negatives) == len(whole.negatives)
    assert 0.25 < len(set(held_out.clusters)) / len(set(whole.clusters)) < 0.4


def test_no_held_out_person_is_in_an_in_sample_hard_negative() -> None:
    in_sample, held_out = load_gold(split=IN_SAMPLE), load_gold(split=HELD_OUT)
    hidden = set(held_out.names)
    assert not {n for pair in in_sample.negatives for n in pair} & hidden


def test_splink_can_read_names_as_rollcall_does() -> None:
    assert lexicon_forename_surname("Беляцкий Александр Викторович") == (
        "aleksandr",
        "beletki",
    )
    assert lexicon_forename_surname("Зміцер Дашкевіч") == ("dmitrii", "dashkevich")
    assert lexicon_forename_surname("Dzmitry Dashkevich") == (
        "dmitrii",
        "dashkevich",
    )
    assert lexicon_forename_surname("A. Bialiatski") == ("a", "beletki")


def test_the_gold_readme_documents_the_split_in_use() -> None:
    readme = (GOLD / "README.md").read_text(encoding="utf-8")
    assert f'"{SPLIT_SALT}:" + person' in readme
    assert f"% {HELD_OUT_ONE_IN} == 0" in readme
    assert f"{HELD_OUT_PEOPLE} of the" in readme


REGISTER = [
    Record("r1", "Ales Bialiatski", "1962-09-25", "Minsk"),
    Record("r2", "Siarhei Tsikhanouski", "1978-08-18", "Homel Region"),
    Record("r3", "Siarhei Tsikhanouski", "1990", "Minsk"),
    Record("r4", "Maria Kalesnikava", "1982-04-24", "Minsk"),
]
INCOMING = [
    Record("i1", "Беляцкий Алесь", "1962", "Minsk"),  # same year
    Record("i2", "Sergei Tikhanovsky", "1978-08-18", None),  # full date decides
    Record("i3", "Sergei Tikhanovsky", None, None),  # two namesakes: a tie
    Record("i4", "M. Kalesnikava", None, "Minsk"),  # no year: every year
    Record("i5", "Maria Kalesnikava", "1983", "Minsk"),  # another year: not compared
]


def test_rollcall_links_by_birth_year_and_evidence() -> None:
    linker = RollcallLinker(REGISTER, INCOMING)
    assert linker.years()[-1] == "1990"
    scored = link_all(linker, processes=1)
    assert set(scored) == {r.record_id for r in INCOMING}
    best = {k: choose(v[1], TIE_MARGIN) for k, v in scored.items()}
    assert best["i1"] is not None and best["i1"][0] == "r1"
    assert best["i2"] is not None and best["i2"][0] == "r2"
    assert best["i2"][1] > 1.0  # name score + the same full birth date
    assert best["i3"] is None
    assert {key for _, key in scored["i3"][0]} == {"r2", "r3"}
    assert best["i4"] is not None and best["i4"][0] == "r4"
    assert scored["i5"] == ([], [])
