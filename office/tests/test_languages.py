"""The office in Belarusian and Russian: from the browser's language or the
django_language cookie, with no prefix in its URLs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from office.testing import sign_in, staff
from registry.models import Person
from registry.tests.builders import import_rows, make_row

pytestmark = pytest.mark.django_db

# Each office page, and what it says in each language.
PAGES = {
    "/office/": {
        "be": ["Рэестр", "Асобы", "Варыянты імя", "Журнал аўдыту"],
        "ru": ["Реестр", "Лица", "Варианты имени", "Журнал аудита"],
    },
    "/office/registry/person/": {
        "be": ["Магчымыя дублікаты", "Звязаць тэкст", "Імя для паказу", "бачнасць"],
        "ru": ["Возможные дубликаты", "Связать текст", "Отображаемое имя", "видимость"],
    },
    "/office/registry/person/add/": {
        "be": ["Імя для паказу", "Прычына змены", "Раскрыццё імя", "толькі ініцыялы"],
        "ru": [
            "Отображаемое имя",
            "Причина изменения",
            "Раскрытие имени",
            "только инициалы",
        ],
    },
    "/office/registry/person/duplicates/": {
        "be": [
            "<h1>Магчымыя дублікаты</h1>",
            "Зробленыя аб'яднанні (і іх адмена)</a>",
            "для разгляду.",
        ],
        "ru": [
            "<h1>Возможные дубликаты</h1>",
            "Сделанные объединения (и их отмена)</a>",
            "для рассмотрения.",
        ],
    },
    "/office/link/storedcopy/link/": {
        "be": ["<h1>Звязаць тэкст</h1>", "Знайсці згадкі", "вызначыць"],
        "ru": ["<h1>Связать текст</h1>", "Найти упоминания", "определить"],
    },
    "/office/registry/detention/add/": {
        "be": ["Дата пачатку", "папраўчая калонія", "памілаванне"],
        "ru": ["Дата начала", "исправительная колония", "помилование"],
    },
    "/office/auth/user/": {
        "be": ["Роля", "Выйсці з усіх сеансаў", "адміністратар"],
        "ru": ["Роль", "Выйти из всех сеансов", "администратор"],
    },
}


@pytest.fixture
def office(tmp_path: Path) -> Client:
    import_rows(
        tmp_path / "p.csv",
        [make_row(record_id="a-1"), make_row(record_id="a-2", birth_date="")],
    )
    return sign_in(Client(), staff("administrator"))


@pytest.mark.parametrize("language", ["be", "ru"])
@pytest.mark.parametrize("url", PAGES)
def test_every_office_page_speaks_the_browsers_language(
    office: Client, url: str, language: str
) -> None:
    response = office.get(url, HTTP_ACCEPT_LANGUAGE=f"{language},en;q=0.5")
    assert response.status_code == 200, url
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    for text in PAGES[url][language]:
        assert text in html, (url, language, text)


@pytest.mark.parametrize(
    ("language", "wanted"),
    [("be", "Увайсці"), ("ru", "Войти"), ("en", "Log in")],
)
def test_the_sign_in_page_speaks_the_browsers_language(
    language: str, wanted: str
) -> None:
    html = Client().get("/office/login/", HTTP_ACCEPT_LANGUAGE=language)
    text = html.content.decode()
    assert wanted in text and f'<html lang="{language}"' in text


def test_the_cookie_chooses_the_offices_language(office: Client) -> None:
    office.cookies["django_language"] = "ru"
    html = office.get("/office/", HTTP_ACCEPT_LANGUAGE="be").content.decode()
    assert '<html lang="ru"' in html and "Реестр" in html


def test_a_merge_message_is_translated(office: Client, settings: Any) -> None:
    response = office.post(
        "/office/registry/person/duplicates/merge/",
        {
            "first": "a-1",
            "second": "a-2",
            "keep": "a-1",
            "reason": "same person",
            "score": "0.9",
        },
        HTTP_ACCEPT_LANGUAGE="ru",
        follow=True,
    )
    assert "Запись a-2 объединена с записью a-1." in response.content.decode()


SWITCHER = '<form class="office-languages" action="/office/language/" method="post"'
PERSONS = "/office/registry/person/"


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match is not None
    return match.group(1)


@pytest.mark.parametrize("url", [*PAGES, "a person's form"])
def test_every_office_page_has_the_language_switcher_coming_back_to_it(
    office: Client, url: str
) -> None:
    if url == "a person's form":
        pk = Person.objects.get(record_id="a-1").pk
        url = f"/office/registry/person/{pk}/change/"
    html = office.get(url).content.decode()
    assert SWITCHER in html, url
    assert f'<input type="hidden" name="next" value="{url}">' in html
    for code in ("en", "be", "ru"):
        assert f'name="language" value="{code}" lang="{code}"' in html
    assert 'value="en" lang="en" aria-current="true">English<' in html


def test_the_sign_in_page_has_it_too() -> None:
    html = Client().get("/office/login/").content.decode()
    assert SWITCHER in html and 'value="be" lang="be"' in html


def test_switching_to_belarusian_keeps_the_page_and_the_choice(
    office: Client,
) -> None:
    office.handler.enforce_csrf_checks = True  # type: ignore[attr-defined]
    page = office.get(PERSONS, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Possible duplicates" in page
    response = office.post(
        "/office/language/",
        {"language": "be", "next": PERSONS, "csrfmiddlewaretoken": csrf_token(page)},
    )
    assert (response.status_code, response["Location"]) == (302, PERSONS)
    cookie = response.cookies["django_language"]
    assert cookie.value == "be"
    assert int(cookie["max-age"]) >= 30 * 24 * 3600 and cookie["httponly"]
    # The browser still asks for English: the choice wins, page after page.
    for _ in range(2):
        html = office.get(PERSONS, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert '<html lang="be"' in html
        assert "Магчымыя дублікаты" in html and "Імя для паказу" in html
        assert 'value="be" lang="be" aria-current="true"' in html


def test_a_switch_without_the_csrf_token_is_refused(office: Client) -> None:
    office.handler.enforce_csrf_checks = True  # type: ignore[attr-defined]
    response = office.post("/office/language/", {"language": "ru", "next": PERSONS})
    assert response.status_code == 403
    assert "django_language" not in response.cookies


def test_a_switch_never_sends_to_another_site(office: Client) -> None:
    response = office.post(
        "/office/language/", {"language": "ru", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert response.cookies["django_language"].value == "ru"
