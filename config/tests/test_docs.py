"""The README and docs/ name files of the repository, and only those."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# A path in backquotes (`docs/api.md`) or a Markdown link target.
PATH = re.compile(r"`(\.{0,2}/?[\w./-]+\.(?:md|py|csv|json))`|\]\(([^)#\s]+)\)")
GENERATED = {"bench/results.json"}


def paths_named(document: Path) -> list[str]:
    text = document.read_text(encoding="utf-8")
    found = [a or b for a, b in PATH.findall(text)]
    # http(s) links and site paths (`/api/v1/openapi.json`) are not files.
    return [name for name in found if not name.startswith(("http", "/"))]


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_every_file_a_document_names_is_in_the_repository(document: Path) -> None:
    for name in paths_named(document):
        target = (ROOT / name).resolve()
        assert target.is_relative_to(ROOT), f"{document.name} points outside: {name}"
        if "/" in name and name not in GENERATED:
            assert target.exists(), f"{document.name} names a missing file: {name}"


def test_the_readme_points_to_the_design_in_docs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`docs/design.md`" in readme
    assert "shared/" not in readme
    assert (
        (ROOT / "docs" / "design.md")
        .read_text(encoding="utf-8")
        .startswith("# Rollcall — design")
    )
