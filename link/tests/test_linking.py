from __future__ import annotations

import pytest

from link.core import Linker, Result, tokenize

PEOPLE = [
    ("bialiatski", "Ales Bialiatski", ["Алесь Бяляцкі", "Алесь Беляцкий"]),
    ("kalesnikava", "Maria Kalesnikava", ["Марыя Калеснікава", "Мария Колесникова"]),
    ("babaryka", "Viktar Babaryka", ["Віктар Бабарыка", "Виктор Бабарико"]),
    ("poczobut", "Andrzej Poczobut", ["Андрэй Пачобут", "Андрей Почобут"]),
    ("pushkin", "Ales Pushkin", ["Алесь Пушкін"]),
    ("tsikhanouski", "Siarhei Tsikhanouski", ["Сяргей Ціханоўскі"]),
    ("tsikhanouskaya", "Sviatlana Tsikhanouskaya", ["Святлана Ціханоўская"]),
    ("statkevich", "Mikalai Statkevich", ["Мікалай Статкевіч"]),
    ("ashurak", "Vitold Ashurak", ["Вітольд Ашурак"]),
]


@pytest.fixture(scope="module")
def linker() -> Linker[str]:
    return Linker.build(PEOPLE)


def linked(result: Result[str]) -> list[tuple[str, str]]:
    return [(m.text, m.key) for m in result.mentions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Суд над Алесем Бяляцкім.", [("Алесем Бяляцкім", "bialiatski")]),
        ("Адвокат Марии Колесниковой.", [("Марии Колесниковой", "kalesnikava")]),
        ("Виктору Бабарико стало хуже.", [("Виктору Бабарико", "babaryka")]),
        ("Sąd skazał Andrzeja Poczobuta.", [("Andrzeja Poczobuta", "poczobut")]),
        ("Ales Pushkin's death.", [("Ales Pushkin's", "pushkin")]),
        ("Statement by A. Bialiatski.", [("A. Bialiatski", "bialiatski")]),
        ("Бяляцкі Алесь Віктаравіч", [("Бяляцкі Алесь Віктаравіч", "bialiatski")]),
        (
            "Сергей Леонидович Тихановский",
            [("Сергей Леонидович Тихановский", "tsikhanouski")],
        ),
        ("Mikalai Statkevich said so.", [("Mikalai Statkevich", "statkevich")]),
        ("Витольда Ашурака похоронили.", [("Витольда Ашурака", "ashurak")]),
        ("Ашурак Вітольд", [("Ашурак Вітольд", "ashurak")]),
    ],
)
def test_names_are_found_in_any_script_case_and_order(
    linker: Linker[str], text: str, expected: list[tuple[str, str]]
) -> None:
    assert linked(linker.find(text)) == expected


def test_a_surname_alone_counts_only_after_a_fuller_mention(
    linker: Linker[str],
) -> None:
    result = linker.find("Бяляцкі напісаў. Потым Алесь Бяляцкі прыйшоў, і Бяляцкага.")
    assert [(m.text, m.kind) for m in result.mentions] == [
        ("Алесь Бяляцкі", "full"),
        ("Бяляцкага", "surname"),
    ]


def test_a_surname_alone_goes_to_the_person_named_last(linker: Linker[str]) -> None:
    result = linker.find(
        "Сяргей Ціханоўскі і Святлана Ціханоўская. Ціханоўская сказала."
    )
    assert linked(result)[-1] == ("Ціханоўская", "tsikhanouskaya")


def test_lowercase_words_are_no_names(linker: Linker[str]) -> None:
    assert linked(linker.find("алесь бяляцкі")) == []


def test_punctuation_between_words_parts_two_names(linker: Linker[str]) -> None:
    assert linked(linker.find("Алесь, Бяляцкі")) == []


def test_each_mention_has_a_score_a_reason_and_the_matched_variant(
    linker: Linker[str],
) -> None:
    (mention,) = linker.find("Марии Колесниковой").mentions
    assert mention.variant == "Мария Колесникова"
    assert mention.score == 0.95
    assert "given name and surname" in mention.reason
    assert (mention.start, mention.end) == (0, 18)


def test_dates_and_event_words_of_the_sentence_are_hints(
    linker: Linker[str],
) -> None:
    text = "Алеся Пушкіна памёр 11 ліпеня 2023 года. Віктар Бабарыка вызвалены."
    first, second = linker.find(text).mentions
    assert [(h.kind, h.value) for h in first.hints] == [
        ("event", "died"),
        ("date", "2023-07-11"),
    ]
    assert [(h.kind, h.value) for h in second.hints] == [("event", "released")]


def test_namesakes_are_flagged_with_a_lower_score() -> None:
    twins = Linker.build([("a", "Ivan Ivanov", []), ("b", "Іван Іваноў", [])])
    (mention,) = twins.find("Ivan Ivanov").mentions
    assert (mention.key, mention.alternatives, mention.score) == ("a", ("b",), 0.475)
    assert "namesake" in mention.reason


def test_a_namesake_whose_record_fits_the_sentence_is_chosen() -> None:
    twins = Linker.build(
        [("a", "Ivan Ivanov", []), ("b", "Ivan Ivanov", [])],
        facts={"b": {"died", "2023-08-14"}},
    )
    (mention,) = twins.find("Ivan Ivanov died on 14 August 2023.").mentions
    assert (mention.key, mention.alternatives) == ("b", ("a",))
    assert "the record has died, 2023-08-14" in mention.reason


def test_unknown_person_like_names_are_candidates(linker: Linker[str]) -> None:
    result = linker.find(
        "Вчера Иван Петров и Алесь Бяляцкі. Mr John Smith. Минск Беларусь."
    )
    assert [u.text for u in result.unknown_names] == ["Иван Петров", "John Smith"]


