"""`rollcall serve`: the site under gunicorn, as in production.

The command checks what it can before starting (DEBUG off, the address and
port usable), collects the static files (hashed names, gzip and Brotli
copies, for WhiteNoise to serve with a year's cache lifetime), and then
replaces itself with gunicorn running `config.wsgi` with
ROLLCALL_STATIC_COLLECTED=true. gunicorn's access log is written to standard
output in a format that keeps neither query strings nor referrers nor
client addresses: a search for a person's name is not written down, nor who
read whose page.
"""

from __future__ import annotations

import errno
import hashlib
import ipaddress
import os
import socket
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from registry.errors import UserError

# gunicorn's atoms: %(t)s time, %(m)s method, %(U)s path WITHOUT the query
# string, %(s)s status, %(B)s bytes, %(M)s milliseconds. Not %(r)s (the
# request line, with its query), %(q)s, %(f)s (the referrer: the page the
# reader came from, a search included), %(h)s (the reader's address).
ACCESS_LOG_FORMAT = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
MOST_WORKERS = 64
# ninja's ReDoc (the docs use Swagger UI), and collectstatic's own defaults.
IGNORED = ["redoc*", "CVS", ".*", "*~"]


def whole_number(text: str, option: str, what: str, most: int) -> int:
    """An option's whole number from 1 to `most`, else a clear refusal."""
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= most:
        raise UserError(f"{option} {text!r}: give {what} from 1 to {most}")
    return int(text)


def bind_address(host: str, port: int) -> str:
    """gunicorn's --bind for host and port (an IPv6 address in brackets)."""
    try:
        is_v6 = ipaddress.ip_address(host.strip("[]")).version == 6
    except ValueError:
        is_v6 = False
    return f"[{host.strip('[]')}]:{port}" if is_v6 else f"{host}:{port}"


def check_listen(host: str, port: int) -> None:
    """Fail with one line when gunicorn could not listen there."""
    try:
        found = socket.getaddrinfo(
            host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except (socket.gaierror, UnicodeError) as error:
        reason = getattr(error, "strerror", None) or "not a host name"
        raise UserError(f"--host {host!r}: {reason}") from None
    family, kind, protocol, _, address = found[0]
    with socket.socket(family, kind, protocol) as probe:
        # As gunicorn does: a port left in TIME_WAIT is free to use.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise UserError(
                    f"cannot listen on {host}:{port}: the port is in use "
                    "(another server is running there; try --port)"
                ) from None
            if error.errno == errno.EADDRNOTAVAIL:
                raise UserError(
                    f"cannot listen on {host}:{port}: {host} is not an address "
                    "of this machine"
                ) from None
            if error.errno == errno.EACCES:
                raise UserError(
                    f"cannot listen on {host}:{port}: not allowed (ports below "
                    "1024 need privileges; try --port 8000)"
                ) from None
            raise UserError(
                f"cannot listen on {host}:{port}: {error.strerror}"
            ) from None


def static_sources() -> str:
    """A fingerprint of the apps' static files: names, sizes and times."""
    from django.contrib.staticfiles.finders import get_finders

    found = []
    for finder in get_finders():
        for path, storage in finder.list(IGNORED):
            stat = os.stat(storage.path(path))
            found.append(f"{path} {stat.st_size} {stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(found)).encode()).hexdigest()


def collect_static(env: dict[str, str]) -> None:
    """Hashed, compressed static files into STATIC_ROOT, when they changed.

    Compressing takes several seconds of CPU; a start with the same files
    as the last one skips it.
    """
    root = Path(settings.ROLLCALL_STATIC_ROOT)
    stamp = root / ".sources"
    sources = static_sources()
    if stamp.exists() and stamp.read_text(encoding="utf-8") == sources:
        return
    ignored = [f"--ignore={pattern}" for pattern in IGNORED]
    done = subprocess.run(
        [sys.executable, "-m", "django", "collectstatic", "--noinput", "--clear"]
        + ["-v", "0", *ignored],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or ["no message"]
        raise UserError(f"collecting the static files failed: {lines[-1]}")
    stamp.write_text(sources, encoding="utf-8")


def gunicorn_command(host: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--bind",
        bind_address(host, port),
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--access-logformat",
        ACCESS_LOG_FORMAT,
        "--error-logfile",
        "-",
        "--log-level",
        "warning",
    ]


def serve(host: str, port_text: str, workers_text: str) -> None:
    """Check, collect the static files, then become gunicorn (never returns)."""
    port = whole_number(port_text, "--port", "a port number", 65535)
    workers = whole_number(workers_text, "--workers", "a number", MOST_WORKERS)
    if settings.DEBUG:
        raise UserError(
            "rollcall serve runs with DEBUG off: unset DEBUG (for debugging use "
            "python manage.py runserver)"
        )
    check_listen(host, port)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get(
            "DJANGO_SETTINGS_MODULE", "config.settings"
        ),
        "ROLLCALL_STATIC_COLLECTED": "true",
        "DEBUG": "false",
    }
    collect_static(env)
    shown = f"[{host.strip('[]')}]" if ":" in host else host
    print(
        f"Rollcall on http://{shown}:{port}/ (office: /office/), "
        f"{workers} gunicorn workers; Ctrl-C stops it",
        flush=True,
    )
    loopback = {"127.0.0.1", "localhost", "::1", "[::1]"}
    if host not in loopback and set(settings.ALLOWED_HOSTS) <= loopback:
        print(
            "note: ALLOWED_HOSTS names only this machine: set it to the names "
            "this server is reached by",
            file=sys.stderr,
            flush=True,
        )
    command = gunicorn_command(host, port, workers)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, command, env)
