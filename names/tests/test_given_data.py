"""The check of `given_names.csv`: shared spellings need the ambiguity mark."""

from pathlib import Path

import pytest

from names.data.build import COLUMNS, is_reviewed, main, shared_spellings, tidy


def row(group: str, **cells: str) -> dict[str, str]:
    """One CSV row with empty cells except `cells`."""
    values = dict.fromkeys(COLUMNS, "")
    values.update({"id": group, "sex": "m", "sources": "wiki", **cells})
    return values


def test_a_full_form_in_two_groups_is_reported() -> None:
    rows = [row("demian", be="Дзям'ян|Дзямід"), row("demid", be="Дзямід")]
    assert shared_spellings(rows) == [
        "'дзямід' is in demian, demid without the ambiguity mark in demian, demid "
        "(list it under shared in each, or keep it in one group)"
    ]


def test_a_short_form_in_two_groups_is_reported() -> None:
    rows = [row("viacheslav", short="Слава"), row("stanislav", short="Слава")]
    assert len(shared_spellings(rows)) == 1


def test_spellings_are_compared_as_the_lexicon_compares_them() -> None:
    rows = [row("elena", ru="Алёна"), row("alena", ru="АЛЕНА")]
    assert "'алена' is in elena, alena" in shared_spellings(rows)[0]


def test_the_mark_must_be_in_every_group_that_holds_the_spelling() -> None:
    rows = [
        row("aleksandr", short="Саша", shared="Саша"),
        row("aleksandra", short="Саша"),
    ]
    assert "without the ambiguity mark in aleksandra " in shared_spellings(rows)[0]


def test_a_spelling_marked_in_every_group_passes() -> None:
    rows = [
        row("aleksandr", short="Саша", shared="Саша"),
        row("aleksandra", short="саша", shared="Саша"),
    ]
    assert shared_spellings(rows) == []


def test_a_mark_on_a_spelling_of_one_group_only_is_stale() -> None:
    rows = [row("aleksandr", short="Саша", shared="Саша"), row("aleksandra")]
    stale = "aleksandr: 'саша' is marked shared but only here"
    assert shared_spellings(rows) == [stale]


def test_a_mark_must_name_a_spelling_of_its_row() -> None:
    rows = [row("aleksandr", shared="Шура"), row("aleksandra", short="Шура")]
    assert "aleksandr: shared 'Шура' is not a spelling of it" in tidy(rows)


def test_unknown_source_tags_are_rejected() -> None:
    assert "x: unknown source 'checked'" in tidy([row("x", sources="wiki|checked")])


@pytest.mark.parametrize(
    ("sources", "reviewed"),
    [("wiki", False), ("ref:12", True), ("wiki|reviewed", True), ("", False)],
)
def test_a_row_is_reviewed_with_a_reference_or_the_reviewed_tag(
    sources: str, reviewed: bool
) -> None:
    assert is_reviewed(row("x", sources=sources)) is reviewed


def write(path: Path, *rows: dict[str, str]) -> Path:
    lines = [",".join(COLUMNS)] + [",".join(r[c] for c in COLUMNS) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_check_fails_on_an_unmarked_shared_spelling(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path / "given.csv",
        row("miroslav", be="Міраслаў", short="Мірон"),
        row("miron", be="Мірон"),
    )
    assert main(["--check"], path) == 1
    assert "'мірон' is in miroslav, miron" in capsys.readouterr().out


def test_check_passes_a_tidy_file_and_counts_unreviewed_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path / "given.csv",
        row("miroslav", be="Міраслаў", sources="wiki|reviewed"),
        row("miron", be="Мірон"),
    )
    assert main(["--check"], path) == 0
    assert capsys.readouterr().out == "2 groups, 1 not reviewed yet\n"


def test_check_rejects_a_file_without_the_shared_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "given.csv"
    path.write_text("id,sex,be\nx,m,Ян\n", encoding="utf-8")
    assert main(["--check"], path) == 1
    assert capsys.readouterr().out.startswith("given.csv: the header must be id,sex,")


def test_the_shipped_file_passes_the_check() -> None:
    assert main(["--check"]) == 0


def test_build_tidies_the_file_in_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path / "given.csv",
        row("ian", be="Ян|Ян", partial="ivan"),
        row("ivan", be="Іван"),
    )
    assert main(["--check"], path) == 1
    assert main([], path) == 0
    assert main(["--check"], path) == 0
    text = path.read_text(encoding="utf-8")
    assert "ian,m,Ян," in text and "ivan,m,Іван,,,,,,,ian," in text
    assert (
        "2 groups written to given.csv, 2 not reviewed yet" in capsys.readouterr().out
    )
