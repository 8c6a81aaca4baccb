"""Package conventions: pure Python and a curated public API."""

import ast
import inspect
from pathlib import Path

import names

PACKAGE = Path(names.__file__).parent


def _source_files() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "tests" not in p.parts]


def test_names_imports_nothing_from_django() -> None:
    for path in _source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            else:
                continue
            for module in modules:
                assert not module.startswith("django"), f"{path}: imports {module}"


def test_all_lists_exactly_the_public_names() -> None:
    public = {
        name
        for name, value in vars(names).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert set(names.__all__) == public
    assert len(names.__all__) == len(set(names.__all__))


def test_every_public_function_has_a_one_line_summary() -> None:
    for name in names.__all__:
        value = getattr(names, name)
        if callable(value):
            doc = inspect.getdoc(value) or ""
            assert doc and doc.splitlines()[0].endswith("."), name
