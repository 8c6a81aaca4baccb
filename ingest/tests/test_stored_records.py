"""A record read back as stored (`stored_person`) is the record a checking
Reader gives, and anything not in the stored shape is left to the Reader."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.json_format import Reader, person_to_json, stored_person
from ingest.records import PersonRecord

pytestmark = pytest.mark.django_db


def checked(document: object) -> PersonRecord:
    reader = Reader("approved")
    record = reader.read_person(document, 3)
    assert record is not None, reader.problems
    return record


@settings(max_examples=20)
@given(seed=st.integers(0, 10_000))
def test_a_stored_record_reads_back_as_the_checking_reader_reads_it(
    seed: int,
) -> None:
    from demo.synthetic import generate

    for person in generate(6, seed=seed).persons:
        document = person_to_json(checked(person))
        fast = stored_person(document, "approved:persons[3]")
        slow = checked(document)
        assert fast == slow
        assert (fast.present, fast.origin) == (slow.present, slow.origin)
        for group in ("names", "detentions", "cases", "events", "source_details"):
            for a, b in zip(getattr(fast, group), getattr(slow, group), strict=True):
                assert a.present == b.present


def test_what_person_to_json_does_not_write_is_left_to_the_reader() -> None:
    from demo.synthetic import generate

    document = person_to_json(checked(generate(1, seed=1).persons[0]))
    assert stored_person(document, "x") is not None
    missing = {k: v for k, v in document.items() if k != "notes"}
    extra = {**document, "colour": "red"}
    bad_fact = {**document, "detentions": [{"kind": "colony"}]}
    not_a_list = {**document, "cases": "none"}
    wrong_type = {**document, "died_in_custody": "maybe"}
    for other in (missing, extra, bad_fact, not_a_list, wrong_type, [], "x"):
        assert stored_person(other, "x") is None
