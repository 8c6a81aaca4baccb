"""Reads beside the main one: each on the connection lent to its thread.

One_reading lends connections only to a SQLite file (the test database is
in memory), so a connection to a file of the test's own stands in for one
here; rollcall/tests/test_concurrency.py runs the real thing.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from stats import tables


@pytest.fixture
def lent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """A connection to a file holding one row, lent once; what was given back."""
    raw = sqlite3.connect(tmp_path / "lent.sqlite3", check_same_thread=False)
    raw.execute("CREATE TABLE marker (value TEXT)")
    raw.execute("INSERT INTO marker VALUES ('read beside')")
    raw.commit()
    free, returned = [raw], []
    monkeypatch.setattr(tables, "lend_helper", lambda: free.pop() if free else None)
    monkeypatch.setattr(tables, "give_back", returned.append)
    yield returned
    raw.close()


def read_marker() -> tuple[str, int]:
    with tables.reading_cursor() as cursor:
        cursor.execute("SELECT value FROM marker WHERE %s = %s", [1, 1])
        ((value,),) = cursor.fetchall()
    return value, threading.get_ident()


def test_a_read_beside_goes_through_the_lent_connection_on_a_thread_of_its_own(
    lent: list[Any],
) -> None:
    with tables.alongside() as beside:
        found = beside(read_marker)
        value, thread = found.result()
    assert value == "read beside" and thread != threading.get_ident()
    assert len(lent) == 1  # given back once the block ended


@pytest.mark.django_db
def test_with_no_connection_free_the_read_is_made_here_and_now(
    lent: list[Any],
) -> None:
    def here() -> int:
        with tables.reading_cursor() as cursor:
            cursor.execute("SELECT 1")
            return threading.get_ident()

    with tables.alongside() as beside:
        first = beside(read_marker)
        second = beside(here)  # the only connection is lent already
        assert second.result() == threading.get_ident()
        assert first.result()[0] == "read beside"


@pytest.mark.django_db(transaction=True)
def test_a_read_beside_through_djangos_connection_is_refused(lent: list[Any]) -> None:
    """It would open a connection of the thread's own, reading another state."""

    def stray() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    with pytest.raises(RuntimeError, match="went through Django's connection"):
        with tables.alongside() as beside:
            beside(stray).result()
    assert len(lent) == 1


def test_a_failed_block_stops_the_reads_beside_it_and_gives_their_connections_back(
    lent: list[Any],
) -> None:
    started = threading.Event()

    def long() -> None:  # a minute or two of SQLite
        with tables.reading_cursor() as cursor:
            started.set()
            cursor.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                "WHERE i < 500000000) SELECT COUNT(*) FROM n"
            )

    with pytest.raises(KeyboardInterrupt):
        with tables.alongside() as beside:
            running = beside(long)
            started.wait(10)
            raise KeyboardInterrupt
    assert not running.thread.is_alive()
    # Stopped part-way, not run to its end.
    assert isinstance(running.error, sqlite3.OperationalError)
    assert "interrupted" in str(running.error)
    assert len(lent) == 1
