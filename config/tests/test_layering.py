"""Arrows run one way: faces use the core, the core imports no face."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Each part, and the parts it must never import (outside its tests).
FORBIDDEN = {
    "names": {"django", "registry", "ingest", "publish", "stats", "public", "rollcall"},
    "registry": {"ingest", "publish", "public", "rollcall", "demo"},
    "ingest": {"publish", "public", "rollcall", "demo"},
    "publish": {"public", "rollcall", "demo"},
    "stats": {"public", "rollcall", "demo"},
    # The audit log is below the register: every part writes to it.
    "audit": {"registry", "ingest", "publish", "stats", "public", "rollcall", "demo"},
    "backup": {"public", "rollcall", "demo"},
    # The editorial workflow sits on the register and its record form.
    "review": {"publish", "public", "rollcall", "demo", "office"},
}


def imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("part", sorted(FORBIDDEN))
def test_a_part_imports_no_part_above_it(part: str) -> None:
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported(path) & FORBIDDEN[part])
        for path in (ROOT / part).rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    }
    assert {path: names for path, names in wrong.items() if names} == {}
