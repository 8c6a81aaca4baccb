"""The public outputs made from the register itself (`--public`), not from a
publication, carry nothing a person's grades hide.

The register holds a person for every combination of visibility, name
disclosure and place disclosure, with a marker in every field (as
publish/tests/test_published_leaks.py has it); each command's public form,
in each of its formats, is searched for the hidden markers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from publish.tests.test_published_leaks import hidden_markers, import_register
from rollcall.cli import main

pytestmark = pytest.mark.django_db

ON, SINCE = "2022-06-01", "2020-06-01"
BY = ("sex", "age", "region", "kind", "facility", "article", "health", "vulnerable")

COMMANDS = [
    *(
        ("factsheet", "--public", "--on", ON, "--since", SINCE, "--format", format)
        for format in ("md", "html", "json")
    ),
    ("factsheet", "--public", "--on", ON, "--since", SINCE, "--lang", "be"),
    ("stats", "--public", "--on", ON, *(f"--by={field}" for field in BY)),
    ("stats", "--public", "--on", ON, "--json", *(f"--by={field}" for field in BY)),
    ("stats", "--public", "--flows", "--from", SINCE, "--to", ON),
    ("stats", "--public", "--flows", "--from", SINCE, "--to", ON, "--json"),
    ("stats", "--public", "--on", ON, "--cumulative", "--json"),
    *(
        ("series", "--public", "--from", SINCE, "--to", ON, "--every", "month", *more)
        for more in ((), ("--json",), ("--by", "region", "--csv"))
    ),
    ("export", "--public", "--format", "csv"),
    ("export", "--public", "--format", "json"),
]


@pytest.fixture
def register(tmp_path: Path) -> None:
    import_register(tmp_path)


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_no_public_output_of_the_register_carries_a_hidden_marker(
    register: None, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    status = main(list(args))
    out, err = capsys.readouterr()
    assert status == 0, err
    assert out.strip()
    leaked = [marker for marker in hidden_markers() if marker in out + err]
    assert not leaked, leaked
