"""The figures' commands: `rollcall stats`, `rollcall series`, `rollcall factsheet`.

Output is staff output (exact figures) unless `--public` asks for what may be
published (small cells suppressed, see stats.suppression).
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from registry.locking import one_reading
from rollcall.cli import add_known_on, fail, figure_day, known_day, print_json
from rollcall.outputs import write_output

FIELDS = (
    "sex",
    "age",
    "region",
    "kind",
    "facility",
    "vulnerable",
    "article",
    "organisation",
    "health",
)


def end_of(known_on: date | None) -> datetime | None:
    """--known-on K means "as the register stood at the end of day K" (UTC)."""
    if known_on is None:
        return None
    return datetime.combine(known_on + timedelta(days=1), time(), UTC)


def write_result(data: str | bytes, output: str | None) -> None:
    """To the file `output` (whole or not at all), else to standard output."""
    if output is not None:
        write_output(output, data)
    elif isinstance(data, bytes):
        sys.stdout.buffer.write(data)
    else:
        sys.stdout.write(data if data.endswith("\n") else data + "\n")


def approved_if_public(command: Callable[[argparse.Namespace], None]) -> Any:
    """The command, reading each person's grades no looser than approved
    when it is `--public` (stats.tables.approved_grades)."""

    @functools.wraps(command)
    def run(args: argparse.Namespace) -> None:
        from stats.tables import approved_grades

        if not args.public:
            return command(args)
        with approved_grades():
            return command(args)

    return run


# Each figures command reads one state of the register: a fact sheet's count,
# chart and lists come from a dozen queries, and an import committed between
# two of them would make them disagree.
@one_reading(parallel=True)
@approved_if_public
def cmd_stats(args: argparse.Namespace) -> None:
    from stats.figures import figures
    from stats.reports import (
        public_day_report,
        report_csv,
        report_json,
        report_text,
        staff_report,
    )

    on = args.on or date.today()
    if args.compare_known_on:
        compare(args, on)
        return
    if args.flows or args.start or args.to:
        show_flows(args)
        return
    if args.cumulative:
        show_cumulative(args, on)
        return
    by = tuple(dict.fromkeys(args.by))
    result = figures(on, end_of(args.known_on), by=by)
    if args.public:
        report = public_day_report(result, shown=places_shown(by, args.known_on))
    else:
        report = staff_report(result)
    if args.json:
        print_json(report_json(report))
    elif args.csv:
        write_result(report_csv(report), None)
    else:
        print(report_text(report))


def places_shown(
    by: tuple[str, ...], known_on: date | None
) -> dict[str, frozenset[str]] | None:
    """For a public output by `by`, the values of its breakdowns by place,
    organisation or article that it may name (stats.places); None for none."""
    from stats.places import NAMED, shown_places
    from stats.tables import Register

    named = tuple(field for field in NAMED if field in by)
    if not named:
        return None
    return shown_places(Register(end_of(known_on)), named)


def compare(args: argparse.Namespace, on: date) -> None:
    from stats.revisions import revisions, revisions_json, revisions_text

    if args.public:
        fail("--compare-known-on names records: it is staff output, not --public")
    if args.by:
        fail("--compare-known-on explains the count; leave out --by")
    first = args.known_on or date.today()
    result = revisions(on, end_of(first), end_of(args.compare_known_on))
    if args.json:
        print_json(revisions_json(result))
    else:
        print(revisions_text(result))


def show_flows(args: argparse.Namespace) -> None:
    from stats.flow_reports import flows_csv, flows_json, flows_report, flows_text
    from stats.flows import flows
    from stats.tables import Register

    if not (args.flows and args.start):
        fail("flows need --flows and --from (the day before the period; --to: its end)")
    if args.by or args.cumulative or args.on:
        fail("--flows covers --from to --to: leave out --on, --by and --cumulative")
    until = args.to or date.today()
    if until <= args.start:
        fail("--to must come after --from")
    # (one state of the register: its persons are read once, for the flows
    # and, in public, for the change rule)
    register = Register(end_of(args.known_on))
    result = flows(args.start, until, register=register)
    report = flows_report(result, public=args.public, register=register)
    if args.json:
        print_json(flows_json(report))
    elif args.csv:
        write_result(flows_csv(report), None)
    else:
        print(flows_text(report))


def show_cumulative(args: argparse.Namespace, on: date) -> None:
    from stats.flow_reports import (
        cumulative,
        cumulative_csv,
        cumulative_json,
        cumulative_text,
    )

    if args.by:
        fail("--cumulative is by sex: leave out --by")
    result = cumulative(on, end_of(args.known_on))
    if args.json:
        print_json(cumulative_json(result, public=args.public))
    elif args.csv:
        write_result(cumulative_csv(result, public=args.public), None)
    else:
        print(cumulative_text(result, public=args.public))


@one_reading()
@approved_if_public
def cmd_series(args: argparse.Namespace) -> None:
    from stats.charts import chart_format
    from stats.reports import series_csv, series_json, series_report
    from stats.series import series

    if args.to < args.start:
        fail("--to comes before --from")
    if args.chart:
        try:
            chart_format(Path(args.chart))
        except ValueError as error:
            fail(str(error))
    result = series(
        args.start,
        args.to,
        every=args.every,
        by=args.by,
        known_on=end_of(args.known_on),
        public=args.public,
        shown=places_shown((args.by,), args.known_on) if args.public else None,
    )
    report = series_report(result, public=args.public)
    if args.chart:
        draw(report, Path(args.chart), args.known_on)
    if args.json:
        print_json(series_json(report))
    elif args.csv or not args.chart:
        write_result(series_csv(report), None)


def draw(report: Any, path: Path, known_on: date | None) -> None:
    from stats.charts import chart_bytes, chart_format, line_name

    series = report.series
    if series.by is None:
        lines = {line_name(None, None): [s.count for s in report.totals]}
    else:
        lines = {
            line_name(series.by, value): [s.count for s in shown]
            for value, shown in list(report.lines.items())[:8]
        }
    title = f"Political prisoners, {series.start} to {series.end}"
    if series.by:
        title += f", by {series.by}"
    stamp = (
        f"Source: Rollcall register. Made {date.today()}; "
        f"as known on {known_on or date.today()}."
        + (" Small cells suppressed." if report.public else " Staff figures.")
    )
    data = chart_bytes(
        list(series.points), lines, title=title, stamp=stamp, fmt=chart_format(path)
    )
    write_output(path, data)
    print(f"chart written to {path}", file=sys.stderr)


@one_reading(parallel=True)
def cmd_factsheet(args: argparse.Namespace) -> None:
    from django.utils import translation

    with translation.override(args.lang):
        write_factsheet(args)


def write_factsheet(args: argparse.Namespace) -> None:
    from stats.factsheet import factsheet, factsheet_json
    from stats.sheets import factsheet_html, factsheet_md, factsheet_pdf

    on = args.on or date.today()
    since = args.since or on.replace(year=on.year - 1, day=min(on.day, 28))
    if since >= on:
        fail("--since must come before --on")
    sheet = factsheet(
        on=on,
        since=since,
        known_on=args.known_on,
        moment=end_of(args.known_on),
        public=args.public,
        listing=args.format == "html",
    )
    data: str | bytes
    if args.format == "pdf":
        data = factsheet_pdf(sheet)
    elif args.format == "json":
        import json

        data = json.dumps(factsheet_json(sheet), ensure_ascii=False, indent=2)
    elif args.format == "html":
        data = factsheet_html(sheet)
    else:
        data = factsheet_md(sheet)
    write_result(data, args.output)
    if args.output:
        print(f"fact sheet written to {args.output}", file=sys.stderr)


def add_commands(command: Callable[..., Any]) -> None:
    """Add the figures' commands to the `rollcall` parser."""
    sub = command("stats", cmd_stats, "political prisoners on a day, with breakdowns")
    sub.add_argument("--on", type=figure_day, help="the day counted (default: today)")
    add_known_on(sub)
    sub.add_argument(
        "--by",
        action="append",
        default=[],
        choices=FIELDS,
        metavar="FIELD",
        help=f"a breakdown (repeatable): {', '.join(FIELDS)}",
    )
    sub.add_argument(
        "--compare-known-on",
        type=known_day,
        metavar="K2",
        help="explain, record by record, how the figure changed from --known-on to K2",
    )
    sub.add_argument(
        "--flows",
        action="store_true",
        help="newly detained, newly recognised, released by reason and died in "
        "custody after --from up to --to, with their records",
    )
    sub.add_argument(
        "--from",
        dest="start",
        type=figure_day,
        help="with --flows: the day before the period",
    )
    sub.add_argument(
        "--to",
        type=figure_day,
        help="with --flows: the last day of the period (default: today)",
    )
    sub.add_argument(
        "--cumulative",
        action="store_true",
        help="persons ever recognised up to --on, beside those held on it, by sex",
    )
    sub.add_argument("--public", action="store_true", help="suppress small cells")
    formats = sub.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true")
    formats.add_argument("--csv", action="store_true")
    sub = command("factsheet", cmd_factsheet, "the one-page fact sheet of a day")
    sub.add_argument("--on", type=figure_day, help="the day (default: today)")
    sub.add_argument(
        "--since",
        type=figure_day,
        help="the start of the period (default: a year before)",
    )
    add_known_on(sub)
    sub.add_argument("--lang", choices=("en", "be", "ru"), default="en")
    sub.add_argument("--format", choices=("md", "html", "pdf", "json"), default="md")
    sub.add_argument("--public", action="store_true", help="suppress small cells")
    sub.add_argument("-o", "--output", help="file to write (default: standard output)")
    sub = command("series", cmd_series, "the count per day, week or month")
    sub.add_argument("--from", dest="start", type=figure_day, required=True)
    sub.add_argument("--to", type=figure_day, required=True)
    sub.add_argument("--every", choices=("day", "week", "month"), default="day")
    sub.add_argument("--by", choices=FIELDS, metavar="FIELD")
    add_known_on(sub)
    sub.add_argument("--public", action="store_true", help="suppress small cells")
    sub.add_argument("--chart", metavar="FILE", help="draw a chart (.svg or .png)")
    formats = sub.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true")
    formats.add_argument("--csv", action="store_true")
