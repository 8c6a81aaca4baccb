"""Given-name equivalence groups."""

import pytest

from names import (
    Equivalence,
    given_name_equivalence,
    given_name_group,
    given_name_groups,
    given_name_sex,
    load_given_names,
)

GROUPS = [
    ("Аляксандр", "aleksandr"), ("Alexander", "aleksandr"), ("Саша", "aleksandr"),
    ("Алесь", "ales"), ("Ales", "ales"), ("Зміцер", "dmitrii"), ("Zmitser", "dmitrii"),
    ("Dzmitry", "dmitrii"), ("Дмитрий", "dmitrii"), ("Мікола", "nikolai"),
    ("Коля", "nikolai"), ("Kolya", "nikolai"), ("Юрась", "iurii"),
    ("Кастусь", "konstantin"),
    ("Kastus", "konstantin"), ("Наста", "anastasiia"), ("Nastassia", "anastasiia"),
    ("Ян", "ian"), ("Uladzimir", "vladimir"), ("Włodzimierz", "vladimir"),
    ("Siarhiej", "sergei"), ("Sjarhiej", "sergei"), ("Serhii", "sergei"),
    ("Yauhen", "evgenii"), ("Jaŭhien", "evgenii"), ("Вольга", "olga"),
    ("Volha", "olga"),
    ("Ганна", "anna"), ("Hanna", "anna"), ("Кацярына", "ekaterina"),
    ("Katarzyna", "ekaterina"), ("Таццяна", "tatiana"), ("Tatsiana", "tatiana"),
    ("Наталля", "natalia"), ("Palina", "polina"), ("Марфа", "marfa"),
    # Corrections of issue 6: each spelling in the group it belongs to.
    ("Дзямід", "demid"), ("Юры", "iurii"), ("Maksimilian", "maksimilian"),
    ("Apolonia", "apolloniia"), ("Apolinaria", "apollinariia"), ("Мірон", "miron"),
    ("Яўхім", "efim"), ("Eutymiusz", "efim"), ("Яхім", "ioakim"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "group"), GROUPS)
def test_given_name_group(name: str, group: str) -> None:
    assert given_name_group(name) == group


RELATIONS = [
    ("Аляксандр", "Александр", Equivalence.SAME),
    ("Aliaksandr", "Alexander", Equivalence.SAME),
    ("Зміцер", "Dmitry", Equivalence.SAME),
    ("Ihar", "Igor", Equivalence.SAME),
    ("Саша", "Aliaksandr", Equivalence.SHORT_FORM),
    ("Коля", "Mikalai", Equivalence.SHORT_FORM),
    ("Ales", "Aliaksandr", Equivalence.PARTIAL),
    ("Алесь", "Александр", Equivalence.PARTIAL),
    ("Ян", "Іван", Equivalence.PARTIAL),
    ("Марфа", "Marta", Equivalence.PARTIAL),
    ("Maria", "Maryna", Equivalence.DIFFERENT),
    ("Aliaksandr", "Aliaksandra", Equivalence.DIFFERENT),
    ("Eugene", "Yauheniya", Equivalence.DIFFERENT),
    ("Siarhei", "Sviatlana", Equivalence.DIFFERENT),
    ("Siarhei", "Bialiatski", Equivalence.UNKNOWN),
]


# Names once wrongly grouped together (issue 6). A spelling can be unknown
# (Eufemiusz is listed nowhere): what matters is that it is not the same name.
DIFFERENT_NAMES = [
    ("Демид", "Демьян", Equivalence.DIFFERENT),
    ("Дзямід", "Дзям'ян", Equivalence.DIFFERENT),
    ("Dziamid", "Demian", Equivalence.DIFFERENT),
    ("Юры", "Георгий", Equivalence.PARTIAL),  # Юрий ~ Георгий, as Юрий is linked
    ("Юры", "Heorhi", Equivalence.PARTIAL),
    ("Maksimilian", "Maksim", Equivalence.DIFFERENT),
    ("Максимилиан", "Максім", Equivalence.DIFFERENT),
    ("Apolonia", "Apolinaria", Equivalence.DIFFERENT),
    ("Аполлония", "Аполлинария", Equivalence.DIFFERENT),
    ("Мірон", "Мирослав", Equivalence.DIFFERENT),
    ("Miron", "Miroslav", Equivalence.DIFFERENT),
    ("Яхім", "Ефим", Equivalence.DIFFERENT),  # Яхім is Иоаким
    ("Eufemiusz", "Ефим", Equivalence.UNKNOWN),
    ("Eufemiusz", "Yefim", Equivalence.UNKNOWN),
    ("Вячеслав", "Станислав", Equivalence.DIFFERENT),  # both may be called Слава
    ("Viachaslau", "Yaraslau", Equivalence.DIFFERENT),
    # Found while reviewing the wiki rows.
    ("Maciej", "Mateusz", Equivalence.UNKNOWN),  # Matthias, not Matthew
    ("Agnes", "Инесса", Equivalence.UNKNOWN),
]


