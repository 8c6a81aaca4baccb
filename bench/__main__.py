"""Run the benchmarks: `make bench` (or `python -m bench [--sizes 10000 100000]`).

Each size gets a fresh SQLite database under bench/work/. Figures are medians
of several runs; results go to bench/results.json and a table on stdout.
`python -m bench --only linking` (or `--only sizes`, `--only mentions`,
`--only figures`, `--only serving`) measures one part again and keeps the others in
bench/results.json as they were. `--only figures` measures the figures of
issue 7 (wall and CPU time, and the load average) on a register imported
once and kept in bench/work/, writes bench/figures.json, and `--readme`
writes its table into README.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"


def median_ms(run: Callable[[], object], repeat: int) -> dict[str, float]:
    """Median and p95 wall time, and the median CPU time of this process
    (on a shared machine the wall time waits for other work; CPU does not)."""
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(p95, 2),
        "cpu_median_ms": round(statistics.median(cpu), 2),
    }


def say(message: str, quiet: bool) -> None:
    if not quiet:
        print(message, file=sys.stderr, flush=True)


def write_register_csv(size: int, path: Path) -> Any:
    """Generate a synthetic register, write it as registry CSV, return it."""
    from demo.synthetic import generate
    from ingest.csv_format import write_csv
    from ingest.json_format import FORMAT, VERSION, parse_json

    register = generate(size, seed=size, duplicate_rate=0.02)
    document = {"format": FORMAT, "version": VERSION, "persons": register.persons}
    records, problems = parse_json(json.dumps(document).encode(), "synthetic")
    assert not problems, problems[:3]
    with open(path, "w", encoding="utf-8", newline="") as out:
        write_csv(records, out)
    return register


def transposed(text: str, chooser: Any) -> str:
    """One typo: two neighbouring letters of one word swapped."""
    places = [i for i in range(len(text) - 1) if text[i : i + 2].isalpha()]
    if not places:
        return text
    i = chooser.choice(places)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def search_queries(register: Any, count: int) -> list[tuple[str, str, str]]:
    """(kind, query, expected record_id): any of a person's spellings in full,
    half of them with one typo, and surnames alone."""
    import random

    chooser = random.Random(7)
    queries = []
    persons = [p for p in register.persons if p["names"]]
    for person in chooser.sample(persons, min(count, len(persons))):
        spelling = chooser.choice(person["names"])["value"]
        style = chooser.random()
        if style < 0.2:
            kind, spelling = "surname", person["name"].split()[-1]
        elif style < 0.6:
            kind, spelling = "typo", transposed(spelling, chooser)
        else:
            kind = "full"
        queries.append((kind, spelling, person["record_id"]))
    return queries


def surname_keys(register: Any) -> dict[str, set[str]]:
    """Record id -> the skeleton of every word of every spelling of its names."""
    from names import skeleton

    return {
        person["record_id"]: {
            skeleton(word)
            for spelling in [person["name"], *(n["value"] for n in person["names"])]
            for word in spelling.split()
        }
        for person in register.persons
    }


def found_first(
    kind: str,
    query: str,
    top: list[Any],
    wanted: set[str | None],
    words: dict[str, set[str]],
) -> bool:
    """Whether a query found its person first.

    Namesakes tie on top: finding the person among them counts. A surname
    alone counts only when every hit tied on top bears that surname (in any
    script: the same skeleton), whoever it is.
    """
    if kind == "surname":
        from names import skeleton

        key = skeleton(query)
        return bool(top) and all(key in words.get(r.record_id, ()) for r in top)
    return bool(wanted & {r.record_id for r in top})


def measure_search(register: Any) -> dict[str, Any]:
    from registry.matching import STAFF, scope_index, search

    start = time.perf_counter()
    scope_index(STAFF)
    built = time.perf_counter() - start
    queries = search_queries(register, 300)
    times: list[float] = []
    asked: dict[str, int] = {}
    found: dict[str, int] = {}
    same = {a: b for a, b in register.duplicates}
    same.update({b: a for a, b in register.duplicates})
    words = surname_keys(register)
    for kind, query, expected in queries:
        start = time.perf_counter()
        results = search(query, limit=10)
        times.append((time.perf_counter() - start) * 1000)
        top = [r for r in results if r.score == results[0].score] if results else []
        wanted = {expected, same.get(expected)}
        hit = found_first(kind, query, top, wanted, words)
        asked[kind] = asked.get(kind, 0) + 1
        found[kind] = found.get(kind, 0) + hit
    times.sort()
    return {
        "queries": len(queries),
        "index_build_seconds": round(built, 2),
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95)], 2),
        "goal_p95_ms": 30,
        "found_first": {k: round(found[k] / asked[k], 3) for k in sorted(asked)},
    }


def revise_a_year(share: float = 0.02) -> tuple[Any, Any]:
    """A year's worth of edits after the import: detention dates corrected and
    recognitions withdrawn, each kept in the history. Returns (before, after)."""
    import random
    from datetime import timedelta

    from django.utils import timezone

    from registry import models as m

    before = timezone.now()
    chooser = random.Random(11)
    ids = list(m.Detention.objects.values_list("pk", flat=True))
    for stay in m.Detention.objects.filter(
        pk__in=chooser.sample(ids, int(len(ids) * share))
    ):
        if stay.start_on is not None:
            stay.start_on -= timedelta(days=chooser.randint(1, 400))
            stay._change_reason = "date corrected"  # type: ignore[attr-defined]
            stay.save()
    ids = list(m.Recognition.objects.values_list("pk", flat=True))
    for claim in m.Recognition.objects.filter(
        pk__in=chooser.sample(ids, int(len(ids) * share / 2))
    ):
        claim._change_reason = "recognition withdrawn"  # type: ignore[attr-defined]
        claim.delete()
    return before, timezone.now()


def measure_figures() -> dict[str, Any]:
    """The figures of issue 7: stats, series, revisions, fact sheets."""
    from datetime import date

    from django.conf import settings

    from registry.locking import one_reading
    from stats.factsheet import factsheet
    from stats.figures import figures
    from stats.revisions import revisions
    from stats.series import series
    from stats.sheets import factsheet_html, factsheet_pdf

    on, since = date(2024, 5, 21), date(2021, 5, 21)
    three = ("sex", "age", "region")

    def stats() -> Any:
        # As `rollcall stats` reads: on every connection it may read with.
        with one_reading(parallel=True):
            return figures(on, by=three)

    result: dict[str, Any] = {
        "stats_three_breakdowns": {
            **median_ms(stats, 11),
            "goal_median_ms": 100,
            "connections": settings.ROLLCALL_READ_CONNECTIONS,
        },
        "series_daily_six_years": {
            **median_ms(lambda: series(date(2018, 1, 1), date(2023, 12, 31)), 5),
            "goal_median_ms": 500,
        },
    }

    def sheet(listing: bool) -> Any:
        # As `rollcall factsheet` makes it: on every connection it may read
        # with; only the HTML lists each event.
        with one_reading(parallel=True):
            made = factsheet(
                on=on,
                since=since,
                known_on=None,
                moment=None,
                public=True,
                listing=listing,
            )
            return factsheet_html(made) if listing else factsheet_pdf(made)

    result["factsheet_html"] = {
        **median_ms(lambda: sheet(True), 3),
        "goal_median_ms": 1000,
    }
    result["factsheet_pdf"] = {
        **median_ms(lambda: sheet(False), 3),
        "goal_median_ms": 5000,
    }
    first, second = revise_a_year()
    result["compare_known_on"] = {
        **median_ms(lambda: revisions(date(2023, 1, 1), first, second), 3),
        "goal_median_ms": 2000,
        "records_explained": len(revisions(date(2023, 1, 1), first, second).entries),
    }
    return result


def measure_dedupe(register: Any) -> dict[str, Any]:
    from registry.matching import duplicates

    start = time.perf_counter()
    found = {tuple(sorted((d.a, d.b))) for d in duplicates()}
    seconds = time.perf_counter() - start
    truth = {tuple(sorted(pair)) for pair in register.duplicates}
    hits = len(found & truth)
    precision, recall = hits / max(1, len(found)), hits / max(1, len(truth))
    return {
        "seconds": round(seconds, 2),
        "planted": len(truth),
        "found": len(found),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(2 * precision * recall / max(1e-9, precision + recall), 4),
    }


def measure_size(size: int, quiet: bool, dedupe: bool) -> dict[str, Any]:
    from datetime import UTC, date, datetime

    from ingest.files import export, import_file
    from rollcall.database import ensure_schema
    from stats.counting import count

    ensure_schema()
    csv_path = WORK / f"register-{size}.csv"
    say(f"generating {size:,} persons", quiet)
    register = write_register_csv(size, csv_path)
    with open(csv_path, encoding="utf-8", newline="") as file:
        csv_rows = sum(1 for _ in csv.reader(file)) - 1
    say(f"importing {csv_path.name}", quiet)
    start = time.perf_counter()
    import_file(csv_path, dry_run=False, progress=not quiet and sys.stderr.isatty())
    seconds = time.perf_counter() - start
    say(f"importing {csv_path.name} again, unchanged", quiet)
    start = time.perf_counter()
    again = import_file(csv_path, dry_run=False, progress=False)
    reimport_seconds = time.perf_counter() - start
    assert (again.created, again.updated) == (0, 0), str(again)
    say("exporting", quiet)
    start = time.perf_counter()
    with open(WORK / f"export-{size}.csv", "w", encoding="utf-8", newline="") as out:
        export(out, format="csv")
    export_seconds = time.perf_counter() - start
    say("counting", quiet)
    day, moment = date(2024, 3, 1), datetime(2100, 1, 1, tzinfo=UTC)
    result: dict[str, Any] = {
        "persons": size,
        "import_csv": {
            "seconds": round(seconds, 2),
            # A record's facts take several rows of the CSV (version 2).
            "csv_rows": csv_rows,
            "rows_per_second": round(csv_rows / seconds),
            "persons_per_second": round(size / seconds),
            "goal_rows_per_second": 5000,
        },
        "reimport_unchanged_csv": {
            "seconds": round(reimport_seconds, 2),
            "ratio_to_fresh_import": round(reimport_seconds / seconds, 2),
            "goal_ratio": 1.0,
        },
        "export_csv": {"seconds": round(export_seconds, 2)},
        "count_on": {**median_ms(lambda: count(day), 21), "goal_median_ms": 50},
        "count_known_on": {
            **median_ms(lambda: count(day, moment), 11),
            "goal_median_ms": 200,
        },
    }
    say("figures", quiet)
    result["figures"] = measure_figures()
    say("searching", quiet)
    result["search"] = measure_search(register)
    if dedupe:
        say("finding duplicates", quiet)
        result["dedupe"] = measure_dedupe(register)
    return result


def figures_kept(size: int) -> Path:
    """The register kept for the figures: imported and approved, as a
    register whose figures are published is (a `--public` figure names no
    one an editor has not approved)."""
    return WORK / f"figures-{size}-approved.sqlite3"


def figures_database(size: int, quiet: bool) -> Path:
    """A copy of a register of `size` persons imported once and kept in
    bench/work/ (building it takes minutes; the figures take seconds). The
    copy is fresh each time: the revisions measured write to it."""
    import shutil

    kept = figures_kept(size)
    if not kept.exists():
        flags = ["--quiet"] if quiet else []
        built = subprocess.run(
            [sys.executable, "-m", "bench", "--figures-build", "--sizes", str(size)]
            + flags,
            check=False,
        )
        if built.returncode != 0:
            raise SystemExit(1)
    copy = WORK / f"figures-{size}.run.sqlite3"
    shutil.copyfile(kept, copy)
    return copy


def build_figures_database(size: int, quiet: bool) -> None:
    """Generate and import the register kept for the figures (in its own process:
    Django reads the database's name once)."""
    kept = figures_kept(size)
    building = WORK / f"figures-{size}.building.sqlite3"
    building.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{building}"
    setup_django()
    from django.db import connections

    from ingest.files import import_file
    from rollcall.database import ensure_schema

    ensure_schema()
    csv_path = WORK / f"register-{size}.csv"
    say(f"generating {size:,} persons (kept in {kept.name})", quiet)
    write_register_csv(size, csv_path)
    say(f"importing {csv_path.name}", quiet)
    import_file(
        csv_path,
        dry_run=False,
        progress=not quiet and sys.stderr.isatty(),
        approve=True,
    )
    connections.close_all()
    building.rename(kept)


def setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()


def run_figures(size: int, quiet: bool) -> dict[str, Any]:
    """The issue-7 figures (and `count`, to calibrate) on the kept register."""
    from datetime import date

    database = figures_database(size, quiet)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    setup_django()
    from rollcall.database import ensure_schema
    from stats.counting import count

    ensure_schema()  # a register kept from before a migration

    say("figures", quiet)
    load_before = os.getloadavg()
    result: dict[str, Any] = {
        "persons": size,
        "count_on": {
            **median_ms(lambda: count(date(2024, 3, 1)), 21),
            "goal_median_ms": 50,
        },
        **measure_figures(),
    }
    load_after = os.getloadavg()
    result["load_average"] = [
        round(max(a, b), 2) for a, b in zip(load_before, load_after, strict=True)
    ]
    result["measured_on"] = today()
    return result


def run_size(size: int, quiet: bool, dedupe: bool) -> dict[str, Any]:
    """Measure one size on a fresh database (call in a fresh process)."""
    database = WORK / f"bench-{size}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    result = measure_size(size, quiet, dedupe)
    from django.db import connections

    connections.close_all()
    result["database_mb"] = round(database.stat().st_size / 2**20, 1)
    return result


def median_of(runs: list[Any]) -> Any:
    """Merge several runs' results: the median of every number."""
    first = runs[0]
    if isinstance(first, dict):
        return {key: median_of([run[key] for run in runs]) for key in first}
    if isinstance(first, (int, float)) and not isinstance(first, bool):
        value = statistics.median(runs)
        return round(value, 4) if isinstance(value, float) else value
    return first


def table(results: dict[str, Any]) -> str:
    lines = []
    if results.get("sizes"):
        lines += sizes_lines(results["sizes"])
        lines += figures_lines(results["sizes"])
    linking = results.get("linking")
    if linking:
        if lines:
            lines.append("")
        lines.append(
            "linking (precision / recall / F1, seconds); names/ was tuned on the "
            "gold set, tuning sees only its in-sample split (bench/gold/README.md):"
        )
        lines += linking_lines(linking)
    if results.get("serving"):
        from bench.serving import lines as serving_lines

        lines += ["", *serving_lines(results["serving"])]
    if results.get("mentions"):
        from bench.mentions import lines as mention_lines

        lines += ["", "mention linking (link):", *mention_lines(results["mentions"])]
    return "\n".join(lines)


def sizes_lines(sizes: list[dict[str, Any]]) -> list[str]:
    lines = [
        f"{'persons':>8} {'import rows/s':>14} {'persons/s':>10} {'again/fresh':>12} "
        f"{'count ms':>9} {'known-on ms':>12} "
        f"{'search p50/p95 ms':>18} {'typo@1':>7} {'dedupe s':>9} {'P/R':>12} "
        f"{'db MB':>7}"
    ]
    for r in sizes:
        search, dedupe = r["search"], r.get("dedupe")
        pr = f"{dedupe['precision']:.3f}/{dedupe['recall']:.3f}" if dedupe else "-"
        lines.append(
            f"{r['persons']:>8,} {r['import_csv']['rows_per_second']:>14,} "
            f"{r['import_csv'].get('persons_per_second', 0):>10,} "
            f"{r['reimport_unchanged_csv']['ratio_to_fresh_import']:>12} "
            f"{r['count_on']['median_ms']:>9} {r['count_known_on']['median_ms']:>12} "
            f"{search['median_ms']:>8}/{search['p95_ms']:<9} "
            f"{search['found_first']['typo']:>7} "
            f"{dedupe['seconds'] if dedupe else '-':>9} {pr:>12} "
            f"{r['database_mb']:>7}"
        )
    return lines


METHODS = {
    "rollcall": "Rollcall",
    "splink": "splink",
    "splink_rollcall_lexicon": "splink + Rollcall lexicon",
}


def figures_lines(sizes: list[dict[str, Any]]) -> list[str]:
    lines = ["", "figures (median ms / goal):"]
    for r in sizes:
        figures = r.get("figures", {})
        shown = ", ".join(
            f"{name} {value['median_ms']}/{value['goal_median_ms']}"
            for name, value in figures.items()
        )
        lines.append(f"  {r['persons']:>8,}: {shown}")
    return lines


FIGURES = HERE / "figures.json"
README = HERE.parent / "README.md"
FIGURE_NAMES = (
    ("stats_three_breakdowns", "`stats` with 3 breakdowns"),
    ("series_daily_six_years", "daily series, 6 years"),
    ("compare_known_on", "`--compare-known-on`, a year of edits"),
    ("factsheet_html", "fact sheet HTML"),
    ("factsheet_pdf", "fact sheet PDF"),
    ("count_on", "`count` (to calibrate)"),
)
BEGIN, END = "<!-- bench figures: begin -->", "<!-- bench figures: end -->"


def ms(value: float) -> str:
    return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.0f} ms"


