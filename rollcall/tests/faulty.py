"""`rollcall` as a test's subprocess, with a fault planted in it.

    python -m rollcall.tests.faulty [--pause-after MODULE:NAME[#N]]
        [--file-size-limit BYTES] -- ARGS...

`--pause-after` wraps a function: when its N-th call (default: the first)
has returned, the process writes `paused <database backend pid>` to standard
error and waits for a line on standard input before it goes on. The test
knows exactly where the command stands (inside its transaction, with rows
written and not committed) and kills it there (SIGKILL), or cuts its
database connection and lets it go on; no sleep, no race.

`--file-size-limit` sets RLIMIT_FSIZE with SIGXFSZ ignored: every write past
BYTES into any file fails with EFBIG, as writes fail on a full disk.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import resource
import signal
import sys
from typing import Any


def backend_pid() -> int:
    from django.db import connection

    if connection.vendor != "postgresql":
        return os.getpid()
    connection.ensure_connection()
    return int(connection.connection.info.backend_pid)


def pause_after(target: str) -> None:
    """Wrap MODULE:NAME[.NAME][#N] to pause after its N-th call returns."""
    where, _, nth = target.partition("#")
    module_name, _, path = where.partition(":")
    owner: Any = importlib.import_module(module_name)
    *parents, name = path.split(".")
    for parent in parents:
        owner = getattr(owner, parent)
    original = getattr(owner, name)
    calls = [0]

    @functools.wraps(original)
    def paused(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        calls[0] += 1
        if calls[0] == int(nth or 1):
            print(f"paused {backend_pid()}", file=sys.stderr, flush=True)
            sys.stdin.readline()
        return result

    setattr(owner, name, paused)


def main() -> int:
    parser = argparse.ArgumentParser(prog="faulty")
    parser.add_argument("--pause-after")
    parser.add_argument("--file-size-limit", type=int)
    parser.add_argument("args", nargs=argparse.REMAINDER)
    options = parser.parse_args()
    args = options.args[1:] if options.args[:1] == ["--"] else options.args
    if options.file_size_limit is not None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        limit = options.file_size_limit
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    if options.pause_after:
        pause_after(options.pause_after)
    from rollcall.cli import main as rollcall

    return rollcall(args)


if __name__ == "__main__":
    sys.exit(main())
