"""The site in English, Belarusian and Russian: prefixes, the switcher, redirects."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from registry.tests.builders import import_rows, make_row

pytestmark = pytest.mark.django_db
LANGUAGES = ("en", "be", "ru")


@pytest.fixture
def register(tmp_path: Path, publish_now: Any) -> None:
    import_rows(tmp_path / "people.csv", [make_row(record_id="pub-1")])
    publish_now()


def home(language: str) -> str:
    with translation.override(language):
        return reverse("home")


def test_every_page_has_a_prefix_for_every_language() -> None:
    assert [home(language) for language in LANGUAGES] == ["/en/", "/be/", "/ru/"]
    with translation.override("be"):
        assert reverse("person_page", args=["a/b"]) == "/be/persons/a/b/"
        assert reverse("facility_list") == "/be/facilities/"
        assert reverse("person_list") == "/be/people/"


@pytest.mark.parametrize(
    ("accept", "prefix"),
    [
        ("", "/en/"),
        ("be", "/be/"),
        ("ru-RU,ru;q=0.9,en;q=0.8", "/ru/"),
        ("be-BY,be;q=0.9", "/be/"),
        ("de-DE,de;q=0.9", "/en/"),
    ],
)
def test_the_root_goes_to_the_browsers_language(accept: str, prefix: str) -> None:
    response = Client().get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == prefix
    assert "Accept-Language" in response["Vary"]


def test_a_page_without_a_prefix_goes_to_it_with_its_query() -> None:
    response = Client().get("/facilities/?x=1", HTTP_ACCEPT_LANGUAGE="ru")
    assert (response.status_code, response["Location"]) == (302, "/ru/facilities/?x=1")


def test_the_language_cookie_wins_over_the_browser() -> None:
    client = Client()
    client.cookies["django_language"] = "be"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response["Location"] == "/be/"


def test_the_api_has_no_prefix_and_no_redirect(register: None) -> None:
    response = Client().get("/api/v1/persons", HTTP_ACCEPT_LANGUAGE="be")
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert Client().get("/be/api/v1/persons").status_code == 404


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_page_says_its_language(register: None, language: str) -> None:
    page = Client().get(home(language), HTTP_ACCEPT_LANGUAGE="de")
    assert page.status_code == 200
    assert f'<html lang="{language}">' in page.content.decode()


def switcher(html: str) -> list[dict[str, str]]:
    """The switcher's links: their attributes and text."""
    nav = re.search(
        r'<nav class="languages" aria-label="[^"]+">(.*?)</nav>', html, re.S
    )
    assert nav is not None, "no language switcher"
    links = []
    for attributes, text in re.findall(r"<a ([^>]*)>([^<]*)</a>", nav.group(1)):
        found = dict(re.findall(r'([\w-]+)="([^"]*)"', attributes))
        found["text"] = text
        links.append(found)
    return links


def test_the_switcher_links_this_page_in_each_language(register: None) -> None:
    with translation.override("ru"):
        url = reverse("person_page", args=["pub-1"])
    html = Client().get(url).content.decode()
    links = switcher(html)
    assert [link["href"] for link in links] == [
        "/en/persons/pub-1/",
        "/be/persons/pub-1/",
        "/ru/persons/pub-1/",
    ]
    assert [(link["lang"], link["hreflang"]) for link in links] == [
        (language, language) for language in LANGUAGES
    ]
    assert [link["text"] for link in links] == ["English", "Беларуская", "Русский"]
    assert [link.get("aria-current") for link in links] == [None, None, "true"]
    assert "<form" not in html.split('class="languages"')[1].split("</nav>")[0]


def test_the_switcher_keeps_the_filters(register: None) -> None:
    html = Client().get(reverse("person_list"), {"q": "Kalesnikava", "status": "held"})
    links = switcher(html.content.decode())
    assert links[1]["href"] == "/be/people/?q=Kalesnikava&amp;status=held"


