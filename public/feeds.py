"""The Atom feed of new recognitions, releases and deaths, from the publication.

Items are public persons only, as disclosed (the same rows as the home
page's "latest" lists); anonymous persons are never items.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from public.store import reading
from public.views import published, with_names

PER_KIND = 20
KINDS = (
    ("recognised_on", "recognised"),
    ("released_on", "released"),
    ("died_on", "died"),
)


def first_day(value: str) -> datetime:
    """A partial date (YYYY, YYYY-MM, YYYY-MM-DD) as midnight UTC of its first day."""
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return datetime(parts[0], parts[1], parts[2], tzinfo=UTC)


class LatestFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Rollcall: new recognitions, releases and deaths")

    def subtitle(self) -> str:
        return _("Political prisoners recognised, released or deceased, as published.")

    def link(self) -> str:
        return reverse("home")

    def items(self) -> list[dict[str, Any]]:
        found = []
        with reading() as reader:
            for column, kind in KINDS:
                for row in with_names(reader.latest(column, limit=PER_KIND)):
                    found.append({**row, "kind": kind})
        return sorted(found, key=lambda item: item["day"], reverse=True)

    def item_title(self, item: dict[str, Any]) -> str:
        texts = {
            "recognised": _("Recognised as a political prisoner: %(name)s"),
            "released": _("Released: %(name)s"),
            "died": _("Died: %(name)s"),
        }
        return texts[item["kind"]] % {"name": item["shown"]}

    def item_description(self, item: dict[str, Any]) -> str:
        return str(item["day"])

    def item_link(self, item: dict[str, Any]) -> str:
        return reverse("person_page", args=[item["record_id"]])

    def item_guid(self, item: dict[str, Any]) -> str:
        return f"urn:rollcall:{item['record_id']}:{item['kind']}:{item['day']}"

    def item_guid_is_permalink(self, item: dict[str, Any]) -> bool:
        return False

    def item_pubdate(self, item: dict[str, Any]) -> datetime:
        return first_day(item["day"])

    def item_updateddate(self, item: dict[str, Any]) -> datetime:
        return first_day(item["day"])


@require_GET
@published
def latest_feed(request: HttpRequest) -> HttpResponse:
    return LatestFeed()(request)
