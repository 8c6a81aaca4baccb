"""Property tests: nothing raises, scores are bounded and symmetric."""

from hypothesis import given, settings
from hypothesis import strategies as st

from names import (
    SCHEMES,
    blocking_keys,
    explain,
    given_name_group,
    normalize,
    parse_name,
    score,
    skeleton,
    to_cyrillic,
    transliterate,
    variants,
)

NAME_ALPHABET = st.sampled_from(
    list("абвгдеёжзійклмнопрстуўфхцчшщъыьэюяґєїАБВЯЎІ'’ʼ-. ")
    + list("abcdehijklmnoprstuvwyzłńśźćčšžŭ")
    + ["🙂", "ا", "中", "\u200f", "\u0301", " "]
)
NAMES = st.one_of(st.text(max_size=40), st.text(NAME_ALPHABET, max_size=40))


@settings(max_examples=300, deadline=None)
@given(NAMES)
def test_text_functions_never_raise(s: str) -> None:
    assert isinstance(normalize(s), str)
    assert isinstance(skeleton(s), str)
    assert isinstance(to_cyrillic(s), list)
    assert isinstance(variants(s), set)
    assert isinstance(blocking_keys(s), set)
    parse_name(s)
    given_name_group(s)
    for scheme in SCHEMES:
        assert isinstance(transliterate(s, scheme), str)


@settings(max_examples=300, deadline=None)
@given(NAMES, NAMES)
def test_score_is_bounded_and_symmetric(a: str, b: str) -> None:
    value = score(a, b)
    assert 0.0 <= value <= 1.0
    assert value == score(b, a)
    assert explain(a, b).score == value


@settings(max_examples=100, deadline=None)
@given(st.text(NAME_ALPHABET, min_size=1, max_size=40))
def test_normalize_is_idempotent(s: str) -> None:
    assert normalize(normalize(s)) == normalize(s)


def test_ten_thousand_characters() -> None:
    long = "Ціханоўскі-" * 1000
    assert score(long, long) <= 1.0
    assert normalize(long)
    assert transliterate(long, "be_passport")
