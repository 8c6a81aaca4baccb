"""The public site in a real browser: Debian's Chromium driven by Playwright,
headless, against the site served on 127.0.0.1 from a published register.

A small register with names in Latin and Cyrillic (Belarusian and Russian
spellings) is imported and published once for the module; the site then reads
only the published file, with Django's database access blocked as in every
public test. Each page is checked with axe-core (WCAG 2.1 A and AA) and at a
phone's width of 375 px; screenshots go to var/test/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from public.tests.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    axe_source,
    axe_violations,
    describe,
    fresh_screenshots,
    require_chromium,
    screenshot,
    serving,
)
from publish.publishing import publish
from registry.tests.builders import import_rows, make_row

# Run once (on the SQLite pass of `make test`), all on one xdist worker so
# that Chromium starts once and the register is published once.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db,
]

HORKI = "Penal colony No. 9, Horki"
# A birthday in five days (in a leap year, so that 29 February exists), for
# the page of who to write to.
SOON = f"1972-{date.today() + timedelta(days=5):%m-%d}"
TRANSFER = "Transferred to the colony in Horki"
ROWS = [
    # Recorded in Latin only: found by his Belarusian and Russian spellings.
    make_row(record_id="b-1", name="Ales Bialiatski", name_be="", name_ru="",
             sex="m", birth_date="1962-09-25", region="Minsk", locality="Minsk",
             detained_on="2021-07-14", facility=HORKI,
             facility_address="ul. Dabrynskaja 1, 213410 Horki",
             articles="BY-CC 228.4", sentence="10 years", sentence_months="120",
             sentenced_on="2023-03-03", event_type="transfer",
             event_date="2023-04-10", event_place="Horki",
             event_description=TRANSFER),
    # Recorded in Cyrillic only: found by a Latin spelling.
    make_row(record_id="s-1", name="Мікола Статкевіч", name_be="Мікола Статкевіч",
             name_ru="Николай Статкевич", sex="m", birth_date="1956-08-12",
             region="Minsk", locality="Minsk", detained_on="2020-05-31"),
    make_row(record_id="m-1"),  # Maryia Kalesnikava: held, Minsk, a woman
    make_row(record_id="l-1", name="Ihar Losik", name_be="Ігар Лосік",
             name_ru="Игорь Лосик", sex="m", region="Brest Region",
             locality="Baranavichy", detained_on="2020-06-25",
             released_on="2025-02-12", release_reason="pardon"),
    make_row(record_id="a-1", name="Vitold Ashurak", name_be="Вітольд Ашурак",
             name_ru="Витольд Ашурок", sex="m", region="Hrodna Region",
             locality="Biaroza", detained_on="2020-09-18", died_on="2021-05-21",
             died_in_custody="true"),
    make_row(record_id="p-1", name="Palina Sharenda-Panasiuk",
             name_be="Паліна Шарэнда-Панасюк", name_ru="Полина Шарендо-Панасюк",
             sex="f", region="Brest Region", locality="Brest",
             detained_on="2021-01-03", birth_date=SOON),
]  # fmt: skip
ALL = {"a-1", "b-1", "l-1", "m-1", "p-1", "s-1"}


@pytest.fixture(scope="module")
def site(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any
) -> Iterator[str]:
    """The register imported and published (the import is rolled back: only
    the published file stays), and the site serving it; yields its base URL."""
    require_chromium()
    folder = tmp_path_factory.mktemp("browser")
    with django_db_blocker.unblock(), transaction.atomic():
        import_rows(folder / "people.csv", ROWS, approve=True)
        publish(folder / "public")
        transaction.set_rollback(True)
    with (
        override_settings(
            ROLLCALL_PUBLIC_DIR=folder / "public", ALLOWED_HOSTS=["127.0.0.1"]
        ),
        serving() as url,
    ):
        yield url


@pytest.fixture(scope="module")
def browser(site: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    fresh_screenshots()
    # Playwright's sync API keeps an asyncio loop running in this thread, which
    # Django takes for async code: each test's transaction (the register
    # itself is out of reach, see `page`) is opened here all the same.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def axe() -> str:
    return axe_source()


def open_page(browser: Any, site: str, width: int) -> Any:
    phone = width <= PHONE
    context = browser.new_context(
        base_url=site,
        viewport={"width": width, "height": 800},
        is_mobile=phone,
        has_touch=phone,
        locale="en-GB",
    )
    context.set_default_timeout(15_000)
    return context.new_page()


@pytest.fixture
def page(browser: Any, site: str, django_db_blocker: Any) -> Iterator[Any]:
    """A page at a desktop's width; the register is out of reach meanwhile."""
    page = open_page(browser, site, DESKTOP)
    with django_db_blocker.block():
        yield page
    page.context.close()


