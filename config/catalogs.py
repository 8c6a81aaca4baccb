"""The translation catalogs: where they are, and compiling the stale ones.

`make messages` compiles them with Django's compilemessages; a test run
started without make (plain `pytest`) compiles the ones whose .mo is
missing or older than the .po (conftest.py), with the same msgfmt.
"""

from __future__ import annotations

import os
import shutil
import subprocess
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
