"""The `serving` part of `make bench`: the public site under load, at 100k.

`python -m bench --only serving` publishes a generated register of 100,000
persons once (kept under bench/work/serving-100000/ and reused by later
runs), starts `rollcall serve` (gunicorn, 2 workers) on a free port of
127.0.0.1 and measures:

* a freshly started worker: how long its first search takes (it loads the
  search index stored with the publication) and the resident memory of each
  worker after the load;
* the people list with a search and two filters, and a person's page:
  p50/p95 latency and requests per second under 50 concurrent clients for
  30 s each (a bounded thread pool of httpx clients; every answer must be
  200, any other is counted as an error);
* the same list served by Datasette over the same published file, in the
  same run, with the ratio of the two.

The machine's load average is recorded before and after: figures measured on
a loaded machine are labelled so in the table.
"""

from __future__ import annotations

import os
import random
import resource
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
SIZE = 100_000
CLIENTS = 50
SECONDS = 30.0
WORKERS = 2
PUBLISH_RUNS = 3
LIST_URL = "/en/people/?q=SURNAME&status=held&sex=m"
API_URL = "/api/v1/persons?q=SURNAME&status=held&sex=m"
PERSON_URL = "/en/persons/RECORD_ID/"
EVENTS_URL = "/en/events/?type=TYPE&page=N"
# The events page's pages drawn: the first few, as readers and crawlers go.
EVENT_PAGES = 20
# Kept in the repository: the README's serving section is made from it
# (`python -m bench --readme`) and a test checks they agree.
RESULTS = HERE / "serving.json"
# A machine whose 1-minute load average is above its cores is "loaded".
LOADED_PER_CORE = 1.0


def say(message: str, quiet: bool) -> None:
    if not quiet:
        print(message, file=sys.stderr, flush=True)


def folder(size: int) -> Path:
    return WORK / f"serving-{size}"


def environment(size: int) -> dict[str, str]:
    """Settings of the bench's own register and publication (never var/)."""
    base = folder(size)
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{base / 'register.sqlite3'}",
        "ROLLCALL_VAR_DIR": str(base / "var"),
        "ROLLCALL_PUBLIC_DIR": str(base / "public"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        # The limit is on, high enough never to refuse the bench's clients.
        "ROLLCALL_API_RATE": "100000/s",
    }


def published_file(size: int) -> Path | None:
    current = folder(size) / "public" / "current"
    return current.resolve() if current.is_symlink() and current.exists() else None


def prepare(size: int, quiet: bool) -> Path:
    """The published file of a generated register of `size` persons, made once."""
    found = published_file(size)
    if found is not None:
        say(f"reusing the publication {found}", quiet)
        return found
    base = folder(size)
    base.mkdir(parents=True, exist_ok=True)
    register = base / "register.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{register}{suffix}").unlink(missing_ok=True)
    say(f"generating, importing and publishing {size:,} persons (once)", quiet)
    subprocess.run(
        [sys.executable, "-m", "bench.serving", "--prepare", str(size)],
        env=environment(size),
        check=True,
    )
    found = published_file(size)
    assert found is not None
    return found


def prepare_here(size: int) -> None:
    """In a process set up with environment(size): import, then publish."""
    import django

    django.setup()
    from bench.__main__ import write_register_csv
    from ingest.files import import_file
    from publish.publishing import publish
    from rollcall.database import ensure_schema

    ensure_schema()
    csv_path = folder(size) / "register.csv"
    if not csv_path.exists():
        partial = csv_path.with_suffix(".partial")
        write_register_csv(size, partial)
        partial.replace(csv_path)
    # Approved as it is imported: only approved versions are published.
    import_file(csv_path, dry_run=False, progress=False, match="off", approve=True)
    print(publish(), file=sys.stderr)


# Load


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped with status {process.returncode}")
        try:
            httpx.get(url, timeout=2.0)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer in {timeout:.0f} s")


