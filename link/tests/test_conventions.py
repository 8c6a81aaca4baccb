"""The linking core is pure Python: only the adapter and the office use Django."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1]
PURE = ["core.py", "keys.py", "hints.py", "unknown.py", "documents.py"]


def imported_modules(path: Path) -> list[str]:
    modules: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            modules.append(node.module or "")
    return modules


@pytest.mark.parametrize("name", PURE)
def test_the_core_imports_neither_django_nor_the_register(name: str) -> None:
    for module in imported_modules(PACKAGE / name):
        assert not module.startswith(("django", "registry", "ingest")), module
