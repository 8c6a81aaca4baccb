"""HTTP behaviour shared by every page: HEAD is answered wherever GET is."""

from __future__ import annotations

from collections.abc import Callable

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)


class HeadLikeGet:
    """Answer HEAD as GET would, without the body (RFC 9110, section 9.3.2).

    Views and API operations are written for GET; `require_GET` and
    django-ninja would refuse HEAD with 405, and link checkers, caches and
    monitoring ask with HEAD. The response keeps GET's status and headers,
    Content-Length included.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        return without_body(response)


def without_body(response: HttpResponseBase) -> HttpResponseBase:
    """The same response with an empty body and GET's Content-Length."""
    if isinstance(response, StreamingHttpResponse):
        # A file response keeps its Content-Length; its file is still closed
        # with the response.
        response.streaming_content = iter(())
    elif isinstance(response, HttpResponse):
        response["Content-Length"] = str(len(response.content))
        response.content = b""
    return response
