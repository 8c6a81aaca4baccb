"""The synthetic register: deterministic, valid, and plausible in its shares."""

from __future__ import annotations

import csv
import json
import random
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from demo.synthetic import (
    SyntheticRegister,
    be_lacinka,
    be_passport,
    generate,
    ru_icao,
    ru_news,
    ru_polish,
    surnames,
)
from ingest import records as r
from registry.dates import PartialDate

TODAY = date(2026, 11, 1)
DATA = Path(__file__).resolve().parents[2] / "registry" / "data"
EVENT_TYPES = {
    "arrest", "search", "property_seizure", "ill_treatment", "denial_of_medical_care",
    "incommunicado", "death_in_custody", "in_absentia_trial", "added_to_wanted_list",
    "added_to_extremist_list", "transfer", "release", "pardon",
}  # fmt: skip
PERSON_KEYS = [
    "record_id", "name", "names", "sex", "birth_date", "country", "region",
    "locality", "visibility", "name_disclosure", "place_disclosure", "died_on",
    "died_in_custody", "notes", "sources", "detentions", "recognitions", "cases",
    "events", "health",
]  # fmt: skip
REGIONS = {
    "Minsk", "Minsk Region", "Brest Region", "Vitsebsk Region", "Homel Region",
    "Hrodna Region", "Mahilioŭ Region",
}  # fmt: skip


@pytest.fixture(scope="module")
def demo() -> SyntheticRegister:
    return generate(2000)


def csv_column(filename: str, column: str) -> set[str]:
    with (DATA / filename).open(encoding="utf-8") as handle:
        return {row[column].strip() for row in csv.DictReader(handle)}


def day(text: str | None) -> PartialDate | None:
    return None if text is None else PartialDate.parse(text)


def held(person: dict[str, Any]) -> bool:
    return any(d["end"] is None for d in person["detentions"])


# Determinism and size


def test_the_same_seed_gives_the_same_register() -> None:
    first = generate(120, seed=11, duplicate_rate=0.1)
    second = generate(120, seed=11, duplicate_rate=0.1)
    assert json.dumps(first.persons) == json.dumps(second.persons)
    assert first.duplicates == second.duplicates


def test_the_global_random_state_is_neither_used_nor_changed() -> None:
    random.seed(1)
    state = random.getstate()
    first = generate(40)
    assert random.getstate() == state
    random.seed(2)
    assert json.dumps(generate(40).persons) == json.dumps(first.persons)


def test_different_seeds_give_different_registers() -> None:
    first = generate(50, seed=1).persons
    second = generate(50, seed=2).persons
    assert json.dumps(first) != json.dumps(second)
    assert [p["name"] for p in first] != [p["name"] for p in second]


@pytest.mark.parametrize(
    ("count", "rate"), [(0, 0.0), (1, 0.0), (7, 0.3), (50, 0.0), (333, 0.05)]
)
def test_count_is_the_number_of_records(count: int, rate: float) -> None:
    register = generate(count, duplicate_rate=rate)
    assert len(register.persons) == count
    ids = [p["record_id"] for p in register.persons]
    assert len(set(ids)) == count
    assert all(i.startswith("syn-") and len(i) == 10 for i in ids)


