from __future__ import annotations

from collections.abc import Iterator

import pytest

from link import register


@pytest.fixture(autouse=True)
def fresh_automaton() -> Iterator[None]:
    """Each test builds the automaton from its own register (ids are reused
    after a rolled-back test, so the version check alone could be fooled)."""
    register._cached.clear()
    yield
    register._cached.clear()
