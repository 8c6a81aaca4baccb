"""Files the commands write (`-o FILE`, `--chart FILE`): whole or not at all.

A file is written beside its path under a temporary name and renamed into
place once complete, so a full disk or an error part-way leaves the path as
it was (and no partial file) and says so in one line. A path that is not a
regular file (/dev/stdout, a named pipe) is written to directly.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TextIO, cast

from registry.errors import UserError


@contextmanager
def output_file(path: str | Path) -> Iterator[TextIO]:
    """An open text file whose contents become `path` when the block ends well."""
    with _written(path, binary=False) as file:
        yield cast(TextIO, file)


def write_output(path: str | Path, data: str | bytes) -> None:
    """Write `data` (text or bytes) as the whole of `path`."""
    with _written(path, binary=isinstance(data, bytes)) as file:
        file.write(data)


@contextmanager
def _written(path: str | Path, *, binary: bool) -> Iterator[IO[Any]]:
    target = Path(path)
    direct = target.exists() and not target.is_file()
    hidden = f".{target.name}.{secrets.token_hex(4)}.part"
    written = target if direct else target.with_name(hidden)
    mode = ("w" if direct else "x") + ("b" if binary else "")
    try:
        if binary:
            file: IO[Any] = open(written, mode)  # noqa: SIM115 (closed below)
        else:
            file = open(written, mode, encoding="utf-8", newline="")  # noqa: SIM115
        with file:
            yield file
            if not direct:  # on disk before it takes the name
                file.flush()
                os.fsync(file.fileno())
        if not direct:
            os.replace(written, target)
    except OSError as error:
        raise UserError(f"{path}: {error.strerror}") from None
    finally:
        if not direct:
            written.unlink(missing_ok=True)
