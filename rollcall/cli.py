"""The `rollcall` command line: thin wrappers around the apps' functions.

Every command exits 0 on success and 1 with a one-line message on a user
error; bad input never ends in a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, NoReturn

from django.db import DatabaseError, transaction

from registry.dates import DateError, parse_date
from registry.errors import UserError


def fail(message: str) -> NoReturn:
    raise UserError(message)


def setup(*, init: bool = False) -> None:
    """Configure Django, check the settings and bring the schema up to date."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        fail(f"configuration: {error}")
    from config.checks import configuration_errors
    from rollcall.database import ensure_schema

    errors = configuration_errors()
    if errors:
        fail(f"configuration: {'; '.join(errors)}")
    ensure_schema(init=init)


def day(text: str) -> date:
    try:
        return parse_date(text)
    except DateError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


# How far after today a figure may be asked for.
FIGURES_AHEAD = timedelta(days=366)


def figure_day(text: str) -> date:
    """A day a figure is asked for: up to a year after today. The register
    holds nothing after today (an import refuses it), so a later day would
    count what it counts a year ahead, and a mistyped year would make a
    series centuries long or run past the calendar's last day."""
    value = day(text)
    if value > datetime.now(UTC).date() + FIGURES_AHEAD:
        raise argparse.ArgumentTypeError(
            f"{text!r} is more than a year after today: the register holds "
            "nothing after today"
        )
    return value


def known_day(text: str) -> date:
    """A day the register can be known on: not after today (UTC, the clock
    of its history). A figure stamped "as known on" a later day would be
    today's, and another one once that day comes."""
    value = day(text)
    if value > datetime.now(UTC).date():
        raise argparse.ArgumentTypeError(
            f"{text!r} is after today: the register can only be known as it "
            "stood up to now"
        )
    return value


def add_known_on(sub: argparse.ArgumentParser) -> None:
    """The `--known-on K` option of the commands that count."""
    sub.add_argument(
        "--known-on",
        type=known_day,
        help="as the register stood at the end of this day",
    )


def positive(text: str) -> int:
    """A count asked for (--limit, --persons): a whole number, at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 1 up")
    return value


def score(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a score between 0 and 1")
    return value


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
        Path(args.file),
        dry_run=args.dry_run,
        progress=show_progress(args),
        actor_name=args.actor,
        match=args.match,
        min_score=args.min_score,
        replace_facts=args.replace,
        allow_more_visible=args.allow_more_visible,
        recorded_on=args.recorded_on,
        approve=args.approve,
    )
    prefix = "dry run, nothing written: " if args.dry_run else ""
    print(f"{prefix}{args.file}: {summary}")
    for line in summary.details():
        print(f"  {line}")


def actor(args: argparse.Namespace) -> Any:
    """The account a command's writes are recorded under (--actor)."""
    from registry.actions import command_line_actor

    return command_line_actor(name=args.actor)


def cmd_export(args: argparse.Namespace) -> None:
    from ingest.files import export
    from publish.export import export_public
    from registry.locking import one_reading
    from rollcall.outputs import output_file

    with ExitStack() as stack:
        out = stack.enter_context(output_file(args.output)) if args.output else None
        # One state of the register for the whole file: read chunk by chunk
        # while a merge commits, facts moved to a person already written
        # would be in no record at all.
        with one_reading():
            if args.public:
                count = export_public(out or sys.stdout, format=args.format)
            else:
                count = export(out or sys.stdout, format=args.format)
    audit_export(args, count)
    if args.output:
        print(f"{count} persons written to {args.output}", file=sys.stderr)


def audit_export(args: argparse.Namespace, count: int) -> None:
    from audit.actions import audit_record
    from audit.models import AuditAction

    audit_record(
        action=AuditAction.REGISTER_EXPORT,
        actor=f"cli:{os_user()}",
        details={
            "public": args.public,
            "format": args.format,
            "file": Path(args.output).name if args.output else "",
            "persons": count,
        },
    )


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

    person = person_by_record_id(args.record_id)
    if person.merged_into_id is not None:
        kept = Person.objects.get(pk=person.merged_into_id)
        fail(
            f"{args.record_id!r} was merged into {kept.record_id!r}: "
            f"rollcall show {kept.record_id}"
        )
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


def cmd_search(args: argparse.Namespace) -> None:
    from registry.matching import search

    if args.batch:
        search_batch(args.batch, limit=args.limit)
        return
    if args.query is None:
        fail("give a QUERY or --batch FILE")
    if not args.query.strip():
        fail("the query is empty: give a name, or part of one, to search for")
    results = search(args.query, limit=args.limit)
    if args.json:
        print_json([result.as_json() for result in results])
        return
    for result in results:
        line = f"{result.score:.2f}  {result.record_id:<16} {result.name}"
        print(f"{line}  ({result.matched})")
    if not results:
        print("no match", file=sys.stderr)


