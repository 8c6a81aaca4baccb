"""Run the benchmarks: `make bench` (or `python -m bench [--sizes 10000 100000]`).

Each size gets a fresh SQLite database under bench/work/. Figures are medians
of several runs; results go to bench/results.json and a table on stdout.
"""

from __future__ import annotations

import argparse
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
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return {"median_ms": round(statistics.median(times), 2), "p95_ms": round(p95, 2)}


def say(message: str, quiet: bool) -> None:
    if not quiet:
        print(message, file=sys.stderr, flush=True)


def write_register_csv(size: int, path: Path) -> None:
    from ingest.csv_format import write_csv
    from ingest.json_format import FORMAT, VERSION, parse_json
    from ingest.synthetic import generate

    persons = generate(size, seed=size, duplicate_rate=0.02).persons
    document = {"format": FORMAT, "version": VERSION, "persons": persons}
    records, problems = parse_json(json.dumps(document).encode(), "synthetic")
    assert not problems, problems[:3]
    with open(path, "w", encoding="utf-8", newline="") as out:
        write_csv(records, out)


def measure_size(size: int, quiet: bool) -> dict[str, Any]:
    from datetime import UTC, date, datetime

    from ingest.files import import_file
    from rollcall.database import ensure_schema
    from stats.counting import count

    ensure_schema()
    csv_path = WORK / f"register-{size}.csv"
    say(f"generating {size:,} persons", quiet)
    write_register_csv(size, csv_path)
    say(f"importing {csv_path.name}", quiet)
    start = time.perf_counter()
    import_file(csv_path, dry_run=False, progress=not quiet and sys.stderr.isatty())
    seconds = time.perf_counter() - start
    days = [date(2021, 1, 1), date(2022, 6, 15), date(2024, 3, 1), date(2025, 11, 1)]
    moments = [datetime(2100, 1, 1, tzinfo=UTC)]
    say("counting", quiet)
    result: dict[str, Any] = {
        "persons": size,
        "import_csv": {
            "seconds": round(seconds, 2),
            "rows_per_second": round(size / seconds),
            "goal_rows_per_second": 5000,
        },
        "count_on": {
            **median_ms(lambda: [count(d) for d in days[:1]], 15),
            "goal_median_ms": 50,
        },
        "count_known_on": {
            **median_ms(lambda: count(days[2], moments[0]), 9),
            "goal_median_ms": 200,
        },
    }
    return result


def run_size(size: int, quiet: bool) -> dict[str, Any]:
    """Measure one size on a fresh database (call in a fresh process)."""
    database = WORK / f"bench-{size}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    result = measure_size(size, quiet)
    from django.db import connections

    connections.close_all()
    result["database_mb"] = round(database.stat().st_size / 2**20, 1)
    return result


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        f"{'persons':>8} {'import rows/s':>14} {'count ms':>9} "
        f"{'known-on ms':>12} {'db MB':>7}"
    ]
    for r in results:
        lines.append(
            f"{r['persons']:>8,} {r['import_csv']['rows_per_second']:>14,} "
            f"{r['count_on']['median_ms']:>9} {r['count_known_on']['median_ms']:>12} "
            f"{r['database_mb']:>7}"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    quiet = args.quiet or not sys.stderr.isatty()
    WORK.mkdir(exist_ok=True)
    if args.one:
        print(json.dumps(run_size(args.sizes[0], quiet)))
        return 0
    results = []
    for size in args.sizes:
        # One child process per size, so that each gets its own database.
        command = [sys.executable, "-m", "bench", "--one", "--sizes", str(size)]
        child = subprocess.run(
            command + (["--quiet"] if quiet else []),
            stdout=subprocess.PIPE,
            text=True,
            check=False,
        )
        if child.returncode != 0:
            return 1
        results.append(json.loads(child.stdout))
    (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
