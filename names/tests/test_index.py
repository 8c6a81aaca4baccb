"""NameIndex search, duplicate pairs and blocking keys."""

import pytest

from names import DUPLICATE_MIN_SCORE, SEARCH_MIN_SCORE, NameIndex, blocking_keys, score
from names.tests.bench_index import synthetic_people
from names.tests.test_match import SAME_PERSON

PEOPLE = [
    ("bialiatski", "Алесь Бяляцкі"),
    ("bialiatski", "Ales Bialiatski"),
    ("pushkin", "Aliaksandr Pushkin"),
    ("tsikhanouski", "Сяргей Ціханоўскі"),
    ("tsikhanouski", "Siarhei Tsikhanouski"),
    ("tsikhanouskaya", "Святлана Ціханоўская"),
    ("kalesnikava", "Maria Kalesnikava"),
    ("kalesnikava-2", "Maryna Kalesnikava"),
    ("bialiatski-ru", "Беляцкий Алесь Викторович"),
]


@pytest.fixture(scope="module")
def index() -> NameIndex[str]:
    return NameIndex.build(PEOPLE + [(f"p{k}", n) for k, n in synthetic_people(2000)])


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("Ales Bialiatski", "bialiatski"),
        ("Бяляцкі", "bialiatski"),
        ("A. Bialiatski", "bialiatski"),
        ("Sergei Tikhanovsky", "tsikhanouski"),
        ("Тихановский Сергей Леонидович", "tsikhanouski"),
        ("Kolesnikova Maria", "kalesnikava"),
        ("Siarhei Tsikhanoski", "tsikhanouski"),
    ],
)
def test_search_finds_the_person(index: NameIndex[str], query: str, key: str) -> None:
    hits = index.search(query)
    assert key in [hit.key for hit in hits[:2]], hits


def test_search_shows_one_hit_per_key_with_best_variant(index: NameIndex[str]) -> None:
    hits = index.search("Siarhei Tsikhanouski")
    assert hits[0].key == "tsikhanouski"
    assert hits[0].name == "Сяргей Ціханоўскі"  # the first name added for the key
    assert hits[0].matched == "Siarhei Tsikhanouski"  # the variant that matched best
    assert len({hit.key for hit in hits}) == len(hits)


def test_search_keeps_different_people_apart(index: NameIndex[str]) -> None:
    keys = [hit.key for hit in index.search("Maria Kalesnikava", min_score=0.8)]
    assert "kalesnikava" in keys and "kalesnikava-2" not in keys


@pytest.mark.parametrize("query", ["", "   ", "🙂", "x" * 10_000, "...", "A."])
def test_search_with_bad_input_is_empty_or_sane(
    index: NameIndex[str], query: str
) -> None:
    assert all(0 <= hit.score <= 1 for hit in index.search(query))


def test_pairs_reports_duplicates_once(index: NameIndex[str]) -> None:
    small = NameIndex.build(PEOPLE)
    found = {(a, b) for a, b, _ in small.pairs()}
    assert found == {("bialiatski", "bialiatski-ru")}


@pytest.mark.parametrize(("a", "b"), SAME_PERSON)
def test_same_person_shares_a_blocking_key(a: str, b: str) -> None:
    assert blocking_keys(a) & blocking_keys(b), (blocking_keys(a), blocking_keys(b))


def test_blocking_keys_are_few() -> None:
    assert 1 <= len(blocking_keys("Siarhei Tsikhanouski")) <= 4
    assert blocking_keys("") == set()


INCOMING = [
    ("q-bialiatski", "Беляцкий Алесь Викторович"),
    ("q-initials", "S. Tsikhanouski"),
    ("q-typo", "Siarhei Tsikhanuoski"),
    ("q-nobody", "Ivan Nikto"),
]


def test_link_finds_incoming_records_in_the_register() -> None:
    register = NameIndex.build(PEOPLE)
    best: dict[str, tuple[float, str]] = {}
    for query, key, match in register.link(INCOMING):
        if match.score > best.get(query, (0.0, ""))[0]:
            best[query] = (match.score, key)
    assert best["q-bialiatski"][1] == "bialiatski"
    assert best["q-initials"][1] == "tsikhanouski"
    assert best["q-typo"][1] == "tsikhanouski"
    assert "q-nobody" not in best


def test_link_takes_an_index_or_pairs_and_scores_like_score() -> None:
    register = NameIndex.build(
        PEOPLE + [(f"p{k}", n) for k, n in synthetic_people(300)]
    )
    incoming = [(f"in{k}", n) for k, n in synthetic_people(60, seed=3)[1::4]]
    from_pairs = sorted(register.link(incoming), key=lambda t: (t[0], t[1]))
    from_index = sorted(
        register.link(NameIndex.build(incoming)), key=lambda t: (t[0], t[1])
    )
    assert from_pairs == from_index
    assert len({(a, b) for a, b, _ in from_pairs}) == len(from_pairs)
    names = dict(incoming)
    for query, key, match in from_pairs:
        assert match.score >= SEARCH_MIN_SCORE
        spellings = [n for k, n in register_pairs(register) if k == key]
        assert match.score == max(score(names[query], n) for n in spellings)


def test_link_finds_what_scoring_every_pair_finds() -> None:
    register_names = [(f"p{k}", n) for k, n in synthetic_people(400)]
    register = NameIndex.build(register_names)
    incoming = [
        (f"in{k}", _second_source(i, n))
        for i, (k, n) in enumerate(synthetic_people(400, seed=7)[2::4][:90])
    ]
    linked = {(a, b) for a, b, _ in register.link(incoming, DUPLICATE_MIN_SCORE)}
    everything = {
        (a, b)
        for a, x in incoming
        for b, y in register_names
        if score(x, y) >= DUPLICATE_MIN_SCORE
    }
    assert linked <= everything
    assert len(linked) >= 0.95 * len(everything)


def register_pairs(index: NameIndex[str]) -> list[tuple[str, str]]:
    return list(zip(index.keys, index.names, strict=True))


def _second_source(i: int, name: str) -> str:
    """Spell a name as another source might: a typo, an initial, reversed."""
    given, surname = name.split()
    if i % 3 == 0:
        return f"{given} {surname[:3]}{surname[4]}{surname[3]}{surname[5:]}"
    if i % 3 == 1:
        return f"{given[0]}. {surname}"
    return f"{surname} {given}"