@contextmanager
def running(command: list[str], env: dict[str, str], url: str) -> Iterator[int]:
    """Run a server until the block ends; yields its process id."""
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for(url, process, timeout=120)
        yield process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def load(
    urls: Callable[[random.Random], str], clients: int, seconds: float
) -> dict[str, Any]:
    """`clients` threads asking as fast as they get answers, for `seconds`."""
    import httpx

    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    # The clock starts once every client is ready (making 50 clients takes
    # a while on a loaded machine).
    ready, go = threading.Barrier(clients + 1), threading.Event()
    stop = [0.0]

    def client(number: int) -> None:
        chooser = random.Random(number)
        mine: list[float] = []
        wrong: list[str] = []
        # Plain http: no certificates to load.
        with httpx.Client(timeout=60.0, verify=False) as http:
            ready.wait()
            go.wait()
            while time.monotonic() < stop[0]:
                url = urls(chooser)
                start = time.perf_counter()
                try:
                    status = http.get(url).status_code
                except httpx.HTTPError as error:
                    wrong.append(type(error).__name__)
                    continue
                mine.append((time.perf_counter() - start) * 1000)
                if status != 200:
                    wrong.append(str(status))
        with lock:
            times.extend(mine)
            errors.extend(wrong)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait()
    started = time.monotonic()
    stop[0] = started + seconds
    go.set()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    times.sort()
    return {
        "requests": len(times),
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:5],
        "seconds": round(elapsed, 1),
        "requests_per_second": round(len(times) / elapsed, 1),
        "p50_ms": round(statistics.median(times), 1) if times else None,
        "p95_ms": round(times[int(len(times) * 0.95)], 1) if times else None,
    }


def sample(path: Path) -> dict[str, list[Any]]:
    """Searches, filters and record ids drawn from the publication itself."""
    db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        surnames = [
            row[0].split()[-1]
            for row in db.execute(
                "SELECT name FROM persons WHERE name LIKE '% %' "
                "AND status = 'held' AND sex = 'm' ORDER BY random() LIMIT 200"
            )
        ]
        record_ids = [
            row[0]
            for row in db.execute(
                "SELECT record_id FROM persons ORDER BY random() LIMIT 2000"
            )
        ]
        types = [row[0] for row in db.execute("SELECT DISTINCT type FROM event_list")]
    finally:
        db.close()
    return {"surnames": surnames, "record_ids": record_ids, "event_types": types}


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def rollcall_command(*args: str) -> list[str]:
    """`rollcall ARGS` from this virtualenv."""
    return [str(Path(sys.executable).with_name("rollcall")), *args]


def serve_command(port: int) -> list[str]:
    return rollcall_command("serve", "--port", str(port), "--workers", str(WORKERS))


def first_search(env: dict[str, str], port: int, surname: str) -> dict[str, Any]:
    """A fresh `rollcall serve`: its first search, and each worker's memory."""
    import httpx

    base = f"http://127.0.0.1:{port}"
    command = serve_command(port)
    # Ask for a static file first: the workers are up, no search has run.
    with running(command, env, f"{base}/static/ninja/favicon.png") as pid:
        start = time.perf_counter()
        answer = httpx.get(f"{base}/api/v1/persons?q={surname}", timeout=60)
        seconds = time.perf_counter() - start
        assert answer.status_code == 200, answer.status_code
        # Every worker searches once, so each holds the index.
        for _ in range(8 * WORKERS):
            httpx.get(f"{base}/?q={surname}&status=held&sex=m", timeout=60)
        workers = children(pid)
        return {
            "first_search_seconds": round(seconds, 3),
            "goal_first_search_seconds": 1.0,
            "workers": len(workers),
            "worker_rss_mb": sorted(rss_mb(worker) for worker in workers),
            "goal_worker_rss_mb": 300,
        }


def publish_timing(size: int, runs: int, quiet: bool) -> dict[str, Any]:
    """`rollcall publish` of the prepared register, `runs` times: the medians
    of its wall time and of its CPU time (user and system)."""
    command = rollcall_command("publish")
    walls, cpus = [], []
    for run in range(runs):
        say(f"rollcall publish, {run + 1} of {runs}", quiet)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, env=environment(size), check=True, capture_output=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return {
        "runs": runs,
        "median_seconds": round(statistics.median(walls), 1),
        "cpu_median_seconds": round(statistics.median(cpus), 1),
        "goal_seconds": 60,
    }