def test_russian_morphology_finds_names_the_lexicon_lacks(
    linker: Linker[str],
) -> None:
    result = linker.find("Задержан Мирон Кукушкин.", language="ru")
    assert [u.text for u in result.unknown_names] == ["Мирон Кукушкин"]


def test_an_empty_register_or_text_finds_nothing() -> None:
    assert Linker.build([]).find("Алесь Бяляцкі").mentions == []
    assert Linker.build(PEOPLE).find("").mentions == []


def test_initials_are_tokens_with_a_full_stop() -> None:
    assert [t.initial for t in tokenize("A. Bialiatski, Дз. Дашкевіч")] == [
        True,
        False,
        True,
        False,
    ]


def test_a_fleeting_vowel_in_a_case_form_is_restored(linker: Linker[str]) -> None:
    # Ашурак → Ашурака; Дзядок → Дзядка: the vowel of -ок/-ец drops.
    people = Linker.build([("dziadok", "Мікалай Дзядок", []), *PEOPLE])
    assert linked(people.find("Мікалая Дзядка асудзілі.")) == [
        ("Мікалая Дзядка", "dziadok")
    ]


def test_a_surname_one_letter_off_next_to_a_given_name_is_a_weaker_link(
    linker: Linker[str],
) -> None:
    (mention,) = linker.find("Ales Bialacki, laureat Nagrody Nobla.").mentions
    assert (mention.key, mention.score) == ("bialiatski", 0.7)
    assert "one letter off" in mention.reason
    assert linker.find("Ales Bialacki").unknown_names == []


@pytest.mark.parametrize(
    ("text", "mentioned"),
    [
        ("Бяляцкі А. В. асуджаны.", "Бяляцкі А. В"),
        ("A. V. Bialiatski was sentenced.", "A. V. Bialiatski"),
    ],
)
def test_a_second_initial_belongs_to_the_name(
    linker: Linker[str], text: str, mentioned: str
) -> None:
    assert linked(linker.find(text)) == [(mentioned, "bialiatski")]


def test_a_registered_surname_before_a_comma_is_no_patronymic(
    linker: Linker[str],
) -> None:
    result = linker.find("Mikalai Statkevich, Ales Pushkin and others.")
    assert [m.key for m in result.mentions] == ["statkevich", "pushkin"]


def test_a_name_of_given_name_forms_only_is_still_a_name() -> None:
    # Кот is also a short form of Кацярына; Андрэеў has the key of Andrew.
    people = Linker.build([("kot", "Дмітрый Кот", []), ("andreev", "Пётр Андрэеў", [])])
    assert linked(people.find("Дмитрия Кота и Петра Андреева задержали.")) == [
        ("Дмитрия Кота", "kot"),
        ("Петра Андреева", "andreev"),
    ]


def test_a_repeated_name_goes_to_the_person_named_first_and_keeps_namesakes() -> None:
    twins = Linker.build(
        [("a", "Ivan Ivanov", []), ("b", "Ivan Ivanov", [])], facts={"b": {"died"}}
    )
    first, second = twins.find(
        "Ivan Ivanov died. Later Ivan Ivanov was buried."
    ).mentions
    assert (first.key, second.key) == ("b", "b")
    assert second.alternatives == ("a",)
    assert "as the same name earlier in the text" in second.reason


@pytest.mark.parametrize(
    "text",
    [
        "Uladzimir Luk”yanyenka's family",
        "Уладзімір Лукʼяненка",
        "Uladzimir Lukjanienka",
    ],
)
def test_every_apostrophe_of_the_romanisations_keeps_a_word_whole(text: str) -> None:
    people = Linker.build([("l", "Уладзімір Лук'яненка", [])])
    assert [m.key for m in people.find(text).mentions] == ["l"]


def test_a_patronymic_that_is_also_a_registered_surname_stays_a_patronymic() -> None:
    people = Linker.build(
        [("petrovich", "Андрэй Пятровіч", []), ("antonov", "Антонов Андрей", [])]
    )
    result = people.find("Андрэй Пятровіч прыйшоў. Антонов Андрей Петрович был там.")
    assert [(m.text, m.key) for m in result.mentions] == [
        ("Андрэй Пятровіч", "petrovich"),
        ("Антонов Андрей Петрович", "antonov"),
    ]


def test_a_word_is_itself_before_it_is_a_form_with_a_fleeting_vowel() -> None:
    people = Linker.build(
        [("rudak", "Раман Рудак", []), ("rudzka", "Любоў Рудзька", [])]
    )
    assert [m.key for m in people.find("Любоў Рудзька, Раман Рудак.").mentions] == [
        "rudzka",
        "rudak",
    ]


def test_a_huge_word_or_a_text_of_symbols_finds_nothing(linker: Linker[str]) -> None:
    assert linker.find("Ales " + "B" * 100_000).mentions == []
    assert linker.find("\x00\ufffd" * 10_000 + "🙂" * 1000).mentions == []


@pytest.mark.parametrize(
    "text", ["Mr Babaryka's lawyer", "Mr. Babaryka", "пан Бабарыка", "г-н Бабарико"]
)
def test_a_title_and_a_surname_borne_by_one_person_is_a_weak_link(
    linker: Linker[str], text: str
) -> None:
    (mention,) = linker.find(text).mentions
    assert (mention.key, mention.kind, mention.score) == ("babaryka", "surname", 0.7)
    assert mention.reason.startswith("title and surname")


def test_a_title_and_a_surname_of_several_people_is_no_link() -> None:
    people = Linker.build([("a", "Ivan Ivanov", []), ("b", "Piotr Ivanov", [])])
    assert people.find("Mr Ivanov said so.").mentions == []
