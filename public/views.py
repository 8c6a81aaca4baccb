"""The public site. For now a list of the persons who may be named, and search."""

from __future__ import annotations

from datetime import date

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from registry.matching import PUBLIC, search
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
        "display_name",
        "name_disclosure",
        "region",
        "locality",
        "place_disclosure",
        "died_on",
        "is_synthetic",
    )
    page = Paginator(people, 100).get_page(request.GET.get("page"))
    return render(request, "public/person_list.html", {"page": page})
