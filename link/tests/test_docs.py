"""docs/link.md is checked: its example is real output, every key is listed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from link.register import link_text, result_json
from link.tests.test_cli import person

pytestmark = pytest.mark.django_db

DOC = (Path(__file__).resolve().parents[2] / "docs" / "link.md").read_text("utf-8")
TEXT = (
    "Адвокат Марии Колесниковой сообщил 12 мая 2023 года, что её перевели. "
    "Sąd skazał Andrzeja Poczobuta. Иван Петров задержан."
)


def documented_example() -> dict[str, object]:
    block = re.search(r"```json\n(.*?)```", DOC, re.S)
    assert block is not None
    return json.loads(block.group(1))


def keys(value: object, prefix: str = "") -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            found.add(f"{prefix}{key}")
            found |= keys(inner, f"{key}[].")
    elif isinstance(value, list):
        for inner in value:
            found |= keys(inner, prefix)
    return found


def test_the_documented_example_is_what_rollcall_link_prints() -> None:
    person("vs-2", "Марыя Калеснікава", "Мария Колесникова")
    person("vs-3", "Andrzej Poczobut", "Андрэй Пачобут")
    document = result_json(*link_text(TEXT))
    example = documented_example()
    assert document["language"] == example["language"]
    assert document["mentions"][:1] == example["mentions"]
    assert document["unknown_names"] == example["unknown_names"]


def test_every_key_of_the_output_is_documented() -> None:
    person("vs-2", "Марыя Калеснікава", "Мария Колесникова")
    document = result_json(*link_text(TEXT))
    table = set(re.findall(r"`([a-z_\[\]\.]+)`", DOC))
    undocumented = {
        key.replace("mentions[].", "").replace("unknown_names[].", "unknown_names[].")
        for key in keys(document)
    }
    missing = {key for key in undocumented if key not in table}
    assert not missing
