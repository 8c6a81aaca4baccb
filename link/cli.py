"""`rollcall link FILE|-`: the mentions of a text, as lines or as JSON."""

from __future__ import annotations

import json
import sys
from typing import Any, BinaryIO

from link.documents import MAX_BYTES, DocumentError, extract_text

__all__ = ["LinkError", "read_input", "run_link"]


class LinkError(Exception):
    """Bad input to `rollcall link`; the message is one line."""


def read_input(path: str) -> tuple[bytes, str]:
    """The bytes of FILE (or standard input for -), at most MAX_BYTES + 1."""
    if path == "-":
        return _read(sys.stdin.buffer), "standard input"
    try:
        with open(path, "rb") as file:
            return _read(file), path
    except IsADirectoryError:
        raise LinkError(f"{path}: is a directory") from None
    except OSError as error:
        raise LinkError(f"{path}: {error.strerror}") from None


def _read(stream: BinaryIO) -> bytes:
    # One byte past the limit is enough to tell that it is too large.
    return stream.read(MAX_BYTES + 1)


def run_link(path: str, *, as_json: bool, language: str) -> None:
    """Print the mentions and unknown names of a document."""
    from link.register import link_text, result_json

    data, name = read_input(path)
    try:
        text = extract_text(data, name=name)
    except DocumentError as error:
        raise LinkError(str(error)) from None
    result, people = link_text(text, language=language)
    document = result_json(result, people)
    if as_json:
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return
    for mention in document["mentions"]:
        print(_mention_line(mention))
    for unknown in document["unknown_names"]:
        print(f"{unknown['start']:>7}  ?     not in the register   {unknown['text']}")
    print(
        f"{len(document['mentions'])} mentions, "
        f"{len(document['unknown_names'])} unknown names ({document['language']})",
        file=sys.stderr,
    )


def _mention_line(mention: dict[str, Any]) -> str:
    hints = ", ".join(f"{h['value']} ({h['text']})" for h in mention["hints"])
    line = (
        f"{mention['start']:>7}  {mention['score']:.2f}  {mention['record_id']:<20} "
        f"{mention['text']} = {mention['name']}: {mention['reason']}"
    )
    return f"{line} [{hints}]" if hints else line