def figures_table(figures: dict[str, Any]) -> str:
    """The README's table of the issue-7 figures, from bench/figures.json."""
    load = ", ".join(str(value) for value in figures["load_average"])
    lines = [
        f"Measured by `python -m bench --only figures` on {figures['measured_on']} "
        f"at {figures['persons']:,} persons (SQLite, a register built once and "
        f"copied for each run; medians of several calls, over {figures['runs']} "
        "run(s); "
        f"load average {load} over 1/5/15 min during the run, 2 cores shared):",
        "",
        "| operation | goal | wall median | CPU median |",
        "|---|---|---|---|",
    ]
    for key, name in FIGURE_NAMES:
        value = figures[key]
        if value.get("connections", 1) > 1:  # (CPU: of them all)
            name += f", read on {value['connections']} connections at once"
        lines.append(
            f"| {name} | ≤ {ms(value['goal_median_ms'])} | {ms(value['median_ms'])} "
            f"| {ms(value['cpu_median_ms'])} |"
        )
    return "\n".join(lines)


SERVING_BEGIN = "<!-- bench serving: begin -->"
SERVING_END = "<!-- bench serving: end -->"


def replaced(readme: str, begin: str, end: str, text: str) -> str:
    """`readme` with what stands between two markers replaced by `text`."""
    head, rest = readme.split(begin, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{begin}\n{text}\n{end}{tail}"


def readme_with_figures(readme: str, figures: dict[str, Any]) -> str:
    """The README with its figures table replaced (between the markers)."""
    return replaced(readme, BEGIN, END, figures_table(figures))


def readme_with_serving(readme: str, serving: dict[str, Any]) -> str:
    """The README with its serving section replaced (between the markers)."""
    from bench.serving import table as serving_table

    return replaced(readme, SERVING_BEGIN, SERVING_END, serving_table(serving))


def linking_lines(linking: dict[str, Any]) -> list[str]:
    """One line per data set and method; the gold set once per split."""
    parts = [
        (f"gold {split['label']}", split)
        for split in linking.get("gold", {}).values()
        if isinstance(split, dict) and "label" in split
    ]
    if "synthetic" in linking:
        parts.append(("synthetic", linking["synthetic"]))
    lines = []
    for label, part in parts:
        for method, name in METHODS.items():
            figures = part.get(method)
            if isinstance(figures, dict) and "f1" in figures:
                lines.append(
                    f"  {label:<27} {name:<26} {figures['precision']:.3f} / "
                    f"{figures['recall']:.3f} / {figures['f1']:.3f}, "
                    f"{figures.get('seconds', 0)} s"
                )
    return lines


def run_child(arguments: list[str]) -> Any:
    """Run one measurement in a fresh process (each gets its own database)."""
    child = subprocess.run(
        [sys.executable, "-m", "bench", *arguments],
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    if child.returncode != 0:
        raise SystemExit(1)
    return json.loads(child.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3, help="runs per size (medians)")
    parser.add_argument("--no-dedupe", action="store_true")
    parser.add_argument("--no-linking", action="store_true")
    parser.add_argument(
        "--only",
        choices=["sizes", "linking", "mentions", "figures", "serving"],
        help="run one part and replace only that part of bench/results.json",
    )
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument(
        "--readme",
        action="store_true",
        help="write the tables of bench/figures.json and bench/serving.json "
        "into README.md and stop",
    )
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--linking-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-mentions", action="store_true")
    parser.add_argument("--mentions-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--figures-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--figures-build", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-serving", action="store_true")
    parser.add_argument("--serving-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--serving-seconds",
        type=float,
        default=30.0,
        help="seconds of load for each serving measurement (default 30)",
    )
    args = parser.parse_args()
    quiet = args.quiet or not sys.stderr.isatty()
    WORK.mkdir(exist_ok=True)
    flags = ["--quiet"] if quiet else []
    if args.one:
        print(json.dumps(run_size(args.sizes[0], quiet, not args.no_dedupe)))
        return 0
    if args.linking_only:
        from bench.linking import run

        print(json.dumps(run(quiet=quiet)))
        return 0
    if args.mentions_only:
        from bench.mentions import run as run_mentions

        print(json.dumps(run_mentions(quiet=quiet)))
        return 0
    if args.readme:
        from bench.serving import RESULTS

        figures = json.loads(FIGURES.read_text())
        serving = json.loads(RESULTS.read_text())
        text = readme_with_figures(README.read_text(), figures)
        README.write_text(readme_with_serving(text, serving))
        return 0
    if args.figures_build:
        build_figures_database(args.sizes[0], quiet)
        return 0
    if args.figures_only:
        print(json.dumps(run_figures(args.sizes[0], quiet)))
        return 0
    if args.serving_only:
        from bench.serving import SIZE, measure

        print(json.dumps(measure(SIZE, quiet, args.serving_seconds)))
        return 0
    results = previous_results() if args.only else {}
    results["cores"] = os.cpu_count()
    if args.only in (None, "sizes"):
        results["runs"] = args.runs
        dedupe = [] if not args.no_dedupe else ["--no-dedupe"]
        results["sizes"] = [
            median_of(
                [
                    run_child(["--one", "--sizes", str(size), *dedupe, *flags])
                    for _ in range(args.runs)
                ]
            )
            for size in args.sizes
        ]
        results["sizes_measured_on"] = today()
    if args.only == "linking" or (not args.only and not args.no_linking):
        say("linking: Rollcall and splink on the gold set and synthetic data", quiet)
        results["linking"] = run_child(["--linking-only", *flags])
        results["linking"]["measured_on"] = today()
    if args.only == "mentions" or (not args.only and not args.no_mentions):
        say("mentions: the link test set and 1 MB of text at 100k persons", quiet)
        results["mentions"] = run_child(["--mentions-only", *flags])
        results["mentions"]["measured_on"] = today()
    if args.only == "figures":
        # The largest size, on a register built once (bench/work/figures-N).
        size = max(args.sizes)
        results["figures"] = median_of(
            [run_child(["--figures-only", "--sizes", str(size), *flags])]
            + [
                run_child(["--figures-only", "--sizes", str(size), "--quiet"])
                for _ in range(args.runs - 1)
            ]
        )
        results["figures"]["runs"] = args.runs
        # Kept in the repository: the README's table is made from it
        # (`python -m bench --readme`) and a test checks they agree.
        FIGURES.write_text(json.dumps(results["figures"], indent=2) + "\n")
    if args.only == "serving" or (not args.only and not args.no_serving):
        say("serving: rollcall serve and Datasette at 100k persons, under load", quiet)
        seconds = ["--serving-seconds", str(args.serving_seconds)]
        results["serving"] = run_child(["--serving-only", *seconds, *flags])
        results["serving"]["measured_on"] = today()
        from bench.serving import RESULTS

        RESULTS.write_text(json.dumps(results["serving"], indent=2) + "\n")
    (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))
    return 0


def previous_results() -> dict[str, Any]:
    """The last results, so that one part can be measured again on its own."""
    path = HERE / "results.json"
    if not path.exists():
        return {}
    try:
        loaded = json.loads(path.read_text())
    except json.JSONDecodeError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def today() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).date().isoformat()


if __name__ == "__main__":
    sys.exit(main())
