"""Every `rollcall` command that docs/operations.md shows is one the parser takes."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from rollcall.cli import parser

DOC = Path(__file__).resolve().parents[2] / "docs" / "operations.md"


def commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    lines = [line.strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line.startswith("rollcall ")]


def test_the_guide_shows_backup_restore_and_verify() -> None:
    shown = {shlex.split(line)[1] for line in commands()}
    assert {"backup", "restore", "audit", "init"} <= shown


@pytest.mark.parametrize("line", commands())
def test_each_command_in_the_guide_parses(line: str) -> None:
    args = shlex.split(line.replace("~/", "/home/user/"))[1:]
    parser().parse_args(args)
