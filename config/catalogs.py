"""The translation catalogs: where they are, and compiling the stale ones.

`make messages` compiles them with Django's compilemessages; a test run
started without make (plain `pytest`) compiles the ones whose .mo is
missing or older than the .po (conftest.py), with the same msgfmt.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# Where the project's catalogs live: locale/ for the site and the office,
# an app's own locale/ for what that app alone renders (the fact sheet).
CATALOG_DIRS = ("locale", "stats/locale")
LANGUAGES = ("be", "ru")
# What makemessages leaves out (config/management/commands/makemessages.py).
IGNORED = (".venv", "var", "bench/work", "build", ".git", "*.egg-info")


def catalogs(base: Path = BASE_DIR) -> list[Path]:
    """Every django.po of the project's catalog directories."""
    found = []
    for directory in CATALOG_DIRS:
        for language in LANGUAGES:
            po = base / directory / language / "LC_MESSAGES" / "django.po"
            if po.exists():
                found.append(po)
    return found


def stale(po: Path) -> bool:
    mo = po.with_suffix(".mo")
    return not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime


def compile_stale(base: Path = BASE_DIR) -> list[Path]:
    """Compile each catalog whose .mo is missing or older; the ones compiled.

    Raises RuntimeError with msgfmt's own message when a catalog is broken,
    and when msgfmt (Debian's gettext) is missing.
    """
    todo = [po for po in catalogs(base) if stale(po)]
    if todo and shutil.which("msgfmt") is None:
        raise RuntimeError(
            "msgfmt not found: install gettext (scripts/system-packages)"
        )
    for po in todo:
        mo = po.with_suffix(".mo")
        partial = mo.with_name(f".{mo.name}.{os.getpid()}")
        done = subprocess.run(
            ["msgfmt", "--check-format", "-o", str(partial), str(po)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            partial.unlink(missing_ok=True)
            raise RuntimeError(done.stderr.strip() or f"msgfmt failed on {po}")
        partial.replace(mo)
    return todo


@dataclass
class Entry:
    """One message of a .po file."""

    context: str | None
    msgid: str
    plural: str | None
    msgstrs: list[str]
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.context, self.msgid, self.plural)

    @property
    def translated(self) -> bool:
        return bool(self.msgstrs) and all(self.msgstrs) and "fuzzy" not in self.flags


KEYWORDS = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$')


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file (its header, the empty msgid, left out)."""
    found = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        fields: dict[str, str] = {}
        flags: set[str] = set()
        obsolete = False
        last = ""
        for line in block.splitlines():
            if line.startswith("#~"):
                obsolete = True
                line = line[2:].strip()
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",")}
                continue
            if line.startswith("#") or not line.strip():
                continue
            match = KEYWORDS.match(line.strip())
            if match:
                last = match.group(1)
                fields[last] = ast.literal_eval(match.group(2))
            elif line.strip().startswith('"') and last:
                fields[last] += ast.literal_eval(line.strip())
        if "msgid" not in fields or fields["msgid"] == "":
            continue
        msgstrs = [fields["msgstr"]] if "msgstr" in fields else []
        msgstrs += [
            fields[name]
            for name in sorted(
                (k for k in fields if k.startswith("msgstr[")),
                key=lambda k: int(k[7:-1]),
            )
        ]
        found.append(
            Entry(
                context=fields.get("msgctxt"),
                msgid=fields["msgid"],
                plural=fields.get("msgid_plural"),
                msgstrs=msgstrs,
                flags=flags,
                obsolete=obsolete,
            )
        )
    return found


def plural_count(path: Path) -> int:
    """nplurals of the catalog's Plural-Forms header."""
    match = re.search(r"nplurals=(\d+)", path.read_text(encoding="utf-8"))
    return int(match.group(1)) if match else 2