@pytest.mark.parametrize(("a", "b", "relation"), DIFFERENT_NAMES)
def test_different_names_are_not_equivalent(
    a: str, b: str, relation: Equivalence
) -> None:
    assert given_name_equivalence(a, b) is relation
    assert given_name_equivalence(b, a) is relation


# Short forms that once sat among the full forms (issue 6), and the Belarusian
# Яўхім once missing from Ефим.
SHORT_AND_SAME = [
    ("Лена", "Алена", Equivalence.SHORT_FORM),
    ("Лена", "Елена", Equivalence.SHORT_FORM),
    ("Каця", "Кацярына", Equivalence.SHORT_FORM),
    ("Дуня", "Евдокия", Equivalence.SHORT_FORM),
    ("Дуня", "Яўдокія", Equivalence.SHORT_FORM),
    ("Яўхім", "Ефим", Equivalence.SAME),
    ("Yaukhim", "Yukhym", Equivalence.SAME),
    ("Юры", "Юрий", Equivalence.SAME),
    ("Слава", "Вячаслаў", Equivalence.SHORT_FORM),
    ("Slava", "Yaroslav", Equivalence.SHORT_FORM),
    ("Макс", "Maksimilian", Equivalence.SHORT_FORM),
    ("Max", "Максим", Equivalence.SHORT_FORM),
    # Found while reviewing the wiki rows.
    ("Арсеній", "Арсений", Equivalence.SAME),
    ("Цярэшка", "Цярэнцій", Equivalence.SHORT_FORM),
    ("Лиля", "Лилия", Equivalence.SHORT_FORM),
    ("Рышард", "Ryszard", Equivalence.SAME),
]


@pytest.mark.parametrize(("a", "b", "relation"), SHORT_AND_SAME)
def test_short_forms_and_spellings_after_the_corrections(
    a: str, b: str, relation: Equivalence
) -> None:
    assert given_name_equivalence(a, b) is relation
    assert given_name_equivalence(b, a) is relation


def test_an_ambiguous_short_form_has_no_sex_and_no_single_group() -> None:
    assert given_name_sex("Слава") is None  # Вячеслав or Ярослава
    assert len(given_name_groups("Слава")) == 6


@pytest.mark.parametrize(("a", "b", "relation"), RELATIONS)
def test_given_name_equivalence(a: str, b: str, relation: Equivalence) -> None:
    assert given_name_equivalence(a, b) is relation
    assert given_name_equivalence(b, a) is relation


def test_at_least_200_groups_of_both_sexes() -> None:
    groups = load_given_names()
    assert len(groups) >= 200
    assert sum(g.sex == "m" for g in groups.values()) >= 100
    assert sum(g.sex == "f" for g in groups.values()) >= 80


def test_every_group_is_well_formed() -> None:
    groups = load_given_names()
    for group in groups.values():
        assert group.sex in ("m", "f")
        assert group.sources
        assert len(group.forms) >= 2, group.id
        assert group.partial <= set(groups), group.id
        for linked in group.partial:
            assert group.id in groups[linked].partial, (group.id, linked)


def test_sex_of_a_given_name() -> None:
    assert given_name_sex("Сяргей") == "m"
    assert given_name_sex("Sviatlana") == "f"
    assert given_name_sex("Саша") is None  # Аляксандр or Аляксандра
    assert given_name_sex("Bialiatski") is None


def test_data_file_is_tidy() -> None:
    from names.data.build import main

    assert main(["--check"]) == 0
