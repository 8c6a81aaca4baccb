"""The public site. For now a list of the persons who may be named, and search."""

from __future__ import annotations

from datetime import date

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ingest.records import PersonRecord
from publish.disclosure import disclose
from registry.matching import PUBLIC, search
from registry.models import Person
from registry.queries import public_people


@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:500]
    if query.strip():
        results = search(query, scope=PUBLIC, limit=20)
        return render(
            request, "public/search.html", {"query": query, "results": results}
        )
    people = public_people(date.today()).only(
        "record_id",
        "display_name",
        "visibility",
        "name_disclosure",
        "region",
        "locality",
        "place_disclosure",
        "died_on",
        "is_synthetic",
    )
    page = Paginator(people, 100).get_page(request.GET.get("page"))
    rows = [listed(person) for person in page]
    return render(request, "public/person_list.html", {"page": page, "rows": rows})


def listed(person: Person) -> dict[str, object]:
    """A row of the public list: only what the disclosure rule returns."""
    shown = disclose(
        PersonRecord(
            record_id=person.record_id,
            name=person.display_name,
            region=person.region,
            locality=person.locality,
            visibility=person.visibility,
            name_disclosure=person.name_disclosure,
            place_disclosure=person.place_disclosure,
        )
    )
    assert shown is not None  # public_people() holds public persons only
    held = getattr(person, "held", False)
    return {
        "name": shown.name,
        "place": ", ".join(part for part in (shown.locality, shown.region) if part),
        "status": "died" if person.died_on else "held" if held else "released",
        "synthetic": person.is_synthetic,
    }
