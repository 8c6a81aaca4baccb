"""Shared fixtures: users of every role and the sample files."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# Property tests explore new examples on every run, on a developer's machine
# and on CI alike: a derandomized CI would try the same examples for ever and
# never find the rare case a local run stumbles on. So that a red CI can be
# replayed, the CI profile prints the blob of a failing example
# (`@reproduce_failure(...)`) and keeps no example database between runs.
settings.register_profile(
    "rollcall",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "ci",
    parent=settings.get_profile("rollcall"),
    derandomize=False,
    print_blob=True,
    database=None,
)
ON_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
settings.load_profile("ci" if ON_CI else "rollcall")

SAMPLES = Path(__file__).resolve().parent / "ingest" / "tests" / "samples"


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def publish_now(settings: Any, tmp_path: Path) -> Any:
    """Publish the test register and point the public side at it; returns it."""
    from publish.publishing import publish

    settings.ROLLCALL_PUBLIC_DIR = tmp_path / "public"

    def run() -> Path:
        return publish().path

    return run
