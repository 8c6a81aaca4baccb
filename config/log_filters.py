"""Logs keep no query strings: what the public searches for is not logged.

A search term typed into the public site can be a person's name, and a log
line is kept, copied and read by more people than the register is. Every
record from the loggers that write requests (`django.server`'s access lines,
`django.request`'s errors) and every record a configured handler writes loses
the query string of any URL in it, and the values of the request's query
parameters wherever they appear (a traceback's exception message included).
"""

from __future__ import annotations

import logging
import re

from django.http import HttpRequest

# A path or URL followed by a query string: keep the path, drop the query.
QUERY = re.compile(r"""(/[^\s?"'<>]*)\?[^\s"'<>]*""")
REMOVED = "?[removed]"
SHORTEST_VALUE = 2


def without_queries(text: str, values: list[str]) -> str:
    """`text` with URL query strings and the given values taken out."""
    text = QUERY.sub(lambda match: match.group(1) + REMOVED, text)
    for value in values:
        text = text.replace(value, "[removed]")
    return text


def query_values(request: object) -> list[str]:
    """The query string and parameter values of a request, longest first."""
    if not isinstance(request, HttpRequest):
        return []
    values = {request.META.get("QUERY_STRING", "")}
    values.update(v for vs in request.GET.lists() for v in vs[1])
    kept = [v for v in values if len(v.strip()) >= SHORTEST_VALUE]
    return sorted(kept, key=len, reverse=True)


class NoQueryStrings(logging.Filter):
    """Rewrites a record so that no query string or query value remains."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "queries_removed", False):
            return True
        record.queries_removed = True
        values = query_values(getattr(record, "request", None))
        record.msg = without_queries(record.getMessage(), values)
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = without_queries(record.exc_text, values)
        return True


class OneLine(logging.Filter):
    """Drops the traceback of a record: a refused request (a forged Host
    header, a tampered session) is one line saying why, not a stack that
    floods the log every time a scanner probes the site."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True
