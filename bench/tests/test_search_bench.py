"""How the search benchmark decides that a query found its person."""

from __future__ import annotations

from types import SimpleNamespace

from bench.__main__ import found_first, linking_lines, surname_keys

REGISTER = SimpleNamespace(
    persons=[
        {
            "record_id": "a",
            "name": "Ivan Kavalenka",
            "names": [{"value": "Іван Каваленка"}],
        },
        {"record_id": "b", "name": "Olga Kavalenka", "names": []},
        {"record_id": "c", "name": "Ivan Kavalionak", "names": []},
    ]
)


def hits(*ids: str) -> list[SimpleNamespace]:
    return [SimpleNamespace(record_id=i) for i in ids]


def test_a_surname_alone_is_found_when_every_top_hit_bears_it() -> None:
    words = surname_keys(REGISTER)
    assert found_first("surname", "Kavalenka", hits("b", "a"), {"a"}, words)
    assert found_first("surname", "Каваленка", hits("b"), {"a"}, words)


def test_a_surname_alone_is_missed_when_a_top_hit_bears_another() -> None:
    words = surname_keys(REGISTER)
    assert not found_first("surname", "Kavalenka", hits("c"), {"a"}, words)
    assert not found_first("surname", "Kavalenka", hits("a", "c"), {"a"}, words)
    assert not found_first("surname", "Kavalenka", [], {"a"}, words)


def test_a_full_name_is_found_only_with_its_person_on_top() -> None:
    words = surname_keys(REGISTER)
    assert found_first("full", "Ivan Kavalenka", hits("c", "a"), {"a"}, words)
    assert not found_first("full", "Ivan Kavalenka", hits("b"), {"a"}, words)


def test_linking_lines_label_both_gold_splits_and_every_method() -> None:
    figures = {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "seconds": 1}
    part = {"rollcall": figures, "splink": figures, "splink_rollcall_lexicon": figures}
    linking = {
        "gold": {
            "note": "tuned",
            "in_sample": {"label": "in-sample (tuned on)", **part},
            "held_out": {"label": "held-out", **part},
        },
        "synthetic": part,
    }
    lines = linking_lines(linking)
    assert len(lines) == 9
    assert lines[0].split() == (
        "gold in-sample (tuned on) Rollcall 1.000 / 0.500 / 0.667, 1 s".split()
    )
    assert "gold held-out" in lines[3] and "splink + Rollcall lexicon" in lines[5]
