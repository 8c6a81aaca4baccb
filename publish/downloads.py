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
import os
import signal
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Self, TextIO

from ingest.csv_format import csv_writer, record_rows
from ingest.json_format import FORMAT, VERSION, person_to_json
from ingest.records import PersonRecord
from registry.errors import UserError

FORMATS = ("csv", "json")
PARTIAL = ".partial"


def download_path(publication: Path, format: str) -> Path:
    """The download of `format` that belongs to a publication's file."""
    return publication.with_suffix(f".{format}")


class PartialFiles:
    """Files written under partial names: named when complete (`name`),
    removed when the block they are written in fails (`discard`)."""

    paths: list[Path]

    def name(self) -> None:
        """Give the complete files their final names, read-only."""
        for path in self.paths:
            os.chmod(partial(path), 0o444)
            os.replace(partial(path), path)

    def remove(self) -> None:
        for path in self.paths:
            partial(path).unlink(missing_ok=True)

    def discard(self) -> None:
        self.remove()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is not None:
            self.discard()


class Downloads(PartialFiles):
    """Both exports, written record by record into partial files."""

    def __init__(self, publication: Path) -> None:
        self.paths = [download_path(publication, f) for f in FORMATS]
        self.files: dict[str, TextIO] = {
            f: open(partial(path), "w", encoding="utf-8", newline="")  # noqa: SIM115
            for f, path in zip(FORMATS, self.paths, strict=True)
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
        self.remove()


def partial(path: Path) -> Path:
    return path.with_name(path.name + PARTIAL)


class Aside(PartialFiles):
    """Both downloads of `records`, written by a forked child process.

    The child only writes files it opens itself and leaves them under their
    partial names: it never touches a database connection, which must not
    cross a fork, nor the standard streams or anything else another thread
    (a web server's, when an editor publishes from the office) could have
    been holding a lock on, and it ends with `os._exit`, running nothing
    else of the parent's. `finish` waits for it and names the files,
    `discard` stops it and removes them. The child's failure is the parent's
    error: a UserError for the file system's, a RuntimeError with its trace
    for any other.
    """

    def __init__(self, publication: Path, records: Sequence[PersonRecord]) -> None:
        self.paths = [download_path(publication, f) for f in FORMATS]
        reading, writing = os.pipe()
        # Ctrl-C or `kill` raise KeyboardInterrupt (rollcall.cli); in the
        # child that could unwind into the parent's code, sharing its
        # database connection. Held back over the fork, they are given back
        # their default action in the child (which ends it at once) and
        # delivered to the parent as usual.
        stops = {signal.SIGINT, signal.SIGTERM}
        held = signal.pthread_sigmask(signal.SIG_BLOCK, stops)
        try:
            self.pid = os.fork()
            if self.pid == 0:  # the child
                for stop in stops:
                    signal.signal(stop, signal.SIG_DFL)
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
                os.close(reading)
                os._exit(write_aside(publication, records, writing))
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        os.close(writing)
        self.reply = reading
        self.ended = False

    def wait(self) -> tuple[int, str]:
        """The child's exit status and what it had to say."""
        told = b""
        while chunk := os.read(self.reply, 65536):
            told += chunk
        os.close(self.reply)
        _, status = os.waitpid(self.pid, 0)
        self.ended = True
        return os.waitstatus_to_exitcode(status), told.decode(errors="replace")

    def finish(self) -> None:
        status, told = self.wait()
        if status != 0:
            self.remove()
            if status == FILE_SYSTEM:
                raise UserError(told)
            raise RuntimeError(f"writing the downloads failed ({status}): {told}")
        self.name()

    def discard(self) -> None:
        if not self.ended:
            os.kill(self.pid, signal.SIGKILL)
            self.wait()
        self.remove()


# The child's exit status when the file system refused (disk full, no room).
FILE_SYSTEM = 3


def write_aside(publication: Path, records: Sequence[PersonRecord], reply: int) -> int:
    """In the child: write both downloads; returns the exit status, and a
    failure is told to the parent through `reply`."""
    told, status = "", 0
    try:
        with Downloads(publication) as downloads:
            for record in records:
                downloads.add(record)
            downloads.complete()
    except OSError as error:
        told, status = (
            f"cannot write the downloads: {error.strerror or error}",
            FILE_SYSTEM,
        )
    except BaseException:  # a bug: its trace, for the parent to raise
        told, status = traceback.format_exc(), 1
    data = told.encode()
    try:
        while data:
            data = data[os.write(reply, data) :]
    finally:
        os.close(reply)
    return status