def search_batch(path: str, *, limit: int) -> None:
    """One query per line in, one JSON object per line out."""
    from registry.matching import search

    name = "standard input" if path == "-" else path
    try:
        # Bytes, decoded here: whatever the locale, standard input and a
        # file are read alike, and a line that is not UTF-8 is refused.
        lines = (
            getattr(sys.stdin, "buffer", sys.stdin) if path == "-" else open(path, "rb")
        )
    except OSError as error:
        fail(f"{path}: {error.strerror}")
    try:
        for number, line in enumerate(lines, start=1):
            query = utf8_line(line, name, number).strip()
            if not query:
                continue
            results = [r.as_json() for r in search(query, limit=limit)]
            print(json.dumps({"query": query, "results": results}, ensure_ascii=False))
    finally:
        if path != "-":
            lines.close()


def utf8_line(line: bytes | str, name: str, number: int) -> str:
    """A line of input as text; a clear failure where it is not UTF-8."""
    if isinstance(line, str):
        return line
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError as error:
        column = len(line[: error.start].decode("utf-8")) + 1
        fail(f"{name}: line {number}, column {column}: is not UTF-8 text")


def cmd_dedupe(args: argparse.Namespace) -> None:
    from names import DUPLICATE_MIN_SCORE
    from registry.matching import duplicates

    pairs = duplicates(min_score=args.min_score or DUPLICATE_MIN_SCORE)
    if args.json:
        print_json([pair.as_json() for pair in pairs])
        return
    for pair in pairs:
        print(f"{pair.score:.2f}  {pair.a} ~ {pair.b}: {'; '.join(pair.reasons)}")
    print(f"{len(pairs)} candidate pairs", file=sys.stderr)


def person_by_record_id(record_id: str) -> Any:
    from registry.models import Person

    person = Person.objects.filter(record_id=record_id).first()
    if person is None:
        fail(f"no person with record_id {record_id!r}")
    return person


def cmd_merge(args: argparse.Namespace) -> None:
    from registry.actions import ActionError, person_merge

    keep, merge = person_by_record_id(args.keep), person_by_record_id(args.merge)
    try:
        # The command-line account is created with the merge, or not at all.
        with transaction.atomic():
            done = person_merge(
                keep=keep, merge=merge, actor=actor(args), reason=args.reason
            )
    except ActionError as error:
        fail(str(error))
    print(f"{args.merge} merged into {args.keep} (merge {done.pk})")
    print(f"undo with: rollcall unmerge {done.pk} --reason ...")


def cmd_unmerge(args: argparse.Namespace) -> None:
    from registry.actions import ActionError, person_unmerge
    from registry.models import Merge

    merge = Merge.objects.filter(pk=args.merge_id).first()
    if merge is None:
        fail(f"no merge number {args.merge_id}")
    try:
        with transaction.atomic():
            person_unmerge(merge=merge, actor=actor(args), reason=args.reason)
    except ActionError as error:
        fail(str(error))
    record_id = merge.merged.record_id
    print(f"merge {args.merge_id} undone: {record_id} is a record of its own again")


def cmd_link(args: argparse.Namespace) -> None:
    from link.cli import LinkError, run_link

    try:
        run_link(args.file, as_json=args.json, language=args.lang)
    except LinkError as error:
        fail(str(error))


def cmd_demo(args: argparse.Namespace) -> None:
    from demo.loader import load_demo

    print(load_demo(count=args.persons, progress=show_progress(args)))


def cmd_publish(args: argparse.Namespace) -> None:
    from publish.publishing import publish, rollback

    actor = f"cli:{os_user()}"
    if args.rollback:
        print(f"current publication is now {rollback(actor=actor).name}")
        return
    publication = publish(actor=actor)
    if not args.quiet:
        print(publication)
        from review.queries import awaiting_review

        waiting = awaiting_review().count()
        if waiting:
            print(
                f"{waiting} records have changes not approved yet, not published "
                "(rollcall review; docs/office.md)"
            )


def cmd_serve(args: argparse.Namespace) -> None:
    from rollcall.serve import serve

    serve(args.host, args.port, args.workers)


def actor_argument(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--actor",
        default=os_user(),
        help="who does this, for the kept history (default: the system user)",
    )


