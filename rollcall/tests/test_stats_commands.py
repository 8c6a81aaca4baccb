from __future__ import annotations

import json
from pathlib import Path

import pytest

from registry.tests.builders import make_row, write_csv
from rollcall.cli import main
from rollcall.tests.processes import Databases
from stats.tests.registers import approve_all, prisoner

pytestmark = pytest.mark.django_db


def today_utc() -> str:
    """Today on the clock of the register's history."""
    from datetime import UTC, datetime

    return datetime.now(UTC).date().isoformat()


def rollcall(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def register() -> None:
    for i in range(6):
        prisoner(f"m{i}", "2021-01-01", sex="m", region="Minsk")
    prisoner("h1", "2021-01-01", sex="f", region="Homel", visibility="anonymous")
    prisoner("h2", "2021-01-01", sex="f", region="Brest")
    approve_all()


def test_stats_gives_exact_figures_to_staff(
    capsys: pytest.CaptureFixture[str], register: None
) -> None:
    status, out, _ = rollcall(
        capsys, "stats", "--on", "2022-01-01", "--by", "region", "--json"
    )
    assert status == 0
    shown = json.loads(out)
    assert shown["count"] == 8
    assert [(c["value"], c["count"]) for c in shown["breakdowns"]["region"]] == [
        ("Minsk", 6),
        ("Brest", 1),
        ("Homel", 1),
    ]


def test_stats_public_suppresses_small_cells(
    capsys: pytest.CaptureFixture[str], register: None
) -> None:
    status, out, _ = rollcall(
        capsys, "stats", "--on", "2022-01-01", "--by", "region", "--public", "--csv"
    )
    assert status == 0
    # Homel is the region of the anonymous person alone: not named.
    assert out.splitlines()[3:] == [
        "region,Minsk,Minsk,6,6",
        "region,Brest,Brest,,[c]",
        "region,other,other,,< 5",
    ]


def test_stats_text_names_the_day_and_the_known_on_stamp(
    capsys: pytest.CaptureFixture[str], register: None
) -> None:
    today = today_utc()
    status, out, _ = rollcall(
        capsys, "stats", "--on", "2022-01-01", "--known-on", today
    )
    assert status == 0
    assert out.splitlines()[0] == (
        f"political prisoners on 2022-01-01 as known on {today}: 8"
    )


def test_bad_input_is_one_line_and_status_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for bad in (["--by", "colour"], ["--on", "2022-13-01"], ["--json", "--csv"]):
        with pytest.raises(SystemExit) as exit:
            main(["stats", *bad])
        assert exit.value.code == 1
    capsys.readouterr()
    status, _, err = rollcall(
        capsys, "series", "--from", "2022-02-01", "--to", "2022-01-01"
    )
    assert (status, err.strip()) == (1, "rollcall: error: --to comes before --from")
    status, _, err = rollcall(
        capsys,
        "series",
        "--from",
        "2022-01-01",
        "--to",
        "2022-02-01",
        "--chart",
        str(tmp_path / "chart.gif"),
    )
    assert status == 1
    assert "a chart is a .svg or .png file" in err


def test_series_as_json_csv_and_chart(
    capsys: pytest.CaptureFixture[str], register: None, tmp_path: Path
) -> None:
    status, out, _ = rollcall(
        capsys,
        "series",
        "--from",
        "2020-12-01",
        "--to",
        "2021-03-01",
        "--every",
        "month",
        "--json",
    )
    assert status == 0
    shown = json.loads(out)
    assert shown["dates"] == ["2020-12-01", "2021-01-01", "2021-02-01", "2021-03-01"]
    assert shown["total"] == [0, 8, 8, 8]
    status, out, _ = rollcall(
        capsys,
        "series",
        "--from",
        "2021-01-01",
        "--to",
        "2021-01-02",
        "--by",
        "sex",
        "--csv",
    )
    assert out.splitlines() == [
        "date,total,male,female",
        "2021-01-01,8,6,2",
        "2021-01-02,8,6,2",
    ]
    chart = tmp_path / "count.svg"
    status, _, err = rollcall(
        capsys,
        "series",
        "--from",
        "2020-12-01",
        "--to",
        "2021-03-01",
        "--chart",
        str(chart),
        "--known-on",
        today_utc(),
    )
    assert status == 0
    svg = chart.read_text()
    for text in (
        "Political prisoners",
        "persons held",
        "date",
        "Source: Rollcall",
        f"as known on {today_utc()}",
    ):
        assert text in svg
    # The same figures draw the same file (its ids are not random).
    again = tmp_path / "again.svg"
    arguments = ("--from", "2020-12-01", "--to", "2021-03-01", "--known-on")
    rollcall(capsys, "series", *arguments, today_utc(), "--chart", str(again))
    assert again.read_bytes() == chart.read_bytes()


def test_compare_known_on_explains_the_difference(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from datetime import UTC, datetime

    import time_machine

    with time_machine.travel(datetime(2023, 1, 1, tzinfo=UTC), tick=False):
        prisoner("old", "2021-01-01")
    with time_machine.travel(datetime(2024, 1, 1, tzinfo=UTC), tick=False):
        prisoner("late", "2022-05-01")
    status, out, _ = rollcall(
        capsys,
        "stats",
        "--on",
        "2023-01-01",
        "--known-on",
        "2023-06-30",
        "--compare-known-on",
        "2024-06-30",
        "--json",
    )
    assert status == 0
    shown = json.loads(out)
    assert (shown["count"], shown["compare_count"]) == (1, 2)
    assert [(r["record_id"], r["counted"]) for r in shown["records"]] == [
        ("late", "added")
    ]
    status, _, err = rollcall(
        capsys,
        "stats",
        "--known-on",
        "2023-06-30",
        "--compare-known-on",
        "2024-06-30",
        "--public",
    )
    assert status == 1


def test_factsheet_writes_each_format(
    capsys: pytest.CaptureFixture[str], register: None, tmp_path: Path
) -> None:
    for fmt in ("md", "html", "json", "pdf"):
        out = tmp_path / f"sheet.{fmt}"
        status, _, err = rollcall(
            capsys,
            "factsheet",
            "--on",
            "2022-01-01",
            "--since",
            "2021-06-01",
            "--format",
            fmt,
            "-o",
            str(out),
            "--public",
        )
        assert (status, err.strip()) == (0, f"fact sheet written to {out}")
        assert out.stat().st_size > 0
    assert json.loads((tmp_path / "sheet.json").read_text())["count"] == 8
    status, _, err = rollcall(
        capsys, "factsheet", "--on", "2022-01-01", "--since", "2022-01-01"
    )
    assert (status, err.strip()) == (
        1,
        "rollcall: error: --since must come before --on",
    )


def test_a_fact_sheet_reads_one_state_while_the_register_is_written(
    subprocess_databases: Databases, tmp_path: Path
) -> None:
    """The count on the day is read, then the rest of the sheet: a withdrawal
    of every recognition committed in between (straight into the database)
    reaches none of it, so the count, the count since, the chart and the
    flows still agree."""
    db = subprocess_databases.new("factsheet-state")
    db.run("import", str(write_csv(tmp_path / "one.csv", [make_row()])))
    # Paused when the persons held on the day are read, nothing else.
    making = db.paused(
        "stats.figures:held_people",
        *("factsheet", "--on", "2024-05-21", "--since", "2023-05-21"),
        *("--format", "json"),
    )
    db.query("DELETE FROM registry_recognition")
    done = making.go_on()
    assert done.returncode == 0, done.stderr
    sheet = json.loads(done.stdout)
    assert (sheet["count"], sheet["count_since"], sheet["change"]) == (1, 1, 0)
    assert sheet["series"]["counts"][0] == sheet["series"]["counts"][-1] == 1
    assert db.query("SELECT COUNT(*) FROM registry_recognition") == [(0,)]


def test_a_public_fact_sheet_read_on_two_connections_reads_one_state(
    subprocess_databases: Databases, tmp_path: Path
) -> None:
    """The change rule for the period's figures and, as a JSON sheet lists
    nothing, its events are read beside the rest, on a second connection
    (SQLite; on PostgreSQL in the same transaction): the sheet is the one
    read on one connection, and a write committed while it is read (every
    person made public, straight into the database) reaches none of it."""
    from datetime import date, timedelta

    from rollcall.tests.processes import Rollcall

    db = subprocess_databases.new("factsheet-beside")
    rows = [
        make_row(
            record_id=f"b-{i:03}",
            name=f"Person Number{i}",
            name_be="",
            name_ru="",
            detained_on=(date(2023, 6, 1) + timedelta(days=5 * i)).isoformat(),
            recognized_on="2023-05-01",
            # the third detained after the start cannot be named
            visibility="anonymous" if i == 2 else "public",
        )
        for i in range(30)
    ]
    db.run("import", str(write_csv(tmp_path / "detained.csv", rows)), "--approve")
    # A search of each, the one who cannot be named's too
    searched = [
        {
            "record_id": f"b-{i:03}",
            "events": [{"type": "search", "date": f"2023-06-{1 + i:02}"}],
        }
        for i in range(10)
    ]
    events = tmp_path / "events.json"
    events.write_text(
        json.dumps({"format": "rollcall-registry", "version": 2, "persons": searched})
    )
    db.run("import", str(events), "--approve")
    sheet = (
        *("factsheet", "--on", "2024-05-21", "--since", "2023-05-21"),
        *("--public", "--format", "json"),
    )
    alone = Rollcall({**db.env, "ROLLCALL_READ_CONNECTIONS": "1"})
    two = Rollcall({**db.env, "ROLLCALL_READ_CONNECTIONS": "2"})
    before = json.loads(alone.run(*sheet).stdout)
    detained = {line["flow"]: line["shown"] for line in before["flows"]}["detained"]
    assert detained == "[c]"
    # (either figure would give away the one who cannot be named)
    search = {"label": "search", "events": None, "persons": None}
    assert before["events"]["search"] == search
    assert json.loads(two.run(*sheet).stdout) == before
    # Paused between the events' and the flows' change rule.
    reading = two.paused("stats.flows:events_changed", *sheet)
    db.query("UPDATE registry_person SET visibility = 'public'")
    done = reading.go_on()
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == before
    now = json.loads(two.run(*sheet).stdout)
    assert {line["flow"]: line["shown"] for line in now["flows"]}["detained"] == "30"
    assert now["events"]["search"] == {**search, "events": 10, "persons": 10}


@pytest.mark.parametrize(
    "args",
    [
        ("count", "--known-on", "{tomorrow}"),
        ("stats", "--known-on", "{tomorrow}"),
        ("stats", "--on", "2023-01-01", "--compare-known-on", "{tomorrow}"),
        (
            "series",
            "--from",
            "2022-01-01",
            "--to",
            "2023-01-01",
            "--known-on",
            "{tomorrow}",
        ),
        ("factsheet", "--known-on", "{tomorrow}"),
    ],
)
def test_a_figure_cannot_be_known_on_a_day_still_to_come(
    capsys: pytest.CaptureFixture[str], register: None, args: tuple[str, ...]
) -> None:
    """It would be today's figure under a later stamp, and another one once
    that day comes: not reproducible, so refused."""
    from datetime import UTC, datetime, timedelta

    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    given = [arg.format(tomorrow=tomorrow) for arg in args]
    with pytest.raises(SystemExit) as stopped:
        rollcall(capsys, *given)
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert "is after today" in err and "Traceback" not in err
    today = datetime.now(UTC).date().isoformat()
    status, out, _ = rollcall(
        capsys, "count", "--on", "2022-01-01", "--known-on", today
    )
    assert (status, out.strip()) == (0, "8")


@pytest.mark.parametrize(
    "args",
    [
        ("count", "--on", "9999-12-31"),
        ("stats", "--on", "9999-12-31", "--public"),
        ("stats", "--flows", "--from", "2024-01-01", "--to", "9999-12-31"),
        ("series", "--from", "2024-01-01", "--to", "9999-12-31", "--public"),
        ("factsheet", "--on", "9999-12-31", "--since", "9999-12-30"),
    ],
)
def test_a_figure_cannot_be_asked_for_more_than_a_year_ahead(
    capsys: pytest.CaptureFixture[str], register: None, args: tuple[str, ...]
) -> None:
    """The register holds nothing after today: a mistyped year counted what
    a year ahead counts, or ran past the calendar's last day (a traceback).
    A year ahead is still a day to count."""
    with pytest.raises(SystemExit) as stopped:
        rollcall(capsys, *args)
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert "is more than a year after today" in err and "Traceback" not in err
    from datetime import UTC, datetime, timedelta

    ahead = (datetime.now(UTC) + timedelta(days=366)).date().isoformat()
    given = [ahead if arg.startswith("9999") else arg for arg in args]
    if args[0] == "factsheet":
        given[-1] = "2024-05-21"
    status, out, err = rollcall(capsys, *given)
    assert status == 0 and out, err
