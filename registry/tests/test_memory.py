from __future__ import annotations

import gc

from registry.memory import no_cyclic_gc


def test_the_gc_pause_restores_the_collector() -> None:
    assert gc.isenabled()
    with no_cyclic_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
