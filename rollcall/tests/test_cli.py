from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rollcall.cli import main

pytestmark = pytest.mark.django_db


def rollcall(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_import_count_list_show_and_export(
    capsys: pytest.CaptureFixture[str], samples: Path, tmp_path: Path
) -> None:
    status, out, _ = rollcall(capsys, "import", str(samples / "people.csv"))
    assert (status, out.splitlines()) == (
        0,
        [
            f"{samples / 'people.csv'}: 2 created, 0 updated, 0 unchanged",
            "  new article (not yet in the vocabulary, check its spelling): BY-CC 228",
        ],
    )
    status, out, _ = rollcall(capsys, "count", "--on", "2021-01-01", "--json")
    assert json.loads(out) == {"on": "2021-01-01", "known_on": None, "count": 1}
    status, out, _ = rollcall(
        capsys, "count", "--on", "2022-01-01", "--known-on", "2000-01-01", "--json"
    )
    assert json.loads(out)["count"] == 0
    status, out, _ = rollcall(capsys, "list", "--status", "deceased", "--json")
    assert json.loads(out) == [
        {
            "record_id": "vs-00123",
            "name": "Vitold Ashurak",
            "visibility": "public",
            "status": "deceased",
        }
    ]
    status, out, _ = rollcall(capsys, "show", "vs-00124", "--json")
    assert json.loads(out)["names"][0] == {
        "value": "Алесь Бяляцкі",
        "kind": "be",
        "system": "",
    }
    status, _, err = rollcall(
        capsys, "export", "--format", "csv", "-o", str(tmp_path / "out.csv")
    )
    assert status == 0 and "2 persons written" in err
    assert (tmp_path / "out.csv").read_text().startswith("record_id,name,")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "nobody"], "no person with record_id 'nobody'"),
        (["import", "/nonexistent/people.csv"], "No such file or directory"),
        (["search", " "], "the query is empty"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_status_1(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    status, _, err = rollcall(capsys, *args)
    assert status == 1
    assert err.startswith("rollcall: error: ") and message in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["count", "--on", "2021-02-30"], "is not a date"),
        (["count", "--on", "2021-02"], "is not a full date"),
        (["export", "--format", "xml"], "invalid choice"),
        (["frobnicate"], "invalid choice"),
        (["review", "--limit", "-5"], "'-5' is not a whole number from 1 up"),
        (["search", "x", "--limit", "0"], "'0' is not a whole number from 1 up"),
        (["demo", "--persons", "many"], "'many' is not a whole number from 1 up"),
    ],
)
def test_argument_errors_exit_with_status_1(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(args)
    assert caught.value.code == 1
    assert message in capsys.readouterr().err


def test_python_dash_m_rollcall_works_as_a_command(tmp_path: Path) -> None:
    env = {"ROLLCALL_VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "rollcall", "count", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["count"] == 0
    result = subprocess.run(
        [sys.executable, "-m", "rollcall", "import", str(tmp_path / "missing.csv")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == f"rollcall: error: {tmp_path / 'missing.csv'}: No such file or directory"
    )


def test_show_of_a_merged_away_record_names_the_record_it_went_into(
    capsys: pytest.CaptureFixture[str], samples: Path
) -> None:
    rollcall(capsys, "import", str(samples / "people.csv"))
    status, _, _ = rollcall(capsys, "merge", "vs-00123", "vs-00124", "--reason", "x")
    assert status == 0
    status, _, err = rollcall(capsys, "show", "vs-00124")
    assert status == 1
    assert err.strip() == (
        "rollcall: error: 'vs-00124' was merged into 'vs-00123': rollcall show vs-00123"
    )


def test_export_into_a_missing_folder_is_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = rollcall(capsys, "export", "-o", "/no/such/dir/x.csv")
    assert status == 1
    assert err == "rollcall: error: /no/such/dir/x.csv: No such file or directory\n"


def test_merge_and_import_record_the_actor(
    capsys: pytest.CaptureFixture[str], samples: Path
) -> None:
    from registry.models import Merge, Person

    rollcall(capsys, "import", str(samples / "people.csv"), "--actor", "anna")
    rollcall(
        capsys, "merge", "vs-00123", "vs-00124", "--reason", "x", "--actor", "ihar"
    )
    assert Person.history.earliest().history_user.username == "cli:anna"
    assert Merge.objects.get().actor.username == "cli:ihar"


def usernames() -> list[str]:
    from django.contrib.auth.models import User

    return sorted(User.objects.values_list("username", flat=True))


def test_a_failed_or_dry_run_command_leaves_no_account_behind(
    capsys: pytest.CaptureFixture[str], samples: Path, tmp_path: Path
) -> None:
    """The `cli:NAME` account is written with the command's writes, or not."""
    people = str(samples / "people.csv")
    rollcall(capsys, "import", people, "--actor", "anna")
    before = usernames()
    assert before == ["cli:anna"]
    bad = tmp_path / "bad.csv"
    bad.write_text("record_id,name\nx-1,Someone\nx-2,\n", encoding="utf-8")
    status, _, err = rollcall(capsys, "import", str(bad), "--actor", "bad-file")
    assert status == 1 and "bad.csv" in err
    status, out, _ = rollcall(capsys, "import", people, "--dry-run", "--actor", "dry")
    assert status == 0 and out.startswith("dry run, nothing written")
    status, _, err = rollcall(
        capsys, "merge", "vs-00123", "vs-00123", "--reason", "x", "--actor", "self"
    )
    assert status == 1 and err.startswith("rollcall: error:")
    status, _, err = rollcall(capsys, "unmerge", "99", "--reason", "x")
    assert status == 1
    assert usernames() == before


def test_standard_output_on_a_full_disk_is_one_line_and_status_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import io

    class Full(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sys, "stdout", Full())
    status = main(["count", "--on", "2022-01-01"])
    err = capsys.readouterr().err
    assert (status, err) == (1, "rollcall: error: No space left on device\n")


def test_an_output_that_is_no_regular_file_is_written_to_directly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A named pipe (or /dev/stdout) is written to, not replaced by a file
    renamed over it."""
    import os
    import stat
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    read: list[bytes] = []
    reader = threading.Thread(
        target=lambda: read.append(pipe.read_bytes()), daemon=True
    )
    reader.start()
    status, _, err = rollcall(capsys, "export", "--format", "json", "-o", str(pipe))
    reader.join(timeout=60)
    assert (status, err) == (0, f"0 persons written to {pipe}\n")
    assert read[0].startswith(b'{"format": "rollcall-registry"')
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert [path.name for path in tmp_path.iterdir()] == ["pipe"]


@pytest.mark.parametrize(
    ("raw", "said"),
    [("0", " must be 1 or more"), ("two", "='two' is not an integer")],
)
def test_a_bad_number_of_read_connections_is_one_line(
    tmp_path: Path, raw: str, said: str
) -> None:
    env = {
        "ROLLCALL_VAR_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        "ROLLCALL_READ_CONNECTIONS": raw,
    }
    result = subprocess.run(
        [sys.executable, "-m", "rollcall", "stats"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"rollcall: error: configuration: ROLLCALL_READ_CONNECTIONS{said}"
    ]
