"""Shared fixtures: users of every role and the sample files."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# Property tests explore new examples on a developer's machine; on CI they
# are derandomized, so that a run is repeatable and a red CI is a real bug.
settings.register_profile(
    "rollcall",
    max_examples=40,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
settings.load_profile("rollcall")

SAMPLES = Path(__file__).resolve().parent / "ingest" / "tests" / "samples"


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
