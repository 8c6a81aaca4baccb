"""NameIndex search, duplicate pairs and blocking keys."""

import pytest

from names import NameIndex, blocking_keys
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
