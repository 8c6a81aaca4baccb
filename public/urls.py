from django.urls import URLPattern, URLResolver, path
from django.views.generic import RedirectView

from public import feeds, pages, views
from public.api import api


def api_patterns() -> list[URLPattern | URLResolver]:
    """The API's routes with the publication's ETag and cache headers."""
    patterns, _, _ = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and pattern.name not in (
            "openapi-json",
            "openapi-view",
        ):
            pattern.callback = views.published(pattern.callback)
    return patterns


# The HTML pages; config/urls.py serves them under a language prefix.
urlpatterns = [
    path("", pages.home, name="home"),
    path("people/", views.person_list, name="person_list"),
    path("persons/<path:record_id>/", views.person_page, name="person_page"),
    path("facilities/", views.facility_list, name="facility_list"),
    path("facilities/<str:facility_id>/", views.facility_page, name="facility_page"),
    path("in-memoriam/", pages.memoriam, name="memoriam"),
    path("write-a-letter/", pages.letters, name="letters"),
    path("events/", pages.events, name="events"),
    path("figures/", pages.figures, name="figures"),
    path("figures/fact-sheet/", pages.factsheet, name="factsheet"),
    path("downloads/", pages.downloads, name="downloads"),
    path("downloads/data-dictionary/", pages.dictionary, name="dictionary"),
    path("downloads/rollcall-public.<str:format>", pages.download, name="download"),
    path("feed/", feeds.latest_feed, name="feed"),
]

# The API, the same in every language: no prefix.
api_urlpatterns = [
    path("api/v1/", (api_patterns(), "api-v1", "api-v1")),
    # The interactive docs of the current version.
    path(
        "api/docs",
        RedirectView.as_view(pattern_name="api-v1:openapi-view"),
        name="api_docs",
    ),
]
