"""The public CSV and JSON downloads, written beside each publication.

They hold exactly what `rollcall export --public` writes (publish/export.py:
public persons as disclosed, anonymous ones as counted rows), but are
written in the same pass over the register as the published database, one
record at a time, so publishing reads the register once. Each publication
`public-<time>.sqlite3` has `public-<time>.csv` and `public-<time>.json`
beside it: the `current` symlink chooses all three at once, and a rollback
brings back the downloads with the database.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import TracebackType
from typing import TextIO

from ingest.csv_format import csv_writer, record_rows
from ingest.json_format import FORMAT, VERSION, person_to_json
from ingest.records import PersonRecord

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

    def finish(self) -> None:
        """Close both files and give them their final names, read-only."""
        self.files["json"].write("\n]}\n")
        self.close()
        for path in self.paths.values():
            os.chmod(partial(path), 0o444)
            os.replace(partial(path), path)

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