def test_the_office_speaks_the_browsers_language_without_a_prefix() -> None:
    page = Client().get("/office/login/", HTTP_ACCEPT_LANGUAGE="ru")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="ru"' in html and "Войти" in html
    client = Client()
    client.cookies["django_language"] = "be"
    html = client.get("/office/login/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert '<html lang="be"' in html


@pytest.fixture
def two(tmp_path: Path, publish_now: Any) -> None:
    rows = [
        make_row(record_id="pub-1"),
        make_row(record_id="pub-2", name="Ihar Losik", name_be="", name_ru="",
                 sex="m", region="Brest Region", detained_on="2020-06-25",
                 released_on="2025-02-12", release_reason="pardon"),
    ]  # fmt: skip
    import_rows(tmp_path / "people.csv", rows)
    publish_now()


def page(language: str, name: str, *args: str) -> str:
    with translation.override(language):
        url = reverse(name, args=args)
    response = Client().get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, url
    html = response.content.decode()
    assert f'<html lang="{language}">' in html, url
    return html


# A known translation on each page, and dates in the language's own format.
PAGES = {
    "be": [
        ("home", (), ["<h1>Палітвязні</h1>", "Апошнія прызнанні"]),
        ("person_list", (), ["<h1>Людзі</h1>", "Знайсці асобу", "2 асобы."]),
        ("person_page", ("pub-2",), ["<dt>Стан</dt>", "вызваленне: 12 лютага 2025 г."]),
        ("person_page", ("pub-1",), ["2020 г. – цяпер: папраўчая калонія"]),
        ("facility_list", (), ["<h1>Установы</h1>", "Адрас для лістоў"]),
        ("memoriam", (), ["<h1>Памяці</h1>", "Смерці пад вартай"]),
        ("events", (), ["<h1>Падзеі</h1>", "усе тыпы"]),
        ("letters", (), ["<h1>Напісаць ліст</h1>", "Правілы для лістоў"]),
        ("figures", (), ["<h1>Лічбы</h1>", "Колькасць на дзень"]),
        ("downloads", (), ["<h1>Спампоўкі</h1>", "Ліцэнзія"]),
        ("dictionary", (), ["<h1>Слоўнік даных</h1>", "дата нараджэння"]),
    ],
    "ru": [
        ("home", (), ["<h1>Политзаключённые</h1>", "Последние признания"]),
        ("person_list", (), ["<h1>Люди</h1>", "Найти человека", "2 человека."]),
        (
            "person_page",
            ("pub-2",),
            ["<dt>Статус</dt>", "освобождение: 12 февраля 2025 г."],
        ),
        (
            "person_page",
            ("pub-1",),
            ["7 сентября 2020 г. – сейчас: исправительная колония"],
        ),
        ("facility_list", (), ["<h1>Учреждения</h1>", "Адрес для писем"]),
        ("memoriam", (), ["<h1>Памяти</h1>", "Смерти под стражей"]),
        ("events", (), ["<h1>События</h1>", "все типы"]),
        ("letters", (), ["<h1>Написать письмо</h1>", "Правила для писем"]),
        ("figures", (), ["<h1>Цифры</h1>", "Число на день"]),
        ("downloads", (), ["<h1>Загрузки</h1>", "Лицензия"]),
        ("dictionary", (), ["<h1>Словарь данных</h1>", "дата рождения"]),
    ],
    "en": [
        ("home", (), ["<h1>Political prisoners</h1>"]),
        ("person_list", (), ["<h1>People</h1>", "2 persons."]),
        ("person_page", ("pub-2",), ["released Feb. 12, 2025"]),
    ],
}


@pytest.mark.parametrize("language", PAGES)
def test_every_public_page_speaks_its_language(two: None, language: str) -> None:
    for name, args, wanted in PAGES[language]:
        html = page(language, name, *args)
        for text in wanted:
            assert text in html, (language, name, text)


@pytest.mark.parametrize(
    ("language", "wanted"),
    [("be", "Усе ўстановы"), ("ru", "Все учреждения"), ("en", "All facilities")],
)
def test_a_facility_page_speaks_its_language(
    two: None, language: str, wanted: str
) -> None:
    with translation.override(language):
        listing = Client().get(reverse("facility_list")).content.decode()
    facility = re.search(rf'href="(/{language}/facilities/[^"]+/)"', listing)
    assert facility is not None
    html = Client().get(facility.group(1)).content.decode()
    assert wanted in html and f'<html lang="{language}">' in html


@pytest.mark.parametrize(
    ("language", "wanted"),
    [("be", "Пакуль нічога не апублікавана"), ("ru", "Пока ничего не опубликовано")],
)
def test_the_page_of_nothing_published_speaks_its_language(
    settings: Any, tmp_path: Path, language: str, wanted: str
) -> None:
    settings.ROLLCALL_PUBLIC_DIR = tmp_path / "nothing"
    response = Client().get(home(language))
    assert response.status_code == 503
    html = response.content.decode()
    assert wanted in html and f'<html lang="{language}">' in html


def test_counts_are_grouped_the_languages_way() -> None:
    from django.template import Context, Template

    template = Template("{% load humanize %}{{ n|intcomma }}")
    with translation.override("en"):
        assert template.render(Context({"n": 12345})) == "12,345"
    for language in ("be", "ru"):
        with translation.override(language):
            assert template.render(Context({"n": 12345})) == "12\xa0345"
