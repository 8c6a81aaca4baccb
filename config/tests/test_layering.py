"""Arrows run one way: faces use the core, the core imports no face."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Each part, and the parts it must never import (outside its tests).
FORBIDDEN = {
    "names": {"django", "registry", "ingest", "publish", "stats", "public", "rollcall"},
    "registry": {"ingest", "publish", "public", "rollcall", "demo", "office", "link"},
    "ingest": {"publish", "public", "rollcall", "demo"},
    "publish": {"public", "rollcall", "demo"},
    "stats": {"public", "rollcall", "demo"},
    # The audit log is below the register: every part writes to it.
    "audit": {"registry", "ingest", "publish", "stats", "public", "rollcall", "demo"},
    "backup": {"public", "rollcall", "demo"},
    # The editorial workflow sits on the register and its record form.
    "review": {"publish", "public", "rollcall", "demo", "office"},
}


def modules_imported(path: Path) -> set[str]:
    """Every module `path` imports, by its full dotted name.

    `from x import y` counts as importing `x` and `x.y` (y may be a module).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def imported(path: Path) -> set[str]:
    return {module.split(".")[0] for module in modules_imported(path)}


def code_of(part: str) -> list[Path]:
    """The part's modules, without its tests and migrations."""
    return [
        path
        for path in (ROOT / part).rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    ]


@pytest.mark.parametrize("part", sorted(FORBIDDEN))
def test_a_part_imports_no_part_above_it(part: str) -> None:
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported(path) & FORBIDDEN[part])
        for path in code_of(part)
    }
    assert {path: names for path, names in wrong.items() if names} == {}


def is_screen(module: str) -> bool:
    """The admin, the office, and any views or templates module."""
    parts = module.split(".")
    return (
        parts[0] == "office"
        or module.startswith("django.contrib.admin")
        or any(part in ("views", "template", "templates") for part in parts)
    )


def test_the_register_holds_no_screen() -> None:
    """`registry` is the core (models, actions, queries): its screens live in
    `office`, and it imports none of them, nor Django's admin, views or
    templates."""
    screens = {
        str(path.relative_to(ROOT)): sorted(filter(is_screen, modules_imported(path)))
        for path in code_of("registry")
    }
    assert {path: found for path, found in screens.items() if found} == {}
    assert not {"admin.py", "views.py"} & {path.name for path in code_of("registry")}
    assert not (ROOT / "templates" / "admin" / "registry").exists()


def test_the_screen_check_sees_a_screen() -> None:
    assert is_screen("office.duplicates")
    assert is_screen("django.contrib.admin.utils")
    assert is_screen("django.template.response")
    assert is_screen("link.views")
    assert not is_screen("registry.actions")
    assert not is_screen("django.db.models")
