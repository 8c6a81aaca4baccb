"""Given-name equivalence groups."""

import pytest

from names import (
    Equivalence,
    given_name_equivalence,
    given_name_group,
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