@pytest.mark.parametrize(
    "arguments",
    [
        {"count": -1},
        {"count": 5, "duplicate_rate": 0.9},
        {"count": 5, "today": date(2020, 6, 1)},
    ],
)
def test_bad_arguments_are_refused(arguments: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        generate(**arguments)


# Validity


def test_every_record_reads_as_registry_json_without_problems(
    demo: SyntheticRegister,
) -> None:
    from ingest.json_format import parse_json

    document = {"format": "rollcall-registry", "version": 1, "persons": demo.persons}
    records, problems = parse_json(json.dumps(document).encode(), "synthetic")
    assert problems == []
    assert len(records) == len(demo.persons)


def check_vocabularies(person: dict[str, Any]) -> None:
    assert list(person) == PERSON_KEYS
    assert person["name"] and person["names"]
    for name in person["names"]:
        assert name["value"].strip() == name["value"] and name["value"]
        assert name["kind"] in r.NAME_KINDS
        assert bool(name["system"]) == (name["kind"] == "latin")
    assert person["sex"] in ("m", "f", "")
    assert person["visibility"] in r.VISIBILITY
    assert person["name_disclosure"] in r.NAME_DISCLOSURE
    assert person["place_disclosure"] in r.PLACE_DISCLOSURE
    assert person["country"] == "BY" and person["region"] in REGIONS
    for d in person["detentions"]:
        assert d["kind"] in r.DETENTION_KINDS
        assert d["release_reason"] in (*r.RELEASE_REASONS, "")
        assert bool(d["release_reason"]) <= (d["end"] is not None)
    for item in ("detentions", "recognitions", "cases", "events", "health"):
        for fact in person[item]:
            assert fact["verification"] in r.VERIFICATION
            for url in fact.get("sources", []):
                assert url.startswith("https://example.org/synthetic/")
    assert all(e["type"] in EVENT_TYPES for e in person["events"])
    assert all(h["condition"] in r.HEALTH for h in person["health"])
    for case in person["cases"]:
        assert case["articles"]
        assert all(r.ARTICLE.fullmatch(a) for a in case["articles"])


def dates_of(person: dict[str, Any]) -> list[str]:
    found = [person["birth_date"], person["died_on"]]
    for d in person["detentions"] + person["recognitions"]:
        found += [d["start"], d["end"]]
    found += [c["sentenced_on"] for c in person["cases"]]
    found += [e["date"] for e in person["events"]]
    return [text for text in found if text is not None]


# The generator's ages at the first detention: 17 years to 80 years and 364 days
# (in days of 365, as it counts them).
YOUNGEST = 17 * 365
OLDEST = 80 * 365 + 364


def check_age(birth: PartialDate, first: PartialDate) -> None:
    """The age at the first detention, as far as two partial dates tell it.

    A date known to the year or month is a period, so the age lies between the
    youngest (latest birth, earliest detention) and the oldest (earliest birth,
    latest detention) the periods allow: one of them must be a possible age.
    Measuring from 1 January alone made a person born late in a year-only year
    look up to a year older than the generator made them.
    """
    youngest = (first.first_day() - birth.last_day()).days
    oldest = (first.last_day() - birth.first_day()).days
    assert youngest <= OLDEST and oldest >= YOUNGEST, (str(birth), str(first))


def check_dates(person: dict[str, Any], today: date) -> None:
    for text in dates_of(person):
        parsed = PartialDate.parse(text)
        assert str(parsed) == text
        assert parsed.first_day() <= today
    birth = day(person["birth_date"])
    for text in dates_of(person)[1:]:
        assert text >= "2020-04", text
    for fact in person["detentions"] + person["recognitions"]:
        start, end = day(fact["start"]), day(fact["end"])
        assert start is not None
        assert end is None or end.last_day() >= start.first_day(), fact
    if birth and person["detentions"]:
        first = day(person["detentions"][0]["start"])
        assert first is not None
        check_age(birth, first)
    if person["died_on"]:
        died = day(person["died_on"])
        assert died is not None
        assert all(e["date"] <= person["died_on"] for e in person["events"])


def test_vocabularies_and_dates_are_valid(demo: SyntheticRegister) -> None:
    for person in demo.persons:
        check_vocabularies(person)
        check_dates(person, TODAY)


def test_a_register_made_earlier_stops_at_its_today() -> None:
    today = date(2023, 1, 1)
    for person in generate(300, today=today, duplicate_rate=0.1).persons:
        check_vocabularies(person)
        check_dates(person, today)


@pytest.mark.parametrize(
    ("birth", "first"),
    [
        ("1939", "2020-08-23"),  # born late in 1939: 80 years old, not 81.6
        ("1939", "2020-10"),
        ("1945", "2026-08-04"),
        ("2003-08", "2020-08"),  # a 17-year-old arrested in the month of birth
        ("1960-03-15", "2021-03-15"),
    ],
)
def test_the_age_bound_allows_every_age_partial_dates_leave_open(
    birth: str, first: str
) -> None:
    check_age(PartialDate.parse(birth), PartialDate.parse(first))


@pytest.mark.parametrize(
    ("birth", "first"), [("1938", "2020-01-01"), ("2004-12-31", "2020-12-31")]
)
def test_the_age_bound_still_catches_impossible_ages(birth: str, first: str) -> None:
    with pytest.raises(AssertionError):
        check_age(PartialDate.parse(birth), PartialDate.parse(first))


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**9), count=st.integers(0, 30), rate=st.floats(0, 0.5))
def test_any_seed_gives_valid_records(seed: int, count: int, rate: float) -> None:
    register = generate(count, seed=seed, duplicate_rate=rate)
    assert len(register.persons) == count
    for person in register.persons:
        check_vocabularies(person)
        check_dates(person, TODAY)


