"""Per-client rate limiting of the public API (django-ninja's throttling).

A client is its address: `REMOTE_ADDR`, or behind ROLLCALL_TRUSTED_PROXIES
reverse proxies the address the nearest of them put into X-Forwarded-For
(ninja's NUM_PROXIES; a client can write anything into that header, so it is
read only as far as trusted proxies wrote it). The limit is
ROLLCALL_API_RATE ("300/m": 300 requests a minute; empty: no limit), read at
each request. The counts are kept in the `throttle` cache (files under
var/throttle/, shared by the server's workers), named by a hash of the
address and gone when the period ends.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import Throttled
from ninja.throttling import AnonRateThrottle


class ClientRateThrottle(AnonRateThrottle):
    """ninja's per-address throttle, with the rate taken from the settings."""

    scope = "api"

    def __init__(self) -> None:
        super().__init__(rate="1/s")
        self.cache = caches["throttle"]

    def allow_request(self, request: HttpRequest) -> bool:
        rate = settings.ROLLCALL_API_RATE
        if not rate:
            return True
        if rate != self.rate:
            self.rate = rate
            self.num_requests, self.duration = self.parse_rate(rate)
        self.cache = caches["throttle"]
        return super().allow_request(request)

    def wait(self) -> float | None:
        # ninja's wait() spreads the remaining requests over the period; a
        # client over the limit waits until its oldest request leaves it.
        if not self.history or self.duration is None:
            return float(self.duration or 1)
        oldest: float = self.history[-1]
        return max(1.0, self.duration - (self.now - oldest))


def too_many_requests(
    request: HttpRequest, error: Throttled, api: NinjaAPI
) -> HttpResponse:
    """429 with a JSON body saying when to try again (and Retry-After)."""
    seconds = max(1, math.ceil(error.wait or 1))
    response = api.create_response(
        request,
        {
            "detail": f"too many requests: try again in {seconds} s",
            "retry_after": seconds,
            "limit": settings.ROLLCALL_API_RATE,
        },
        status=429,
    )
    response["Retry-After"] = str(seconds)
    # Never kept by a cache: the answer is this client's, not the URL's.
    response["Cache-Control"] = "no-store"
    return response
