"""`rollcall serve`: gunicorn in a subprocess, answering pages, API and static files."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from registry.tests.builders import import_rows, make_row

ROLLCALL = str(Path(sys.executable).with_name("rollcall"))
pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(tmp_path: Path) -> dict[str, str]:
    """An embedded register of its own; the test's publication folder; the
    collected static files kept between runs (collecting takes seconds)."""
    from django.conf import settings

    env = {**os.environ, "ROLLCALL_VAR_DIR": str(tmp_path / "var")}
    env["ROLLCALL_STATIC_ROOT"] = str(Path(settings.VAR_DIR) / "static-serve-test")
    env["ROLLCALL_PUBLIC_DIR"] = str(tmp_path / "public")
    env.pop("DATABASE_URL", None)
    env.pop("DEBUG", None)
    return env


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wait_until_up(url: str, server: subprocess.Popen[str]) -> None:
    """Poll until the server answers (a readiness wait, not a timing)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert server.poll() is None, server.communicate()
        try:
            urllib.request.urlopen(url, timeout=5).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} never answered")


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One register for the tests that fail before serving (migrated once)."""
    return tmp_path_factory.mktemp("serve")


@pytest.fixture
def served(tmp_path: Path, publish_now: Any) -> Iterator[tuple[str, Path]]:
    """`rollcall serve` on a free port over a small publication; stopped after."""
    import_rows(
        tmp_path / "people.csv",
        [
            make_row(record_id="pub-1"),
            make_row(
                record_id="anon-1", name="Hanna Hiddenova", visibility="anonymous"
            ),
        ],
    )
    publish_now()
    port = free_port()
    log = tmp_path / "server.log"
    with open(log, "w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [ROLLCALL, "serve", "--port", str(port), "--workers", "1"],
            env=environment(tmp_path),
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(f"{base}/api/v1/facilities", server)
            yield base, log
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)


def test_serve_answers_pages_api_static_files_and_logs_no_query(
    served: tuple[str, Path],
) -> None:
    base, log = served
    status, headers, body = get(f"{base}/?q=Kalesnikava")
    assert status == 200 and b"Kalesnikava" in body
    assert headers["Server"].startswith("gunicorn")
    etag = headers["ETag"]
    assert etag.strip('"').startswith("public-")
    assert get(f"{base}/?q=Kalesnikava", **{"If-None-Match": etag})[0] == 304

    status, headers, body = get(f"{base}/api/v1/persons?q=Kalesnikava")
    assert status == 200 and b'"record_id":"pub-1"' in body.replace(b" ", b"")
    assert headers["ETag"] == etag
    assert "Hiddenova" not in body.decode()

    # DEBUG is off: an unknown page is a plain 404, no URL list.
    status, _, body = get(f"{base}/nowhere/at/all")
    assert status == 404 and b"URLconf" not in body

    # The docs load their Swagger UI from hashed, compressed, immutable files.
    status, _, page = get(f"{base}/api/v1/docs")
    assert status == 200
    bundle = next(
        part.split('"')[0]
        for part in page.decode().split('src="')[1:]
        if "swagger-ui-bundle" in part
    )
    assert bundle != "/static/ninja/swagger-ui-bundle.js", "not a hashed name"
    status, headers, _ = get(f"{base}{bundle}", **{"Accept-Encoding": "br, gzip"})
    assert status == 200
    assert headers["Content-Encoding"] in {"br", "gzip"}
    assert "immutable" in headers["Cache-Control"]
    assert "max-age=315360000" in headers["Cache-Control"]

    # The access log keeps no query string, referrer or address.
    get(f"{base}/?q=Secretname+Hiddenova&status=held", Referer=f"{base}/?q=Other")
    get(f"{base}/api/v1/search?q=Secretname")
    get(f"{base}/persons/pub-1/", Referer=f"{base}/?q=Refername")
    # The access line is written once the answer is sent: wait for the last.
    deadline = time.monotonic() + 30
    while "/en/persons/pub-1/" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    text = log.read_text()
    assert '"GET /api/v1/search" 200' in text
    assert '"GET /" 302' in text  # to the browser's language
    for secret in ("Secretname", "Hiddenova", "Refername", "Other", "q=", "?"):
        assert secret not in text, secret
    assert "127.0.0.1 " not in text.replace("http://127.0.0.1", "")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--port", "0"], "--port '0': give a port number from 1 to 65535"),
        (["--port", "http"], "--port 'http': give a port number"),
        (["--host", "no-such-host.invalid"], "--host 'no-such-host.invalid':"),
        (["--host", "192.0.2.1"], "192.0.2.1 is not an address of this machine"),
        (["--workers", "0"], "--workers '0': give a number from 1 to 64"),
    ],
)
def test_bad_host_or_port_is_one_line_and_status_1(
    shared: Path, arguments: list[str], message: str
) -> None:
    done = subprocess.run(
        [ROLLCALL, "serve", *arguments],
        env=environment(shared),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_a_port_in_use_is_one_line_and_status_1(shared: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [ROLLCALL, "serve", "--port", str(port)],
            env=environment(shared),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 1
    assert done.stderr == (
        f"rollcall: error: cannot listen on 127.0.0.1:{port}: the port is in use "
        "(another server is running there; try --port)\n"
    )


def test_serve_refuses_debug(shared: Path) -> None:
    done = subprocess.run(
        [ROLLCALL, "serve", "--port", str(free_port())],
        env={**environment(shared), "DEBUG": "true"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "runs with DEBUG off" in done.stderr and done.stderr.count("\n") == 1
