"""Property tests explore new examples on CI too, and a failure can be replayed."""

from __future__ import annotations

from hypothesis import settings


def test_the_ci_profile_runs_random_examples_and_prints_how_to_replay_them() -> None:
    ci = settings.get_profile("ci")
    assert ci.derandomize is False
    assert ci.print_blob is True
    assert ci.database is None


def test_both_profiles_keep_the_suite_fast() -> None:
    for name in ("rollcall", "ci"):
        profile = settings.get_profile(name)
        assert profile.max_examples <= 50
        assert profile.deadline is None
