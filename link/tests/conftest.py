from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from link import register


@pytest.fixture(autouse=True)
def fresh_automaton(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test builds the automaton from its own register (ids are reused
    after a rolled-back test, so the version check alone could be fooled),
    and keeps it in its own directory."""
    monkeypatch.setattr(register, "cache_dir", lambda: tmp_path / "link")
    register._cached.clear()
    yield
    register._cached.clear()