def test_custody_is_ordered_and_sentences_follow_arrests(
    demo: SyntheticRegister,
) -> None:
    for person in demo.persons:
        detentions = person["detentions"]
        for before, after in zip(detentions, detentions[1:], strict=False):
            assert before["end"] is not None
            assert PartialDate.parse(before["end"]).last_day() <= (
                PartialDate.parse(after["start"]).last_day()
            )
        for case in person["cases"]:
            if case["sentenced_on"] and not case["in_absentia"]:
                first = PartialDate.parse(detentions[0]["start"]).first_day()
                assert PartialDate.parse(case["sentenced_on"]).first_day() >= first
            if case["in_absentia"]:
                assert not detentions


def test_facilities_and_articles_come_from_the_reference_data(
    demo: SyntheticRegister,
) -> None:
    names = csv_column("facilities.csv", "name_en") | {""}
    articles = csv_column("criminal_code_articles.csv", "article")
    addresses = {}
    for person in demo.persons:
        for d in person["detentions"]:
            assert d["facility"] in names
            addresses.setdefault(d["facility"], set()).add(d["facility_address"])
        for case in person["cases"]:
            for charge in case["articles"]:
                assert charge.split(" ")[1].split(".")[0] in articles
    assert len([n for n in addresses if n]) >= 15
    for name, seen in addresses.items():
        assert len(seen - {""}) <= 1, name


def test_shared_events_are_written_alike_under_each_person(
    demo: SyntheticRegister,
) -> None:
    shared: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for person in demo.persons:
        for e in person["events"]:
            if e["event_id"]:
                shared[e["event_id"]].append(
                    (e["type"], e["date"], e["place"], e["description"])
                )
    assert len(shared) >= 5
    for event_id, copies in shared.items():
        assert len(copies) >= 2, event_id
        assert len(set(copies)) == 1, event_id


# Plausible shares at demo size


def test_shares_at_demo_size_are_plausible(demo: SyntheticRegister) -> None:
    persons = demo.persons
    count = len(persons)

    def share(test: Any) -> float:
        return sum(1 for p in persons if test(p)) / count

    assert 0.28 <= share(held) <= 0.42
    deaths = sum(1 for p in persons if p["died_in_custody"])
    assert 2 <= deaths <= 15
    assert 0.06 <= share(lambda p: p["visibility"] == "anonymous") <= 0.14
    assert 0.02 <= share(lambda p: p["visibility"] == "restricted") <= 0.09
    assert share(lambda p: p["name_disclosure"] == "initials") >= 0.05
    assert 0.75 <= share(lambda p: p["recognitions"]) <= 0.95
    assert 0.08 <= share(lambda p: p["health"]) <= 0.18
    assert 0.08 <= share(lambda p: p["sex"] == "f") <= 0.25
    assert share(lambda p: any(g["end"] for g in p["recognitions"])) >= 0.1
    born = [PartialDate.parse(p["birth_date"]) for p in persons if p["birth_date"]]
    old = sum(1 for b in born if (TODAY - b.first_day()).days > 60 * 365.25)
    assert old / len(born) >= 0.08
    assert share(lambda p: len(str(p["birth_date"])) < 10) >= 0.05


def test_custody_has_realistic_variety(demo: SyntheticRegister) -> None:
    kinds = {d["kind"] for p in demo.persons for d in p["detentions"]}
    assert kinds == set(r.DETENTION_KINDS)
    reasons = {d["release_reason"] for p in demo.persons for d in p["detentions"]}
    assert {"served", "pardon", "deported", "died", "charges_dropped"} <= reasons
    pardons = [
        d["end"]
        for p in demo.persons
        for d in p["detentions"]
        if d["release_reason"] == "pardon"
    ]
    assert pardons and all("2024" <= end <= "2026-12" for end in pardons)
    counts = {len(p["detentions"]) for p in demo.persons}
    assert counts == {0, 1, 2, 3}
    month_only = [
        d["start"]
        for p in demo.persons
        for d in p["detentions"]
        if len(d["start"]) == 7
    ]
    assert month_only
    types = {e["type"] for p in demo.persons for e in p["events"]}
    assert types == EVENT_TYPES
    organisations = {g["organisation"] for p in demo.persons for g in p["recognitions"]}
    assert organisations == {"Viasna", "BAJ", "Belarusian PEN"}
    assert sum(1 for p in demo.persons if len(p["cases"]) > 1) > 0


def test_deaths_in_custody_end_the_detention(demo: SyntheticRegister) -> None:
    for person in demo.persons:
        if not person["died_in_custody"]:
            continue
        last = person["detentions"][-1]
        assert last["release_reason"] == "died"
        assert last["end"] == person["died_on"]
        assert any(e["type"] == "death_in_custody" for e in person["events"])


# Names


def names_of(person: dict[str, Any], kind: str) -> list[str]:
    return [n["value"] for n in person["names"] if n["kind"] == kind]


