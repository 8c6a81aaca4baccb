"""The public CSV and JSON downloads, written beside each publication.

They hold exactly what `rollcall export --public` writes (publish/export.py:
public persons as disclosed, anonymous ones as counted rows), but are
written in the same pass over the register as the published database, one
record at a time, so publishing reads the register once. Each publication
`public-<time>.sqlite3` has `public-<time>.csv` and `public-<time>.json`
beside it: the `current` symlink chooses all three at once, and a rollback
brings back the downloads with the database.

Writing them takes as long as writing the database and the figures (about
25 s each at 100k persons), and a machine has two cores: `Aside` writes
them in a forked child process from the records already read, while the
publishing process goes on.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
from collections.abc import Iterable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType
from typing import TextIO

from ingest.csv_format import csv_writer, record_rows
from ingest.json_format import FORMAT, VERSION, person_to_json
from ingest.records import PersonRecord
from registry.errors import UserError

FORMATS = ("csv", "json")
PARTIAL = ".partial"


def download_path(publication: Path, format: str) -> Path:
    """The download of `format` that belongs to a publication's file."""
    return publication.with_suffix(f".{format}")


class Downloads:
    """Both exports, written record by record into partial files."""

    def __init__(self, publication: Path) -> None:
        self.paths = {f: download_path(publication, f) for f in FORMATS}
        self.files: dict[str, TextIO] = {
            f: open(partial(path), "w", encoding="utf-8", newline="")  # noqa: SIM115
            for f, path in self.paths.items()
        }
        self.csv = csv_writer(self.files["csv"])
        self.files["json"].write(
            f'{{"format": "{FORMAT}", "version": {VERSION}, "persons": ['
        )
        self.count = 0

    def add(self, record: PersonRecord) -> None:
        self.csv.writerows(record_rows(record))
        out = self.files["json"]
        out.write(",\n" if self.count else "\n")
        out.write(json.dumps(person_to_json(record), ensure_ascii=False))
        self.count += 1

    def complete(self) -> None:
        """End both files and close them (still under their partial names)."""
        self.files["json"].write("\n]}\n")
        self.close()

    def close(self) -> None:
        for out in self.files.values():
            out.close()

    def discard(self) -> None:
        self.close()
        for path in self.paths.values():
            partial(path).unlink(missing_ok=True)

    def __enter__(self) -> Downloads:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is not None:
            self.discard()


def partial(path: Path) -> Path:
    return path.with_name(path.name + PARTIAL)


def named(paths: Iterable[Path]) -> None:
    """Give complete partial files their final names, read-only."""
    for path in paths:
        os.chmod(partial(path), 0o444)
        os.replace(partial(path), path)


class Aside:
    """Both downloads of `records`, written by a forked child process.

    The child only writes files (it never touches a database connection,
    which must not cross a fork) and leaves them under their partial
    names; `finish` waits for it and names them, `discard` stops it and
    removes them. A failure in the child is a UserError in the parent.
    """

    def __init__(self, publication: Path, records: Sequence[PersonRecord]) -> None:
        self.paths = [download_path(publication, f) for f in FORMATS]
        context = multiprocessing.get_context("fork")
        self.reply, sending = context.Pipe(duplex=False)
        # Whatever this process has buffered would be written twice.
        sys.stdout.flush()
        sys.stderr.flush()
        self.child = context.Process(
            target=write_aside, args=(publication, records, sending), daemon=True
        )
        self.child.start()
        sending.close()

    def finish(self) -> None:
        self.child.join()
        try:
            failure: str | None = self.reply.recv()
        except EOFError:  # the child closed its end with nothing to say
            failure = None
        self.reply.close()
        if self.child.exitcode != 0:
            self.remove()
            raise UserError(
                failure or f"writing the downloads stopped ({self.child.exitcode})"
            )
        named(self.paths)

    def discard(self) -> None:
        if self.child.is_alive():
            self.child.kill()
        self.child.join()
        self.reply.close()
        self.remove()

    def remove(self) -> None:
        for path in self.paths:
            partial(path).unlink(missing_ok=True)

    def __enter__(self) -> Aside:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is not None:
            self.discard()


def write_aside(
    publication: Path, records: Sequence[PersonRecord], reply: Connection
) -> None:
    """In the child: write both downloads; a failure is told to the parent."""
    try:
        with Downloads(publication) as downloads:
            for record in records:
                downloads.add(record)
            downloads.complete()
    except OSError as error:
        reply.send(f"cannot write the downloads: {error.strerror or error}")
        raise SystemExit(1) from None
