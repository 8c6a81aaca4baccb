"""The `rollcall` command line: thin wrappers around the apps' functions.

Every command exits 0 on success and 1 with a one-line message on a user
error; bad input never ends in a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, NoReturn

from registry.dates import DateError, parse_date


class UserError(Exception):
    """Bad input from the user: reported in one line, exit status 1."""


def fail(message: str) -> NoReturn:
    raise UserError(message)


def setup() -> None:
    """Configure Django and bring the database schema up to date."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        fail(f"configuration: {error}")
    from rollcall.database import ensure_schema

    ensure_schema()


def day(text: str) -> date:
    try:
        return parse_date(text)
    except DateError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def show_progress(args: argparse.Namespace) -> bool:
    return not getattr(args, "quiet", False) and sys.stderr.isatty()


def print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


# Commands


def cmd_init(args: argparse.Namespace) -> None:
    from django.db import connection

    print(f"database ready: {connection.vendor} {connection.settings_dict['NAME']}")


def cmd_import(args: argparse.Namespace) -> None:
    from ingest.files import import_file

    summary = import_file(
        Path(args.file), dry_run=args.dry_run, progress=show_progress(args)
    )
    prefix = "dry run, nothing written: " if args.dry_run else ""
    print(f"{prefix}{args.file}: {summary}")


def cmd_export(args: argparse.Namespace) -> None:
    from ingest.files import export

    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else None
    try:
        count = export(out or sys.stdout, format=args.format, public=args.public)
    finally:
        if out:
            out.close()
    if args.output:
        print(f"{count} persons written to {args.output}", file=sys.stderr)


def cmd_list(args: argparse.Namespace) -> None:
    from registry.queries import person_list

    rows = person_list(status=args.status, on=date.today())
    if args.json:
        print_json(rows)
        return
    for row in rows:
        print(f"{row['record_id']:<16} {row['status']:<9} {row['name']}")
    print(f"{len(rows)} persons", file=sys.stderr)


def cmd_show(args: argparse.Namespace) -> None:
    from ingest.export import person_records
    from ingest.json_format import person_to_json
    from registry.models import Person

    person = Person.objects.filter(record_id=args.record_id).first()
    if person is None:
        fail(f"no person with record_id {args.record_id!r}")
    record = person_to_json(next(person_records([person.pk])))
    if args.json:
        print_json(record)
        return
    for key, value in record.items():
        if value not in ("", None, [], ()):
            shown = (
                json.dumps(value, ensure_ascii=False)
                if isinstance(value, list)
                else value
            )
            print(f"{key}: {shown}")


def cmd_count(args: argparse.Namespace) -> None:
    from stats.counting import count

    on = args.on or date.today()
    moment = None
    if args.known_on:
        moment = datetime.combine(args.known_on + timedelta(days=1), time(), UTC)
    result = count(on, moment)
    if args.json:
        print_json(
            {
                "on": on.isoformat(),
                "known_on": args.known_on.isoformat() if args.known_on else None,
                "count": result.count,
            }
        )
    else:
        print(result.count)


def cmd_demo(args: argparse.Namespace) -> None:
    from ingest.demo import load_demo

    print(load_demo(count=args.persons, progress=show_progress(args)))


def cmd_serve(args: argparse.Namespace) -> None:
    from django.core.management import call_command

    print(f"Rollcall on http://{args.host}:{args.port}/ (office: /office/)")
    call_command(
        "runserver",
        f"{args.host}:{args.port}",
        use_reloader=False,
        insecure=True,
        skip_checks=True,
    )


def cmd_createsuperuser(args: argparse.Namespace) -> None:
    from django.core.management import call_command

    call_command("createsuperuser")


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """Bad arguments are a user error like any other: exit status 1."""
        self.print_usage(sys.stderr)
        self.exit(1, f"{self.prog}: error: {message}\n")


def parser() -> argparse.ArgumentParser:
    main = Parser(
        prog="rollcall",
        description="Rollcall: a register of political prisoners.",
    )
    commands = main.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=Parser
    )

    def command(name: str, run: Callable[[argparse.Namespace], None], help: str) -> Any:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(run=run)
        return sub

    command("init", cmd_init, "create or upgrade the database (idempotent)")
    sub = command("import", cmd_import, "import a registry CSV, JSON or XLSX file")
    sub.add_argument("file")
    sub.add_argument("--dry-run", action="store_true", help="check, write nothing")
    sub.add_argument("--quiet", action="store_true", help="no progress bar")
    sub = command("export", cmd_export, "export the register as CSV or JSON")
    sub.add_argument("--format", choices=("csv", "json"), default="csv")
    sub.add_argument("--public", action="store_true", help="only what may be public")
    sub.add_argument("-o", "--output", help="file to write (default: standard output)")
    sub = command("list", cmd_list, "list persons")
    sub.add_argument(
        "--status", choices=("current", "released", "deceased", "all"), default="all"
    )
    sub.add_argument("--json", action="store_true")
    sub = command("show", cmd_show, "show one person")
    sub.add_argument("record_id")
    sub.add_argument("--json", action="store_true")
    sub = command("count", cmd_count, "count political prisoners on a day")
    sub.add_argument("--on", type=day, help="the day counted (default: today)")
    sub.add_argument(
        "--known-on", type=day, help="as the register stood at the end of this day"
    )
    sub.add_argument("--json", action="store_true")
    sub = command("demo", cmd_demo, "load the synthetic demo register (once)")
    sub.add_argument("--persons", type=int, default=2000)
    sub.add_argument("--quiet", action="store_true")
    sub = command("serve", cmd_serve, "serve the site")
    sub.add_argument("--host", default="127.0.0.1")
    sub.add_argument("--port", type=int, default=8000)
    command(
        "createsuperuser", cmd_createsuperuser, "create a back-office administrator"
    )
    return main


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        setup()
        args.run(args)
    except UserError as error:
        print(f"rollcall: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("rollcall: interrupted; nothing was changed", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
