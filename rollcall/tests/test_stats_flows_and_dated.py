"""`rollcall stats --flows` / `--cumulative`, a compare on a register loaded
from dated snapshots, and public outputs that never name hidden persons."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rollcall.cli import main
from stats.tests.registers import approve_all, event, person, prisoner

pytestmark = pytest.mark.django_db

# Marker names: if any of these appears in a public output, a restricted or
# anonymous person (or a record id) has leaked.
MARKERS = ("Zzmarker Restricted", "Zzmarker Anonymous", "zz-restricted", "zz-anon")


def rollcall(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def register() -> None:
    for i in range(6):
        prisoner(f"m{i}", "2022-01-10", name=f"Public Person{i}", sex="m")
    prisoner("f1", "2022-02-01", name="Public Woman", sex="f")
    prisoner("out", "2020-01-01", "2023-03-01", name="Released Man", reason="pardon")
    prisoner(
        "zz-restricted",
        "2022-03-01",
        "2023-04-01",
        name="Zzmarker Restricted",
        visibility="restricted",
        reason="pardon",
    )
    prisoner(
        "zz-anon",
        "2021-01-01",
        name="Zzmarker Anonymous",
        visibility="anonymous",
        died="2023-07-11",
        in_custody=True,
        place="Colony 17",
    )
    event(
        "search",
        "2022-02-01",
        person("zz-searched", name="Zzmarker Anonymous", visibility="anonymous"),
    )
    approve_all()


def test_flows_list_each_flow_with_its_records(
    capsys: pytest.CaptureFixture[str], register: None
) -> None:
    status, out, _ = rollcall(
        capsys,
        "stats",
        "--flows",
        "--from",
        "2021-05-21",
        "--to",
        "2024-05-21",
        "--json",
    )
    assert status == 0
    shown = {(f["flow"], f["reason"]): f for f in json.loads(out)["flows"]}
    assert shown["detained", None]["count"] == 8
    assert shown["recognised", None]["records"][:2] == ["f1", "m0"]
    assert shown["released", None]["records"] == ["out", "zz-restricted"]
    assert shown["released", "pardon"]["count"] == 2
    assert shown["died", None]["records"] == ["zz-anon"]


def test_flows_as_csv_and_text(
    capsys: pytest.CaptureFixture[str], register: None
) -> None:
    args = ("stats", "--flows", "--from", "2021-05-21", "--to", "2024-05-21")
    status, out, _ = rollcall(capsys, *args, "--csv")
    assert status == 0
    assert out.splitlines()[0] == "flow,reason,count,shown,records"
    assert "released,pardon,2,2,out; zz-restricted" in out.splitlines()
    status, out, _ = rollcall(capsys, *args)
    assert out.splitlines()[0] == "from 2021-05-21 (not included) to 2024-05-21:"
    assert "died in custody" in out


def test_cumulative_counts_everyone_ever_recognised_by_sex(
    capsys: pytest.CaptureFixture[str], register: None
) -> None:
    status, out, _ = rollcall(
        capsys, "stats", "--cumulative", "--on", "2024-05-21", "--json"
    )
    assert status == 0
    shown = json.loads(out)
    ever = {c["value"]: c["count"] for c in shown["recognised_ever"]["by_sex"]}
    held = {c["value"]: c["count"] for c in shown["held"]["by_sex"]}
    assert shown["recognised_ever"]["count"] == 10
    assert ever == {"m": 6, "f": 4}
    assert shown["held"]["count"] == 7
    assert held == {"m": 6, "f": 1}


def test_bad_flow_requests_are_one_line_and_status_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for args, message in [
        (("--flows",), "flows need --flows and --from"),
        (("--flows", "--from", "2024-01-01", "--to", "2023-01-01"), "--to must come"),
        (("--cumulative", "--by", "region"), "--cumulative is by sex"),
    ]:
        status, _, err = rollcall(capsys, "stats", *args)
        assert status == 1
        assert err.count("\n") == 1 and message in err


def everything_public(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> str:
    """Every public output of the figures' commands, as one text."""
    runs: list[tuple[str, ...]] = []
    for fmt in ("--json", "--csv", "--text"):
        extra = () if fmt == "--text" else (fmt,)
        runs += [
            ("stats", "--on", "2022-06-01", "--by", "sex", "--by", "region", *extra),
            ("stats", "--flows", "--from", "2021-05-21", "--to", "2024-05-21", *extra),
            ("stats", "--cumulative", "--on", "2024-05-21", *extra),
        ]
    texts = []
    for args in runs:
        status, out, _ = rollcall(capsys, *args, "--public")
        assert status == 0, args
        texts.append(out)
    for fmt in ("md", "html", "json"):
        target = tmp_path / f"sheet.{fmt}"
        status, _, _ = rollcall(
            capsys,
            "factsheet",
            "--on",
            "2024-05-21",
            "--since",
            "2021-05-21",
            "--format",
            fmt,
            "--public",
            "-o",
            str(target),
        )
        assert status == 0
        texts.append(target.read_text(encoding="utf-8"))
    return "\n".join(texts)


