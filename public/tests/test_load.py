"""The public site under load while an editor saves and publishes.

A real server (`rollcall serve`) on a free port of 127.0.0.1; 200 clients
at once (asyncio, plain HTTP/1.1) read the list, a person's page, the API
and the search for a bounded time and count; meanwhile another process saves
one person again and again through simple-history (who, why) and publishes
after every save. Checked: no server error and no failed connection; every
save is in the kept history; every answer comes whole from one publication
(the person's region and locality were saved together, so a response mixing
two saves would show two numbers); the last save is what the site shows.
No timing is asserted.
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from registry.tests.builders import make_row, write_csv
from rollcall.tests.processes import ROOT, Databases

CLIENTS = 200
SECONDS = 10.0
PER_CLIENT = 5
SAVES = 5  # at least; the editor goes on until the load is over

EDITOR = """
import itertools, os, sys
from pathlib import Path
from typing import Any
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
from django.db import transaction
from publish.publishing import publish
from registry.actions import command_line_actor
from registry.history import attribute
from registry.models import Person
from review.actions import persons_approve

editor = command_line_actor(name="load-editor")
minimum, stop = int(sys.argv[1]), Path(sys.argv[2])
for n in itertools.count():
    if n >= minimum and stop.exists():
        break
    with transaction.atomic():
        person = Person.objects.select_for_update().get(record_id="l-0")
        person.region = f"Region {n}"
        person.locality = f"Town {n}"
        person.version += 1
        attribute(person, actor=editor, reason=f"load save {n}")
        person.save()
        # The editor approves the change: only approved versions are published.
        persons_approve(person_ids=[person.pk], actor=editor, reason=f"load save {n}")
    publish()
    print(n, flush=True)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def get(port: int, path: str) -> tuple[int, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Connection: close\r\n\r\n".encode()
        )
        await writer.drain()
        data = await reader.read()
    finally:
        writer.close()
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
    if b"Transfer-Encoding: chunked" in head:
        body = unchunk(body)
    return status, body


def unchunk(body: bytes) -> bytes:
    out, rest = b"", body
    while rest:
        size, _, rest = rest.partition(b"\r\n")
        length = int(size, 16)
        if length == 0:
            break
        out, rest = out + rest[:length], rest[length + 2 :]
    return out


def consistent(body: bytes) -> str | None:
    """The save a person's API answer shows ('' before any), or None if torn."""
    person = json.loads(body)
    region = re.fullmatch(r"Region (\d+)", person["region"])
    locality = re.fullmatch(r"Town (\d+)", person["locality"])
    if region is None and locality is None:
        return ""
    if region and locality and region[1] == locality[1]:
        return region[1]
    return None


async def load(port: int, paths: list[str]) -> tuple[Counter[str], set[str]]:
    results: Counter[str] = Counter()
    seen: set[str] = set()
    stop = time.monotonic() + SECONDS

    async def client(number: int) -> None:
        for turn in range(PER_CLIENT):
            if time.monotonic() > stop:
                return
            path = paths[(number + turn) % len(paths)]
            try:
                status, body = await asyncio.wait_for(get(port, path), 120)
            except (TimeoutError, OSError, ValueError) as error:
                results[f"error {type(error).__name__}"] += 1
                continue
            results[str(status)] += 1
            if status != 200:
                results[f"{status} {path} {body[:120]!r}"] += 1
            if status == 200 and path.startswith("/api/v1/persons/"):
                save = consistent(body)
                if save is None:
                    results["torn"] += 1
                else:
                    seen.add(save)

    await asyncio.gather(*(client(n) for n in range(CLIENTS)))
    return results, seen


def wait_until_serving(server: subprocess.Popen[str], port: int) -> None:
    deadline = time.monotonic() + 120
    while True:
        assert server.poll() is None, server.communicate()[1]
        try:
            status, _ = asyncio.run(get(port, "/api/v1/count"))
            if status == 200:
                return
        except OSError:
            pass
        assert time.monotonic() < deadline, "the server never answered"
        time.sleep(0.1)


def test_two_hundred_clients_while_an_editor_saves_see_no_error_and_lose_nothing(
    subprocess_databases: Databases, tmp_path: Path
) -> None:
    db = subprocess_databases.new("load")
    rows = [
        make_row(record_id=f"l-{i}", name=f"Ales Bialiatski{i}", name_be="")
        for i in range(30)
    ]
    db.run(
        "import",
        str(write_csv(tmp_path / "l.csv", rows)),
        "--match",
        "off",
        "--approve",
    )
    db.run("publish", "--quiet")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "rollcall", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        # The load is on the site, not on the API's per-client rate limit.
        env={**db.env, "ROLLCALL_API_RATE": ""},
        cwd=ROOT,
    )
    editor = None
    stop = tmp_path / "stop"
    try:
        wait_until_serving(server, port)
        editor = subprocess.Popen(
            [sys.executable, "-c", EDITOR, str(SAVES), str(stop)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=db.env,
            cwd=ROOT,
        )
        paths = [
            reverse("person_list"),
            reverse("person_list") + "?q=Bialiatski",
            reverse("person_page", args=["l-0"]),
            "/api/v1/persons/l-0",
            "/api/v1/persons?per_page=50",
            "/api/v1/search?q=Bialiatski",
        ]
        assert editor.stdout is not None
        assert editor.stdout.readline() == "0\n", editor.communicate()[1]
        results, seen = asyncio.run(load(port, paths))
        stop.touch()
        out, err = editor.communicate(timeout=300)
        assert editor.returncode == 0, err
        saves = 1 + len(out.split())
        status, body = asyncio.run(get(port, "/api/v1/persons/l-0"))
    finally:
        for process in (editor, server):
            if process is not None and process.poll() is None:
                process.kill()
                process.communicate()

    assert set(results) == {"200"}, results  # what failed, with its answer
    assert results["200"] >= CLIENTS
    assert seen  # the person was read, whole, at one save or another
    assert status == 200 and consistent(body) == str(saves - 1)
    reasons = [
        reason
        for (reason,) in db.query(
            "SELECT history_change_reason FROM registry_historicalperson h "
            "JOIN registry_person p ON p.id = h.id WHERE p.record_id = 'l-0' "
            "ORDER BY history_id"
        )
    ]
    assert reasons[1:] == [f"load save {n}" for n in range(saves)]
    print(f"load: {dict(results)}; {saves} saves, {len(seen)} seen", file=sys.stderr)


@pytest.mark.django_db
def test_a_publication_pruned_before_a_request_opens_it_is_looked_up_again(
    publish_now: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under load a request found the current file, two publishes pruned it,
    then the request opened it: the answer was a server error."""
    from public import store

    current = publish_now()
    gone = current.with_name("public-20000101T000000000000Z.sqlite3")
    found = iter([gone, current])
    monkeypatch.setattr(store, "current_file", lambda: next(found))
    with store.reading() as reader:
        assert reader.publication()["schema_version"] == store.SCHEMA_VERSION
