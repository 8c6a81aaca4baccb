"""The office in a real browser at a laptop's width: Debian's Chromium driven by
Playwright, headless, against the whole site served on 127.0.0.1.

An editor, signed in with a second factor, opens the persons list, a
person's form and a pair's page at 1,280 x 800 and 1,366 x 768; no page may
be wider than the window, nor may a table hide columns in a box that
scrolls. The persons list and a person's form pass axe-core's WCAG 2.1 A and
AA rules, as the public pages do, with no rule left out.
Screenshots go to var/test/screenshots/ beside the public site's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from office.testing import sign_in, staff
from public.tests.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOTS,
    axe_source,
    axe_violations,
    describe,
    require_chromium,
    screenshot,
    serving,
)
from registry import models as m

# Run once (on the SQLite pass of `make test`), on the browser tests' worker.
# The server shares the test's connection (`serving(share_database=True)`),
# so the register made for a test is rolled back after it, as in any test.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db,
]

# Laptops: the office must be usable at these sizes (issue 9).
LAPTOPS = [(1280, 800), (1366, 768)]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    require_chromium()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("office-*.png"):
        old.unlink()
    # Playwright's sync API keeps an asyncio loop running in this thread, which
    # Django takes for async code (see public/tests/test_browser.py).
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def editor_session() -> str:
    """The session cookie of an editor signed in with a second factor."""
    client = sign_in(Client(), staff("editor"))
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def office_pages() -> dict[str, str]:
    a, b = (m.Person.objects.get(record_id=r) for r in ("a", "b"))
    return {
        "persons": reverse("admin:registry_person_changelist"),
        "person": reverse("admin:registry_person_change", args=[a.pk]),
        "pair": reverse("admin:registry_person_pair", args=[a.pk, b.pk]),
    }


# The boxes Django and the office wrap tables in, which scroll when too wide.
TABLE_BOXES = ".inline-group .tabular, #changelist-form .results, .office-scroll"


def overflow(page: Any) -> dict[str, Any]:
    """How wide the page is against the window, and every box (a table's
    scrolling frame) whose content is wider than the box shows."""
    return dict(
        page.evaluate(
            """boxes => {
            const hidden = [];
            for (const box of document.querySelectorAll(boxes)) {
                if (box.scrollWidth > box.clientWidth) {
                    const group = box.closest('[id]');
                    hidden.push([group ? group.id : box.className,
                                 box.scrollWidth, box.clientWidth]);
                }
            }
            return {page: document.documentElement.scrollWidth,
                    window: window.innerWidth, hidden: hidden};
        }""",
            TABLE_BOXES,
        )
    )


@pytest.mark.parametrize(("width", "height"), LAPTOPS, ids=lambda size: str(size))
def test_the_office_fits_a_laptops_width(
    register: None, browser: Any, width: int, height: int
) -> None:
    pages = office_pages()
    session = editor_session()
    with serving(share_database=True) as site:
        context = browser.new_context(
            base_url=site, viewport={"width": width, "height": height}
        )
        context.set_default_timeout(15_000)
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site}]
        )
        page = context.new_page()
        try:
            for name, url in pages.items():
                response = page.goto(url)
                assert response is not None and response.status == 200, name
                assert "Log in" not in page.title(), name  # signed in, 2FA too
                sizes = overflow(page)
                screenshot(page, f"office-{name}", width)
                assert sizes["page"] <= sizes["window"], (name, sizes)
                assert sizes["hidden"] == [], (name, sizes)  # no column cut off
        finally:
            context.close()


# The pages checked with axe-core (WCAG 2.1 A and AA), as the public ones are;
# every rule applies (Django's own markup passes once the inline tables'
# inputs carry their labels, office/admin_registry.py `labelled`).
AXE_PAGES = ["persons", "person"]


def test_the_persons_list_and_a_persons_form_pass_the_accessibility_check(
    register: None, browser: Any
) -> None:
    pages = office_pages()
    session = editor_session()
    source = axe_source()
    found = {}
    with serving(share_database=True) as site:
        context = browser.new_context(
            base_url=site, viewport={"width": 1280, "height": 800}
        )
        context.set_default_timeout(15_000)
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site}]
        )
        page = context.new_page()
        try:
            for name in AXE_PAGES:
                response = page.goto(pages[name])
                assert response is not None and response.status == 200, name
                assert "Log in" not in page.title(), name
                found[name] = axe_violations(page, source)
        finally:
            context.close()
    assert not any(found.values()), "\n".join(
        f"{name}:\n{describe(violations)}"
        for name, violations in found.items()
        if violations
    )