@pytest.fixture
def phone(browser: Any, site: str, django_db_blocker: Any) -> Iterator[Any]:
    """A page at a phone's width; the register is out of reach meanwhile."""
    page = open_page(browser, site, PHONE)
    with django_db_blocker.block():
        yield page
    page.context.close()


def listed(page: Any) -> list[str]:
    """The record ids of the persons the list on the page links to, in order."""
    by_url = {
        translated(language, "person_page", record_id): record_id
        for record_id in ALL
        for language, _ in settings.LANGUAGES
    }
    hrefs = page.locator("main table a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return [by_url[href] for href in hrefs if href in by_url]


def search(page: Any, text: str) -> list[str]:
    page.goto(reverse("person_list"))
    page.get_by_role("search").locator("input[name=q]").fill(text)
    with page.expect_navigation():
        page.get_by_role("search").locator("[type=submit]").click()
    return listed(page)


# The public pages, each checked with axe-core and at a phone's width.
PAGES = {
    "people": lambda: reverse("person_list"),
    "people-search": lambda: reverse("person_list") + "?q=%D0%91%D1%8F%D0%BB",
    "person": lambda: reverse("person_page", args=["b-1"]),
    "people-be": lambda: translated("be", "person_list"),
    "person-ru": lambda: translated("ru", "person_page", "s-1"),
    "person-deceased": lambda: reverse("person_page", args=["a-1"]),
    "facilities": lambda: reverse("facility_list"),
    "facility": lambda: facility_url(),
    "not-found": lambda: reverse("person_page", args=["nobody"]),
    "home": lambda: reverse("home"),
    "home-be": lambda: translated("be", "home"),
    "memoriam": lambda: reverse("memoriam"),
    "events": lambda: reverse("events"),
    "events-be": lambda: translated("be", "events"),
    "letters": lambda: reverse("letters"),
    "figures": lambda: reverse("figures"),
    "figures-ru": lambda: translated("ru", "figures"),
    "factsheet": lambda: reverse("factsheet"),
    "factsheet-be": lambda: translated("be", "factsheet"),
    "downloads": lambda: reverse("downloads"),
    "dictionary": lambda: reverse("dictionary"),
}


def translated(language: str, name: str, *args: str) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def facility_url() -> str:
    from public.store import reading

    with reading() as reader:
        (horki,) = [f for f in reader.facilities() if f["name"] == HORKI]
    return reverse("facility_page", args=[horki["facility_id"]])


def test_a_cyrillic_search_finds_a_person_recorded_in_latin(page: Any) -> None:
    assert search(page, "Алесь Бяляцкі")[:1] == ["b-1"]  # Belarusian
    assert search(page, "Беляцкий Алесь")[:1] == ["b-1"]  # Russian


def test_a_latin_search_finds_a_person_recorded_in_cyrillic(page: Any) -> None:
    assert search(page, "Mikola Statkevich")[:1] == ["s-1"]
    assert search(page, "Statkevich")[:1] == ["s-1"]


def test_filters_narrow_the_list_and_the_url_reopens_to_the_same_list(
    page: Any, browser: Any, site: str
) -> None:
    page.goto(reverse("person_list"))
    assert set(listed(page)) == ALL
    form = page.get_by_role("search")
    form.get_by_label("Status", exact=True).select_option("held")
    form.get_by_label("Region", exact=True).select_option("Minsk")
    form.get_by_label("Sex", exact=True).select_option("m")
    with page.expect_navigation():
        form.locator("[type=submit]").click()
    shown = listed(page)
    assert shown == ["b-1", "s-1"]  # by surname: Bialiatski, Statkevich
    again = open_page(browser, site, DESKTOP)
    try:
        again.goto(page.url)
        assert listed(again) == shown
        form = again.get_by_role("search")
        assert form.get_by_label("Status", exact=True).input_value() == "held"
        assert form.get_by_label("Region", exact=True).input_value() == "Minsk"
        assert form.get_by_label("Sex", exact=True).input_value() == "m"
    finally:
        again.context.close()


def test_a_person_page_shows_the_timeline(page: Any) -> None:
    page.goto(reverse("person_page", args=["b-1"]))
    assert "Ales Bialiatski" in page.locator("h1").inner_text()
    main = page.locator("main")
    detention = main.locator("li").filter(has=page.get_by_role("link", name=HORKI))
    assert detention.count() == 1
    assert "2021" in detention.inner_text()  # 14 July 2021, as the language writes it
    assert main.locator("li", has_text="228.4").count() == 1
    assert main.locator("li", has_text=TRANSFER).count() == 1


def test_the_language_switch_translates_the_page_and_keeps_the_list(
    page: Any,
) -> None:
    page.goto(reverse("person_list") + "?status=held&sex=m")
    lang, english = language_and_heading(page)
    assert lang == "en"
    shown = listed(page)
    assert shown == ["b-1", "s-1"]
    for language in ("be", "ru", "en"):
        with page.expect_navigation():
            page.locator(f"nav a[hreflang={language}]").click()
        with translation.override(language):
            heading = translation.gettext(english)
        assert language == "en" or heading != english, f"{english!r} untranslated"
        assert language_and_heading(page) == (language, heading)
        url = urlsplit(page.url)
        assert url.path.startswith(f"/{language}/")
        assert url.query == "status=held&sex=m"
        assert listed(page) == shown


def language_and_heading(page: Any) -> tuple[str, str]:
    lang, heading = page.evaluate(
        "[document.documentElement.lang, document.querySelector('h1').innerText]"
    )
    return lang, heading


def test_the_keyboard_skips_to_the_search_box_and_submits_with_focus_shown(
    page: Any,
) -> None:
    page.goto(reverse("person_list"))
    page.keyboard.press("Tab")
    skip = focused(page, "a[href='#content']")
    assert skip is not None and skip["visible"], skip
    assert skip["inView"], f"the skip link is focused but not shown: {skip}"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    search_box = focused(page, "input[name=q]")
    assert search_box is not None and search_box["visible"], search_box
    page.keyboard.type("Бяляцкі")
    button = tab_to(page, "form[role=search] [type=submit]")
    assert button["visible"], button
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert listed(page)[:1] == ["b-1"]


def focused(page: Any, selector: str) -> dict[str, Any] | None:
    """How the focused element shows its focus; None unless it matches."""
    state: dict[str, Any] | None = page.evaluate(
        """selector => {
            const el = document.activeElement;
            if (!el || !el.matches(selector)) return null;
            const style = getComputedStyle(el);
            const box = el.getBoundingClientRect();
            const outline = style.outlineStyle !== 'none'
                && parseFloat(style.outlineWidth) > 0;
            return {
                element: el.outerHTML.slice(0, 120),
                outline: style.outlineStyle + ' ' + style.outlineWidth,
                visible: el.matches(':focus-visible')
                    && (outline || style.boxShadow !== 'none'),
                inView: box.width > 10 && box.height > 10 && box.left >= 0
                    && box.top >= 0 && box.right <= innerWidth,
            };
        }""",
        selector,
    )
    return state


def tab_to(page: Any, selector: str, presses: int = 40) -> dict[str, Any]:
    """Press Tab until the element is focused; how its focus is shown."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        state = focused(page, selector)
        if state is not None:
            return state
    pytest.fail(f"{presses} presses of Tab never reached {selector}")


@pytest.mark.parametrize("name", PAGES)
def test_every_page_passes_the_accessibility_check(
    page: Any, axe: str, name: str
) -> None:
    page.goto(PAGES[name]())
    screenshot(page, name, DESKTOP)
    violations = axe_violations(page, axe)
    assert not violations, f"{page.url}:\n{describe(violations)}"


@pytest.mark.parametrize("name", PAGES)
def test_every_page_is_usable_on_a_phone(phone: Any, name: str) -> None:
    phone.goto(PAGES[name]())
    screenshot(phone, name, PHONE)
    assert_fits_a_phone(phone)


def assert_fits_a_phone(phone: Any) -> None:
    """No sideways scrolling, and every control within the screen's width."""
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE, f"{phone.url} scrolls sideways: {width} px wide"
    outside = phone.evaluate(
        """width => [...document.querySelectorAll(
                'a[href], button, input, select, textarea, summary')]
            .filter(el => el.getClientRects().length > 0)
            .filter(el => {
                const box = el.getBoundingClientRect();
                return box.left < 0 || box.right > width + 0.5 || box.width < 1;
            })
            .map(el => el.outerHTML.slice(0, 120))""",
        PHONE,
    )
    assert not outside, f"{phone.url}: controls out of reach: {outside}"


def test_the_page_that_says_nothing_is_published_yet(
    page: Any, phone: Any, axe: str, tmp_path: Path
) -> None:
    with override_settings(ROLLCALL_PUBLIC_DIR=tmp_path / "empty"):
        response = page.goto(reverse("person_list"))
        assert response is not None and response.status == 503
        screenshot(page, "unpublished", DESKTOP)
        violations = axe_violations(page, axe)
        phone.goto(reverse("person_list"))
        screenshot(phone, "unpublished", PHONE)
        assert_fits_a_phone(phone)
    assert not violations, f"{page.url}:\n{describe(violations)}"
