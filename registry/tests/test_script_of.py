from __future__ import annotations

import pytest

from registry.models import Script


@pytest.mark.parametrize(
    ("value", "script"),
    [
        ("Вітольд Ашурак", "Cyrl"),
        ("Ales Бяляцкі", "Cyrl"),  # mostly Cyrillic
        ("Vitold Ašurak", "Latn"),
        ("Łukasz Paczobut", "Latn"),
        ("שלום", "Zyyy"),
        ("", "Zyyy"),
        ("123 —", "Zyyy"),
    ],
)
def test_a_name_is_filed_under_the_script_of_most_of_its_letters(
    value: str, script: str
) -> None:
    assert Script.of(value) == script
