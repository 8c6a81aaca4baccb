"""Shared fixtures: users of every role and the sample files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

SAMPLES = Path(__file__).resolve().parent / "ingest" / "tests" / "samples"


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
