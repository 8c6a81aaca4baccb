"""Hardening seen from a browser: the Content-Security-Policy on every page,
HSTS behind HTTPS, and no traceback in an error page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from office.testing import sign_in, staff
from registry.tests.builders import import_rows, make_row

pytestmark = pytest.mark.django_db
PUBLIC = [
    "/",  # a redirect to the browser's language
    reverse("home"),
    reverse("person_list") + "?q=Kalesnikava",
    reverse("letters"),
    reverse("figures"),
    "/api/v1/count",
    "/api/v1/search?q=Kalesnikava",
    "/api/v1/docs",
    "/api/v1/openapi.json",
    "/no-such-page/",
]


@pytest.fixture
def published(tmp_path: Path, publish_now: Any) -> None:
    """One public person, published."""
    import_rows(tmp_path / "p.csv", [make_row()])
    publish_now()


def policy(response: Any) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(
        (part.strip().split(" ", 1) + [""])[:2]
        for part in header.split(";")
        if part.strip()
    )


def assert_strict(response: Any) -> None:
    directives = policy(response)
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"  # no inline script, no eval
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"


@pytest.mark.parametrize("url", PUBLIC)
def test_every_public_page_sends_a_strict_content_security_policy(
    client: Client, published: None, url: str
) -> None:
    response = client.get(url)
    assert response.status_code in (200, 302, 404)
    assert_strict(response)


def test_an_inline_style_carries_the_nonce_of_its_response(
    client: Client, published: None
) -> None:
    response = client.get(reverse("person_list"))
    nonce = re.search(r"<style nonce=\"([^\"]+)\">", response.content.decode())
    assert nonce is not None
    assert f"'nonce-{nonce.group(1)}'" in policy(response)["style-src"]
    assert "<script>" not in response.content.decode()


def office_pages() -> list[str]:
    pages = ["/office/", "/office/registry/person/duplicates/"]
    pages += ["/office/link/storedcopy/link/", "/office/registry/person/add/"]
    for model in admin.site._registry:
        pages.append(f"/office/{model._meta.app_label}/{model._meta.model_name}/")
    return pages


def test_every_office_page_sends_it_too(client: Client, published: None) -> None:
    assert_strict(client.get("/office/login/"))
    sign_in(client, staff("administrator"))
    for url in office_pages():
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response)
        assert "<script>" not in response.content.decode(), url


def test_hsts_is_sent_over_https_when_configured(client: Client, settings: Any) -> None:
    settings.SECURE_HSTS_SECONDS = 31536000
    assert "Strict-Transport-Security" not in client.get("/")
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_a_server_error_shows_a_plain_page_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, settings: Any, published: None
) -> None:
    def broken(*args: object, **options: object) -> None:
        raise RuntimeError("secret detail of the failure")

    monkeypatch.setattr("public.views.filters_from", broken)
    assert settings.DEBUG is False
    response = Client(raise_request_exception=False).get(
        reverse("person_list"), {"q": "x"}
    )
    assert response.status_code == 500
    page = response.content.decode()
    assert "Server Error" in page
    assert "secret detail" not in page and "Traceback" not in page
    assert "RuntimeError" not in page
    assert_strict(response)


def test_https_behind_a_proxy_is_trusted_only_when_configured(
    client: Client, settings: Any
) -> None:
    settings.SECURE_HSTS_SECONDS = 3600
    forwarded = {"HTTP_X_FORWARDED_PROTO": "https"}
    assert "Strict-Transport-Security" not in client.get("/", **forwarded)
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert "Strict-Transport-Security" in client.get("/", **forwarded)