def measure(size: int, quiet: bool, seconds: float = SECONDS) -> dict[str, Any]:
    prepare(size, quiet)
    published = publish_timing(size, PUBLISH_RUNS, quiet)
    # Publishing removes all but the current and previous publications.
    path = published_file(size)
    assert path is not None
    env = environment(size)
    drawn = sample(path)
    surnames, record_ids = drawn["surnames"], drawn["record_ids"]
    event_types = ["", *drawn["event_types"]]  # "": every type
    result: dict[str, Any] = {
        "persons": size,
        "publication_mb": round(path.stat().st_size / 2**20, 1),
        "clients": CLIENTS,
        "seconds_each": seconds,
        "gunicorn_workers": WORKERS,
        "cores": os.cpu_count(),
        "load_average_before": load_average(),
        "publish": published,
    }
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result["published_persons"] = db.execute(
            "SELECT COUNT(*) FROM persons"
        ).fetchone()[0]
    finally:
        db.close()
    port = free_port()
    say("a fresh rollcall serve: first search, memory per worker", quiet)
    result["fresh_worker"] = first_search(env, port, surnames[0])
    base = f"http://127.0.0.1:{port}"
    command = serve_command(port)

    def rollcall_list(chooser: random.Random) -> str:
        return f"{base}/en/people/?q={chooser.choice(surnames)}&status=held&sex=m"

    def api_list(chooser: random.Random) -> str:
        surname = chooser.choice(surnames)
        return f"{base}/api/v1/persons?q={surname}&status=held&sex=m"

    def person_page(chooser: random.Random) -> str:
        return f"{base}/en/persons/{chooser.choice(record_ids)}/"

    def events_page(chooser: random.Random) -> str:
        kind, page = chooser.choice(event_types), chooser.randint(1, EVENT_PAGES)
        return f"{base}/en/events/?type={kind}&page={page}"

    measured = (
        ("list_search_two_filters", rollcall_list, LIST_URL, 100),
        ("api_list_search_two_filters", api_list, API_URL, None),
        ("person_page", person_page, PERSON_URL, 50),
        ("events_page", events_page, EVENTS_URL, None),
    )
    with running(command, env, f"{base}/static/ninja/favicon.png"):
        for _, warm, _, _ in measured:
            for n in range(4 * WORKERS):
                import httpx

                httpx.get(warm(random.Random(n)), timeout=60)
        for key, urls, shown, goal in measured:
            say(f"{shown}: one client, then {CLIENTS}, {seconds:.0f} s each", quiet)
            result[key] = {
                "url": shown,
                # The latency of one request at a time (the goal's p95) ...
                "alone": load(urls, 1, seconds),
                # ... and what 2 workers answer to 50 clients at once.
                "clients": load(urls, CLIENTS, seconds),
                "goal_p95_ms": goal,
            }
    result["datasette"] = measure_datasette(path, surnames, seconds, quiet)
    datasette = result["datasette"]
    datasette["rollcall_html_to_datasette_html_requests_per_second"] = ratio(
        result["list_search_two_filters"]["clients"], datasette["list_html"]
    )
    datasette["rollcall_api_to_datasette_json_requests_per_second"] = ratio(
        result["api_list_search_two_filters"]["clients"], datasette["list"]
    )
    result["load_average_after"] = load_average()
    result["loaded"] = is_loaded(result)
    return result


def measure_datasette(
    path: Path, surnames: list[str], seconds: float, quiet: bool
) -> dict[str, Any]:
    """The same list from Datasette over the same file, immutable (-i).

    Datasette has no name index: its list is a LIKE on the name with the two
    filters, as its table page would build it (`name__contains`), JSON out.
    """
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        str(Path(sys.executable).with_name("datasette")),
        "serve",
        "-i",
        str(path),
        "--port",
        str(port),
        "--setting",
        "sql_time_limit_ms",
        "10000",
        "--setting",
        "num_sql_threads",
        "3",
        # The table page would otherwise try every column as a facet on each
        # request; Rollcall's list reads its counts from the publication.
        "--setting",
        "suggest_facets",
        "off",
    ]
    table = f"{base}/{path.stem}/persons"

    def datasette_list(chooser: random.Random) -> str:
        surname = chooser.choice(surnames)
        return (
            f"{table}.json?name__contains={surname}&status__exact=held"
            "&sex__exact=m&_sort=sort_key&_size=50"
        )

    def datasette_html(chooser: random.Random) -> str:
        surname = chooser.choice(surnames)
        return (
            f"{table}?name__contains={surname}&status__exact=held"
            "&sex__exact=m&_sort=sort_key&_size=50"
        )

    import httpx

    with running(command, dict(os.environ), f"{base}/-/versions.json"):
        version = httpx.get(f"{base}/-/versions.json").json()["datasette"]["version"]
        for n in range(4):
            httpx.get(datasette_list(random.Random(n)), timeout=60)
        say(f"Datasette, the same list (JSON), {seconds:.0f} s", quiet)
        listed = load(datasette_list, CLIENTS, seconds)
        say(f"Datasette, the same list (HTML), {seconds:.0f} s", quiet)
        html = load(datasette_html, CLIENTS, seconds)
    return {
        "version": version,
        "url": "/DB/persons.json?name__contains=SURNAME&status__exact=held"
        "&sex__exact=m&_sort=sort_key&_size=50",
        "list": listed,
        "list_html": html,
    }