def os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


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
    sub.add_argument(
        "--match",
        choices=("report", "link", "off"),
        default="report",
        help="records with a new record_id whose person is probably registered: "
        "report them and import nothing (default), link them, or import as new",
    )
    sub.add_argument("--min-score", type=score, default=None)
    sub.add_argument(
        "--replace",
        action="store_true",
        help="the file holds the whole of each kind of fact it carries: facts of "
        "those kinds it does not carry are deleted (and listed)",
    )
    sub.add_argument(
        "--allow-more-visible",
        action="store_true",
        help="allow the file to make registered persons more visible",
    )
    sub.add_argument(
        "--recorded-on",
        type=day,
        help="keep every change of this import as known on this past day "
        "(load past snapshots of a register in order)",
    )
    sub.add_argument(
        "--approve",
        action="store_true",
        help="approve every person the file names, as imported, for publication "
        "(recorded as your approval); without it the changes are drafts",
    )
    actor_argument(sub)
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
    sub.add_argument("--on", type=figure_day, help="the day counted (default: today)")
    add_known_on(sub)
    sub.add_argument("--json", action="store_true")
    sub = command("search", cmd_search, "find persons by any spelling of a name")
    sub.add_argument("query", nargs="?")
    sub.add_argument("--limit", type=positive, default=10)
    sub.add_argument("--json", action="store_true")
    sub.add_argument(
        "--batch", metavar="FILE", help="one query per line (- for standard input)"
    )
    sub = command("dedupe", cmd_dedupe, "list probable duplicate records")
    sub.add_argument("--min-score", type=score, default=None)
    sub.add_argument("--json", action="store_true")
    sub = command("merge", cmd_merge, "merge record MERGE into record KEEP")
    sub.add_argument("keep")
    sub.add_argument("merge")
    sub.add_argument("--reason", required=True)
    actor_argument(sub)
    sub = command("unmerge", cmd_unmerge, "undo a merge")
    sub.add_argument("merge_id", type=int)
    sub.add_argument("--reason", required=True)
    actor_argument(sub)
    sub = command("link", cmd_link, "find the register's people named in a text")
    sub.add_argument("file", help="plain text, HTML or PDF (- for standard input)")
    sub.add_argument("--json", action="store_true")
    sub.add_argument(
        "--lang", choices=("auto", "en", "be", "ru", "uk", "pl"), default="auto"
    )
    sub = command("demo", cmd_demo, "load the synthetic demo register (once)")
    sub.add_argument("--persons", type=positive, default=2000)
    sub.add_argument("--quiet", action="store_true")
    sub = command("publish", cmd_publish, "write the public database and switch to it")
    sub.add_argument("--rollback", action="store_true")
    sub.add_argument("--quiet", action="store_true")
    sub = command("serve", cmd_serve, "serve the site and API with gunicorn")
    sub.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1")
    sub.add_argument("--port", default="8000", help="default: 8000")
    sub.add_argument(
        "--workers", default="3", help="gunicorn worker processes (default: 3)"
    )
    from office.cli import add_commands as add_account_commands
    from rollcall.stats_commands import add_commands

    add_commands(command)
    add_account_commands(command)
    from rollcall.office_commands import add_commands as add_office_commands

    add_office_commands(command)
    from rollcall.review_commands import add_commands as add_review_commands

    add_review_commands(command)
    return main


def database_trouble(error: Exception) -> str:
    """One line for a database that is busy, full or gone; nothing was written."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    if "locked" in text or "busy" in text:
        return (
            "the database is busy with another write (an import or an office "
            "save); nothing was changed: try again in a moment"
        )
    if "disk" in text or "No space left" in text:
        return (
            f"the database could not be written ({text}): is the disk full? "
            "Free some space and try again; nothing was changed"
        )
    if any(words in text for words in LOST_CONNECTION):
        return (
            f"the connection to the database was lost ({text}); nothing was "
            "changed: try again"
        )
    return f"the database failed ({text or type(error).__name__}); nothing was changed"


# What PostgreSQL and psycopg say when a connection is cut part-way.
LOST_CONNECTION = (
    "terminating connection",
    "server closed the connection",
    "connection is closed",
    "connection is lost",
)


def interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # `kill` (SIGTERM) stops a command as Ctrl-C does: its transaction rolls
    # back and the files it was writing are removed, where the default
    # action ended the process on the spot and left them.
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        return run(args)
    finally:
        signal.signal(signal.SIGTERM, previous)


def run(args: argparse.Namespace) -> int:
    try:
        setup(init=args.run is cmd_init)
        args.run(args)
    except UserError as error:
        print(f"rollcall: error: {error}", file=sys.stderr)
        return 1
    except DatabaseError as error:
        print(f"rollcall: error: {database_trouble(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("rollcall: interrupted; nothing was changed", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except OSError as error:  # writing to standard output (a full disk)
        where = f"{error.filename}: " if error.filename else ""
        print(f"rollcall: error: {where}{error.strerror or error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