def test_belarusian_and_russian_names_differ_for_typical_persons(
    demo: SyntheticRegister,
) -> None:
    both = [p for p in demo.persons if names_of(p, "be") and names_of(p, "ru")]
    assert len(both) >= 0.95 * len(demo.persons)
    differ = [p for p in both if names_of(p, "be")[0] != names_of(p, "ru")[0]]
    assert len(differ) >= 0.85 * len(both)
    systems = {n["system"] for p in demo.persons for n in p["names"] if n["system"]}
    assert systems == {"be_passport", "be_lacinka", "ru_icao", "ru_news", "pl"}
    patronymics = [p for p in both if len(names_of(p, "ru")[0].split()) == 3]
    assert 0.15 * len(both) <= len(patronymics) <= 0.45 * len(both)
    assert any(names_of(p, "other") for p in demo.persons)
    latin = [p["name"] for p in demo.persons if p["name"].isascii()]
    assert len(latin) >= 0.75 * len(demo.persons)


@pytest.mark.parametrize(
    ("function", "cyrillic", "latin"),
    [
        (be_passport, "Сяргей Ціханоўскі", "Siarhei Tsikhanouski"),
        (be_passport, "Марыя Калеснікава", "Maryia Kalesnikava"),
        (be_passport, "Алесь Бяляцкі", "Ales Bialiatski"),
        (be_passport, "Вітольд Ашурак", "Vitold Ashurak"),
        (be_passport, "Таццяна Яўгенія Дзмітрый", "Tatsiana Yauheniya Dzmitry"),
        (be_lacinka, "Сяргей Ціханоўскі", "Siarhiej Cichanoŭski"),
        (be_lacinka, "Алесь Бяляцкі", "Aleś Bialacki"),
        (be_lacinka, "Уладзімір Вольга", "Uładzimir Volha"),
        (ru_icao, "Сергей Тихановский", "Sergei Tikhanovskii"),
        (ru_icao, "Мария Колесникова", "Mariia Kolesnikova"),
        (ru_news, "Сергей Тихановский", "Sergey Tikhanovsky"),
        (ru_news, "Евгений Воробьёв", "Yevgeny Vorobyov"),
        (ru_polish, "Сергей Тихановский", "Siergiej Tichanowski"),
        (ru_polish, "Мария Колесникова", "Marija Kolesnikowa"),
    ],
)
def test_transliterators_follow_their_systems(
    function: Any, cyrillic: str, latin: str
) -> None:
    assert function(cyrillic) == latin


def test_surname_tables_are_large_and_gendered() -> None:
    table = surnames()
    assert len(table) >= 300
    assert len({s.be for s in table}) == len(table)
    by_be = {s.be: s for s in table}
    assert by_be["Ціханоўскі"].be_form("f") == "Ціханоўская"
    assert by_be["Ціханоўскі"].ru_form("f") == "Тихановская"
    assert by_be["Быкаў"].be_form("f") == "Быкава"
    assert by_be["Быкаў"].ru_form("f") == "Быкова"
    assert by_be["Статкевіч"].be_form("f") == "Статкевіч"
    assert sum(1 for s in table if s.be != s.ru) >= 0.85 * len(table)


# Planted duplicates


def test_planted_duplicates_refer_to_existing_records() -> None:
    register = generate(500, seed=5, duplicate_rate=0.1)
    by_id = {p["record_id"]: p for p in register.persons}
    assert len(register.duplicates) == 50
    copies = [b for _, b in register.duplicates]
    assert len(set(copies)) == len(copies)
    originals = {a for a, _ in register.duplicates}
    assert not originals & set(copies)
    for a, b in register.duplicates:
        assert a in by_id and b in by_id and a != b
        original, copy = by_id[a], by_id[b]
        assert copy["region"] == original["region"]
        assert copy["name"] != original["name"] or copy["names"] != original["names"]
        born, born_again = original["birth_date"], copy["birth_date"]
        if born and born_again:
            assert born[:4] == born_again[:4]


def test_duplicates_are_spelt_differently_from_their_originals() -> None:
    register = generate(1000, seed=9, duplicate_rate=0.2)
    by_id = {p["record_id"]: p for p in register.persons}
    same_latin = 0
    for a, b in register.duplicates:
        original = {n["value"] for n in by_id[a]["names"] if n["kind"] == "latin"}
        copy = {n["value"] for n in by_id[b]["names"] if n["kind"] == "latin"}
        same_latin += copy <= original
    assert same_latin <= 0.5 * len(register.duplicates)
    assert not generate(100).duplicates