def ratio(ours: dict[str, Any], theirs: dict[str, Any]) -> float | None:
    if not theirs["requests_per_second"]:
        return None
    return round(ours["requests_per_second"] / theirs["requests_per_second"], 2)


def is_loaded(result: dict[str, Any]) -> bool:
    cores = result["cores"] or 1
    highest = max(result["load_average_before"][0], result["load_average_after"][0])
    # The bench's own server and clients load the machine too: count the
    # load before the run starts, which is other work.
    return bool(result["load_average_before"][0] > LOADED_PER_CORE * cores) or (
        highest > (LOADED_PER_CORE + 2) * cores
    )


ROWS = (
    ("list_search_two_filters", "people list, a search and 2 filters"),
    ("api_list_search_two_filters", "the same list from the API"),
    ("person_page", "a person's page"),
    (
        "events_page",
        "the events page, a type (or every type) and one of its first pages",
    ),
)


def ms(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.0f} ms"


def errors(row: dict[str, Any]) -> str:
    if not row["errors"]:
        return "0"
    return f"{row['errors']} ({', '.join(row['error_kinds'])})"


def lines(serving: dict[str, Any]) -> list[str]:
    """The table of the serving part, for the terminal."""
    return [
        line.replace("|", " ").rstrip()
        for line in table(serving).splitlines()
        if not line.startswith("|---")
    ]


def table(serving: dict[str, Any]) -> str:
    """The README's serving section (Markdown), from bench/serving.json."""
    loaded = (
        "**measured under load**: the load average was "
        f"{serving['load_average_before']} before and "
        f"{serving['load_average_after']} after"
        if serving.get("loaded")
        else f"load average {serving['load_average_before']} before, "
        f"{serving['load_average_after']} after"
    )
    fresh, datasette = serving["fresh_worker"], serving["datasette"]
    published = serving["publish"]
    out = [
        f"`rollcall publish` of a generated register of {serving['persons']:,} "
        f"persons ({serving['published_persons']:,} published): median "
        f"{published['median_seconds']} s wall, {published['cpu_median_seconds']} s "
        f"of CPU over {published['runs']} runs (goal {published['goal_seconds']} s).",
        "",
        f"Measured by `python -m bench --only serving` on {serving['measured_on']} "
        f"at {serving['persons']:,} persons (a {serving['publication_mb']} MB "
        f"publication), `rollcall serve` with {serving['gunicorn_workers']} "
        f"gunicorn workers on {serving['cores']} cores, {serving['seconds_each']:.0f}"
        f" s per line; {loaded}. Latency alone: one client asking again and "
        f"again; under load: {serving['clients']} clients at once (the same "
        "machine runs them).",
        "",
        "| what | goal p95 | alone p50 | alone p95 | under load p50 | "
        "under load p95 | requests/s under load | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for key, label in ROWS:
        row = serving[key]
        alone, many = row["alone"], row["clients"]
        goal = ms(row["goal_p95_ms"]) if row["goal_p95_ms"] else "-"
        out.append(
            f"| {label} `{row['url']}` | {goal} | {ms(alone['p50_ms'])} | "
            f"{ms(alone['p95_ms'])} | {ms(many['p50_ms'])} | {ms(many['p95_ms'])} | "
            f"{many['requests_per_second']} | {errors(alone)} / {errors(many)} |"
        )
    for key, label in (("list", "JSON"), ("list_html", "HTML")):
        row = datasette[key]
        out.append(
            f"| Datasette {datasette['version']} (one process), the same list as "
            f"{label} | - | - | - | {ms(row['p50_ms'])} | {ms(row['p95_ms'])} | "
            f"{row['requests_per_second']} | 0 / {errors(row)} |"
        )
    out += [
        "",
        "Requests per second, Rollcall / Datasette, for the same list: HTML "
        f"{datasette['rollcall_html_to_datasette_html_requests_per_second']}, "
        f"JSON {datasette['rollcall_api_to_datasette_json_requests_per_second']}. "
        "A freshly started worker answered its first search in "
        f"{fresh['first_search_seconds']} s (goal 1 s); each worker held "
        f"{fresh['worker_rss_mb']} MB after the load (goal < 300 MB).",
    ]
    return "\n".join(out)


def main() -> int:
    if sys.argv[1:2] == ["--prepare"]:
        prepare_here(int(sys.argv[2]))
        return 0
    print("use: python -m bench --only serving", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
