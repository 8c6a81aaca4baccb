"""Fuzzing the search: any text a person can type, in every place a query is read.

A query is parsed into name tokens (names/tokenize.py `parse_name`) and
matched against the name index (names/index.py) by `rollcall search`
(registry/matching.py), the public list's `q=` (public/store.py) and the
API's `/search` and `/persons`. Thousands of queries (the `fuzz` profile):
no exception, no server error, results only from the public.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import names
from registry.matching import search
from registry.tests.builders import import_rows, make_row

FUZZ = settings(
    settings.get_profile("fuzz"),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
# A search of the register or a request through the site costs more.
FUZZ_HTTP = settings(FUZZ, max_examples=max(20, FUZZ.max_examples // 20))

NAMES = [
    "Марыя Калеснікава",
    "Мария Колесникова",
    "Maryia Kalesnikava",
    "Ales Bialiatski",
    "Алесь Бяляцкі",
    "Дз. Ф. Дашкевіч",
    "O'Brien-Smith Zhanna",
]
WORDS = st.sampled_from(
    [
        "Марыя",
        "Kalesnikava",
        "Ales",
        "Дз.",
        "-",
        "'",
        "''",
        "--",
        "...",
        "%",
        "_",
        "*",
        '"',
        "\\",
        "\x00",
        "\u0301",
        "\u200b",
        "\ufeff",
        "\u202e",
        "ǅ",
        "ß",
        "İ",
        "ﬀ",
        "１２３",
        "𝔐𝔞𝔯𝔶𝔞",
        "😀",
        "a" * 300,
        "Ж" * 80,
        "SELECT * FROM persons;--",
        "<script>",
        "OR 1=1",
    ]
)
QUERIES = st.one_of(
    st.text(max_size=60),
    st.lists(WORDS | st.text(max_size=8), max_size=12).map(" ".join),
    st.text(st.characters(whitelist_categories=("Mn", "Zs", "Pd", "Po")), max_size=20),
)
HIDDEN = "Hanna Sakretava"
INDEX = names.NameIndex.build((str(i), name) for i, name in enumerate(NAMES))


@FUZZ
@given(QUERIES)
def test_the_name_parser_and_index_take_any_query(query: str) -> None:
    names.parse_name(query)
    for hit in INDEX.search(query, limit=5):
        assert 0.0 <= hit.score <= 1.0 and hit.key in {str(i) for i in range(7)}


@pytest.fixture
def register(tmp_path: Path, publish_now: Any) -> None:
    rows = [
        make_row(record_id=f"p-{i}", name=name, name_be="", name_ru="")
        for i, name in enumerate(NAMES)
    ]
    rows.append(make_row(record_id="h-1", name=HIDDEN, visibility="restricted"))
    import_rows(tmp_path / "people.csv", rows)
    publish_now()


@pytest.mark.django_db
@FUZZ_HTTP
@given(QUERIES)
def test_the_staff_search_takes_any_query(register: None, query: str) -> None:
    for result in search(query, limit=5):
        assert result.record_id


@pytest.mark.django_db
@FUZZ_HTTP
@given(
    query=QUERIES,
    page=st.sampled_from(["", "0", "-1", "1", "99999999999999999999", "x", "1.5"]),
    year=st.sampled_from(["", "0", "2021", "-5", "99999", "२०२१", "x"]),
    per_page=st.sampled_from(["", "0", "1", "100", "101", "1e3"]),
)
def test_the_public_search_answers_any_query_without_a_server_error(
    register: None, client: Client, query: str, page: str, year: str, per_page: str
) -> None:
    asked = {"q": query, "page": page, "year": year, "per_page": per_page}
    asked = {key: value.replace("\x00", "") for key, value in asked.items()}
    for url in (
        reverse("person_list"),
        "/api/v1/search",
        "/api/v1/persons",
    ):
        response = client.get(url, asked)
        assert response.status_code in (200, 400, 404, 422), (url, response)
        assert b"Sakretava" not in response.content
        assert b"h-1" not in response.content


@pytest.mark.django_db
def test_a_query_with_a_nul_is_answered_too(register: None, client: Client) -> None:
    """A browser sends %00 as it is; the query string may carry anything."""
    for url in (reverse("person_list"), "/api/v1/search", "/api/v1/persons"):
        response = client.get(f"{url}?q=Mar%00yia&page=%00&year=%FF")
        assert response.status_code in (200, 400, 422), (url, response)


@pytest.mark.django_db
def test_rollcall_search_takes_the_worst_queries(
    register: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from rollcall.cli import main

    for query in ("\x00", "'; DROP TABLE", "Ж" * 10_000, "\u202e\u0301"):
        assert main(["search", query, "--json"]) == 0
    assert main(["search", " ", "--json"]) == 1  # (an empty query, in one line)
    batch = tmp_path / "queries.txt"
    batch.write_bytes(b"Maryia\n\xff\xfe broken\n")
    assert main(["search", "--batch", str(batch)]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines()[-1] == (
        f"rollcall: error: {batch}: line 2, column 1: is not UTF-8 text"
    )