def test_public_outputs_never_name_restricted_or_anonymous_persons(
    capsys: pytest.CaptureFixture[str], register: None, tmp_path: Path
) -> None:
    text = everything_public(capsys, tmp_path)
    assert "Public Woman" in text  # the public ones are named
    for marker in MARKERS:
        assert marker not in text


def test_a_death_in_custody_is_counted_and_named_only_as_disclosure_allows(
    capsys: pytest.CaptureFixture[str], register: None, tmp_path: Path
) -> None:
    """The flow of deaths is exact in public (the deaths are listed one by
    one): a person known by initials is listed by them, an anonymous one
    not at all, and neither full name appears in any public output."""
    prisoner(
        "zz-initials",
        "2021-01-01",
        name="Zzmarker Initialsova",
        disclosure="initials",
        died="2023-08-01",
        in_custody=True,
    )
    approve_all()
    status, out, _ = rollcall(
        capsys,
        *("stats", "--flows", "--from", "2021-05-21", "--to", "2024-05-21"),
        *("--public", "--json"),
    )
    assert status == 0
    (died,) = [f for f in json.loads(out)["flows"] if f["flow"] == "died"]
    assert (died["count"], died["names"]) == (2, ["Z. I."])
    # (A public person's record id is public: the site's page has it.)
    text = everything_public(capsys, tmp_path)
    assert "Z. I." in text
    for marker in (*MARKERS, "Zzmarker", "Initialsova"):
        assert marker not in text


def snapshot(path: Path, persons: list[dict[str, Any]]) -> str:
    document = {"format": "rollcall-registry", "version": 2, "persons": persons}
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def held(
    record_id: str, start: str, end: str | None = None, recognised: str | None = None
) -> dict[str, Any]:
    """A person detained and recognised from `start`; the recognition ends on
    `recognised` (a later snapshot records it as ended before the day asked)."""
    return {
        "record_id": record_id,
        "name": f"Person {record_id}",
        "sex": "m",
        "detentions": [{"kind": "colony", "start": start, "end": end}],
        "recognitions": [{"start": start, "end": recognised, "organisation": "Viasna"}],
    }


def test_compare_on_dated_snapshots_explains_the_difference_record_by_record(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first = snapshot(
        tmp_path / "2023.json",
        [
            held("kept", "2021-01-01"),
            held("withdrawn", "2021-01-01"),
            held("corrected", "2021-01-01", "2022-12-01"),
        ],
    )
    second = snapshot(
        tmp_path / "2024.json",
        [
            held("kept", "2021-01-01"),
            held("withdrawn", "2021-01-01", recognised="2022-06-01"),
            held("corrected", "2021-01-01", "2023-03-01"),
            held("new", "2022-05-01"),
        ],
    )
    for path, day in ((first, "2023-03-01"), (second, "2024-03-01")):
        status, _, err = rollcall(capsys, "import", path, "--recorded-on", day)
        assert status == 0, err
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
    assert (shown["count"], shown["compare_count"]) == (2, 3)
    moved = {r["record_id"]: r for r in shown["records"]}
    assert {k: r["counted"] for k, r in moved.items()} == {
        "corrected": "added",
        "new": "added",
        "withdrawn": "removed",
    }
    added = sum(r["counted"] == "added" for r in moved.values())
    assert shown["compare_count"] - shown["count"] == added - (len(moved) - added)
    for record in moved.values():
        assert record["changes"], record
        assert all(c["at"].startswith("2024-03-01") for c in record["changes"])
    assert [c["what"] for c in moved["corrected"]["changes"]] == [
        "detention deleted (2021-01-01 to 2022-12-01)",
        "detention added (2021-01-01 to 2023-03-01)",
    ]
    assert [c["what"] for c in moved["withdrawn"]["changes"]] == [
        "recognition withdrawn (2021-01-01 to ongoing)",
        "recognition added (2021-01-01 to 2022-06-01)",
    ]
    assert moved["new"]["changes"][0]["what"] == "new record"
