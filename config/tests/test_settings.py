from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READ = re.compile(
    r"""env_(?:str|bool|int|secret)\(\s*"([A-Z_]+)"|environ\.get\("([A-Z_]+)"""
)


def names_read(path: Path) -> set[str]:
    return {a or b for a, b in READ.findall(path.read_text(encoding="utf-8"))}


def test_every_setting_read_from_the_environment_is_in_env_example() -> None:
    read = set()
    for path in ROOT.glob("*/*.py"):
        if ".venv" not in path.parts:
            read |= names_read(path)
    read |= {f"{name}_FILE" for name in read if name == "SECRET_KEY"}
    documented = set(
        re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M)
    )
    assert read - {"DJANGO_SETTINGS_MODULE"} == documented
