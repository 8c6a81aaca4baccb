"""Every string the code wraps for translation has a Belarusian and a Russian
translation, the catalogs are those `makemessages` makes from the code today,
and the compiled catalogs are the ones Django reads.

The staleness check runs Django's own makemessages (the project's command,
config/management/commands/makemessages.py) on a copy of the sources and
compares its catalogs with the committed ones, entry by entry.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext, npgettext, pgettext

from config.catalogs import (
    BASE_DIR,
    CATALOG_DIRS,
    IGNORED,
    LANGUAGES,
    Entry,
    catalogs,
    plural_count,
    read_po,
)

COPY_IGNORED = shutil.ignore_patterns(
    *IGNORED, "*.mo", "__pycache__", ".*_cache", ".hypothesis", "node_modules"
)


def relative(po: Path, base: Path) -> str:
    return str(po.relative_to(base))


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sources whose catalogs makemessages has just refreshed."""
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext not found: install gettext (scripts/system-packages)")
    copy = tmp_path_factory.mktemp("sources") / "rollcall"
    shutil.copytree(BASE_DIR, copy, ignore=COPY_IGNORED)
    environment = {**os.environ, "ROLLCALL_VAR_DIR": str(copy / "var")}
    environment.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "makemessages", *(f"-l{x}" for x in LANGUAGES)],
        cwd=copy,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return copy


def by_key(entries: list[Entry]) -> dict[tuple[str | None, str, str | None], Entry]:
    return {entry.key: entry for entry in entries if not entry.obsolete}


def shown(key: tuple[str | None, str, str | None]) -> str:
    context, msgid, _ = key
    return f"{msgid!r}" + (f" (context {context!r})" if context else "")


def test_every_catalog_is_there() -> None:
    names = {relative(po, BASE_DIR) for po in catalogs()}
    assert names == {
        f"{directory}/{language}/LC_MESSAGES/django.po"
        for directory in CATALOG_DIRS
        for language in LANGUAGES
    }


@pytest.mark.parametrize(
    "catalog",
    [f"{d}/{x}/LC_MESSAGES/django.po" for d in CATALOG_DIRS for x in LANGUAGES],
)
def test_the_catalog_is_what_makemessages_makes_of_the_code(
    fresh: Path, catalog: str
) -> None:
    committed = by_key(read_po(BASE_DIR / catalog))
    made = by_key(read_po(fresh / catalog))
    missing = [shown(key) for key in made if key not in committed]
    unused = [shown(key) for key in committed if key not in made]
    changed = [
        shown(key)
        for key, entry in made.items()
        if key in committed
        and (entry.msgstrs, entry.flags)
        != (committed[key].msgstrs, committed[key].flags)
    ]
    advice = "run `python manage.py makemessages -l be -l ru` and translate"
    assert not missing, (
        f"{catalog}: strings of the code not in it ({advice}): {missing}"
    )
    assert not unused, f"{catalog}: strings no longer in the code ({advice}): {unused}"
    assert not changed, f"{catalog}: entries makemessages changes ({advice}): {changed}"


@pytest.mark.parametrize(
    "catalog",
    [f"{d}/{x}/LC_MESSAGES/django.po" for d in CATALOG_DIRS for x in LANGUAGES],
)
def test_every_string_is_translated(catalog: str) -> None:
    path = BASE_DIR / catalog
    forms = plural_count(path)
    entries = [entry for entry in read_po(path) if not entry.obsolete]
    assert entries
    untranslated = [shown(e.key) for e in entries if not e.translated]
    fuzzy = [shown(e.key) for e in entries if "fuzzy" in e.flags]
    wrong_forms = [
        shown(e.key) for e in entries if e.plural and len(e.msgstrs) != forms
    ]
    assert not untranslated, f"{catalog}: not translated: {untranslated}"
    assert not fuzzy, f"{catalog}: fuzzy (check and clear the flag): {fuzzy}"
    assert not wrong_forms, f"{catalog}: not {forms} plural forms: {wrong_forms}"


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|</?\w+|\{\{ *\w+ *\}\}|`[^`]+`")


@pytest.mark.parametrize(
    "catalog",
    [f"{d}/{x}/LC_MESSAGES/django.po" for d in CATALOG_DIRS for x in LANGUAGES],
)
def test_a_translation_keeps_the_placeholders_tags_and_commands(catalog: str) -> None:
    for entry in read_po(BASE_DIR / catalog):
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        for msgstr in entry.msgstrs:
            assert sorted(PLACEHOLDER.findall(msgstr)) == wanted, (entry.msgid, msgstr)


@pytest.mark.parametrize("language", LANGUAGES)
def test_django_reads_the_compiled_translations(language: str) -> None:
    entries = read_po(BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po")
    with translation.override(language):
        for entry in entries:
            if entry.plural:
                one = (
                    npgettext(entry.context, entry.msgid, entry.plural, 1)
                    if entry.context
                    else ngettext(entry.msgid, entry.plural, 1)
                )
                assert one == entry.msgstrs[0], entry.msgid
            elif entry.context:
                assert pgettext(entry.context, entry.msgid) == entry.msgstrs[0]
            else:
                found = gettext(entry.msgid)
                # The same msgid may be in the fact sheet's catalog too.
                assert found == entry.msgstrs[0], entry.msgid


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_string_in_two_catalogs_is_translated_alike(language: str) -> None:
    """Django reads locale/ first: the other catalog's translation would be lost."""
    catalogs_of_language = [
        by_key(read_po(BASE_DIR / d / language / "LC_MESSAGES" / "django.po"))
        for d in CATALOG_DIRS
    ]
    first, *others = catalogs_of_language
    for other in others:
        differ = [
            shown(key)
            for key in first.keys() & other.keys()
            if first[key].msgstrs != other[key].msgstrs
        ]
        assert not differ, f"{language}: translated differently: {differ}"
