"""What the browser tests of the public site share: Debian's Chromium driven by
Playwright, the site served on 127.0.0.1, axe-core, and the screenshots.

No browser is ever downloaded: Playwright drives /usr/bin/chromium, which
scripts/system-packages installs (`make test` runs it first). axe-core is the
minified file that the axe-playwright-python package ships (axe-core is
MPL-2.0; the file keeps its licence header); it is evaluated in the page
through the DevTools protocol, so the site's Content-Security-Policy needs no
exception for it.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.db import DEFAULT_DB_ALIAS, connections

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The rules of WCAG 2.1 levels A and AA that axe-core checks automatically.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The phone the site must work on, and a desktop.
PHONE, DESKTOP = 375, 1280
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "test" / "screenshots"


def require_chromium() -> None:
    """Skip when Chromium is absent outside CI; on CI its absence is a failure,
    since `make test` installs it (scripts/system-packages) before the suite."""
    if CHROMIUM.exists():
        return
    message = (
        f"{CHROMIUM} is missing and could not be installed: "
        "run scripts/system-packages (as root) to install Debian's chromium"
    )
    if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
        pytest.fail(message)
    pytest.skip(message)


class QuietHandler(WSGIRequestHandler):
    """Requests are not logged: the test output stays readable."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serving(*, share_database: bool = False) -> Iterator[str]:
    """The whole site (public pages, static files) on a free port of
    127.0.0.1, threaded like a real server; yields its base URL.

    With `share_database`, every request uses the test's own connection, as
    Django's LiveServerTestCase does: the server sees the register inside the
    test's transaction, which is rolled back after it. Only the in-memory
    SQLite test database allows it (closing that connection is a no-op), so
    the test is skipped on another database.
    """
    override = None
    if share_database:
        shared = connections[DEFAULT_DB_ALIAS]
        if not (shared.vendor == "sqlite" and shared.is_in_memory_db()):
            pytest.skip("the office's browser tests run on the SQLite pass")
        shared.inc_thread_sharing()
        override = {DEFAULT_DB_ALIAS: shared}
    server = ThreadedWSGIServer(
        ("127.0.0.1", 0), QuietHandler, connections_override=override
    )
    # Sharing: closing the server waits for its requests' threads, which end
    # their turn on the connection (close the pages first).
    server.daemon_threads = not share_database
    server.set_app(WSGIHandler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
        if override:
            override[DEFAULT_DB_ALIAS].dec_thread_sharing()


def axe_source() -> str:
    """axe-core's minified source, as the axe-playwright-python package ships it."""
    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page: Any, source: str) -> list[dict[str, Any]]:
    """The WCAG 2.1 A/AA violations axe-core finds on the page as it is now."""
    page.evaluate(source)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return list(results["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    """One paragraph per violated rule: what it is, and where."""
    lines = []
    for rule in violations:
        lines.append(
            f"{rule['id']} ({rule.get('impact')}): {rule['help']} — {rule['helpUrl']}"
        )
        for node in rule["nodes"][:5]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(str(node.get("failureSummary", "")).split())
            lines.append(f"    at {target}: {summary}")
        if len(rule["nodes"]) > 5:
            lines.append(f"    … and {len(rule['nodes']) - 5} more")
    return "\n".join(lines)


def fresh_screenshots() -> Path:
    """The screenshot folder, emptied: it shows the last run only."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def screenshot(page: Any, name: str, width: int) -> Path:
    path = SCREENSHOTS / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
