from __future__ import annotations

import pytest

from link.keys import candidate_keys, canonical_key, given_key, strip_possessive


@pytest.mark.parametrize(
    ("register", "text"),
    [
        ("Бяляцкі", "Бяляцкага"),
        ("Бяляцкі", "Беляцкого"),
        ("Бяляцкі", "Bialiatskiego"),
        ("Бяляцкі", "Бяляцкім"),
        ("Калеснікава", "Калеснікавай"),
        ("Колесникова", "Колесниковой"),
        ("Kalesnikava", "Kolesnikowej"),
        ("Бабарико", "Бабарыкі"),
        ("Poczobut", "Poczobuta"),
        ("Пачобут", "Poczobutem"),
        ("Pachobut", "Poczobutowi"),
        ("Tsikhanouski", "Тихановского"),
        ("Иванов", "Ивановым"),
        ("Статкевіч", "Статкевичем"),
        ("Лукашэнка", "Лукашенко"),
    ],
)
def test_a_case_form_has_the_nominative_key_among_its_candidates(
    register: str, text: str
) -> None:
    assert canonical_key(register) in candidate_keys(text)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Алесь", "Алеся"),
        ("Марыя", "Марии"),
        ("Віктар", "Виктору"),
        ("Andrei", "Andrzeja"),
        ("Мікалай", "Николая"),
        ("Дзмітрый", "Dmitriy"),
        ("Сяргей", "Сергеем"),
    ],
)
def test_a_given_name_in_any_language_and_case_has_its_group_key(
    a: str, b: str
) -> None:
    key = given_key(canonical_key(a))
    assert key is not None
    assert key in {given_key(k) for k in candidate_keys(b)}


def test_short_forms_shared_by_two_names_join_nothing() -> None:
    # Слава is short for Станіслаў and for Вячаслаў: they stay two names.
    assert given_key(canonical_key("Станіслаў")) != given_key(canonical_key("Святлана"))


@pytest.mark.parametrize(
    ("word", "stripped"),
    [("Pushkin's", "Pushkin"), ("Bialiatski’s", "Bialiatski"), ("O'Neil", "O'Neil")],
)
def test_english_possessives_are_stripped(word: str, stripped: str) -> None:
    assert strip_possessive(word) == stripped


def test_latin_look_alike_letters_inside_a_cyrillic_word_are_folded() -> None:
    assert candidate_keys("Кaлеснiкавай") == candidate_keys("Калеснікавай")
