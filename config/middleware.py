"""HTTP behaviour shared by every page: HEAD is answered wherever GET is, and
a 304 keeps the policy of the page it revalidates."""

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


class NotModifiedKeepsPolicy:
    """A 304 carries no Content-Security-Policy.

    A cache that revalidates a page keeps its body and takes the headers of
    the 304 (RFC 9111, section 4.3.4). The body's inline styles carry the
    nonce of the policy sent with it; a 304 sent with a fresh policy (a new
    nonce, or none) would make the browser block them. Without the header
    the stored policy, the one that matches the stored body, stays.
    Placed before django-csp's middleware, so that it sees the response last.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.status_code == 304:
            for header in (
                "Content-Security-Policy",
                "Content-Security-Policy-Report-Only",
            ):
                if header in response:
                    del response[header]
        return response
