"""A write that cannot get the database gives a page that says so, not a 500."""

from __future__ import annotations

from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse


class BusyDatabaseMiddleware:
    """Answer "busy, try again" (503) when another write holds the database.

    On SQLite an import holds the write lock for as long as it writes; a
    save that waited the busy timeout in vain lands here.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if isinstance(exception, OperationalError) and is_busy(exception):
            response = HttpResponse(
                "<!doctype html><title>Busy</title><h1>The register is busy</h1>"
                "<p>Another change (an import) is being written. Nothing of "
                "yours was saved: go back and try again in a moment.</p>",
                status=503,
            )
            response["Retry-After"] = "10"
            return response
        return None


def is_busy(error: Exception) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text
