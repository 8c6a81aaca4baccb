"""schemathesis against the API's own OpenAPI schema.

Requests generated from the schema (valid and invalid parameters alike),
sent to the WSGI application over a small publication that holds hidden
persons: no answer is a server error, every answer conforms to the schema
(status codes, content types, bodies), and no answer carries a marker of a
restricted or anonymous person. The examples per operation are bounded so
that the whole file takes well under a minute.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import Case
from schemathesis.core.transport import Response
from schemathesis.specs.openapi.checks import positive_data_acceptance

from config.wsgi import application
from registry.tests.builders import import_rows, make_row

pytestmark = pytest.mark.django_db
EXAMPLES = 15
# Markers written into every field of the hidden persons.
MARKERS = ("Zzanonmarker", "Zzrestrmarker")

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


def hidden_row(record_id: str, marker: str, visibility: str) -> dict[str, str]:
    return make_row(
        record_id=record_id,
        name=f"Hanna {marker}",
        name_be=f"Ганна {marker}",
        name_ru=f"Анна {marker}",
        locality=f"{marker}town",
        facility=f"Colony {marker}",
        sources=f"https://example.org/{marker}",
        visibility=visibility,
    )


@pytest.fixture
def register(tmp_path: Path, publish_now: Any) -> None:
    import_rows(
        tmp_path / "people.csv",
        [
            make_row(record_id="pub-1"),
            make_row(record_id="pub-2", name="Ales Bialiatski", sex="m"),
            hidden_row("anon-zz", MARKERS[0], "anonymous"),
            hidden_row("restr-zz", MARKERS[1], "restricted"),
        ],
    )
    publish_now()


@schemathesis.check
def no_hidden_marker(ctx: Any, response: Response, case: Case) -> bool:
    text = response.content.decode("utf-8", "replace")
    for marker in (*MARKERS, "anon-zz", "restr-zz"):
        if marker.lower() in text.lower():
            raise AssertionError(f"{marker} in the answer to {case.path}")
    return True


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_to_its_schema(case: Case, register: None) -> None:
    # `count?on=` takes any date and answers 400 for a day other than the
    # publication's (documented): a valid date is not always accepted.
    excluded = [positive_data_acceptance] if case.path.endswith("/count") else []
    case.call_and_validate(
        additional_checks=[no_hidden_marker], excluded_checks=excluded
    )
