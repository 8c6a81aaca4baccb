"""Text out of what documenters paste or save: plain text, HTML or PDF.

HTML is parsed with selectolax (the Lexbor HTML5 engine): scripts, styles
and other non-text elements are dropped, entities are decoded once by the
parser (HTML has no user-defined entities, so no entity expansion "bomb"
is possible), and block elements become line breaks. PDF text comes from
its text layer with pypdf; a scanned PDF without one is an error, not an
empty result. Anything else must be UTF-8 (or UTF-16 with a byte-order
mark) text, or HTML declaring its character set.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["MAX_BYTES", "DocumentError", "extract_text"]

MAX_BYTES = 20 * 2**20  # 20 MiB: a long report is a few hundred kilobytes
MAX_PDF_PAGES = 2000
# HTML5 tree building slows down with the square of the nesting depth
# (200,000 nested <div>s take minutes); real pages nest a few dozen deep.
MAX_HTML_DEPTH = 3000

_DROPPED = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "head",
)
_BLOCKS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table td th "
    "tr ul title caption".split()
)
_HTML_START = re.compile(
    rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<p\b|<div)", re.I
)
_HTML_TAGS = re.compile(rb"<(?:p|div|span|br|a|b|i|h[1-6]|table|li|script)\b", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_\-]+)", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
# Elements that never nest: void ones, and those whose end tag is implied.
_FLAT = frozenset(
    "area base br col embed hr img input link meta param source track wbr "
    "p li dt dd tr td th option".split()
)


class DocumentError(Exception):
    """A document that cannot be read; the message is one line for the user."""


def extract_text(data: bytes, *, name: str = "input") -> str:
    """The text of a plain-text, HTML or PDF document; DocumentError if none."""
    if not data.strip():
        raise DocumentError(f"{name}: is empty")
    if len(data) > MAX_BYTES:
        raise DocumentError(
            f"{name}: is too large ({len(data) / 2**20:.0f} MiB; "
            f"the limit is {MAX_BYTES // 2**20} MiB)"
        )
    if data.startswith(b"%PDF-"):
        text = _pdf_text(data, name)
    elif _is_html(data):
        html = _decode(data, name, html=True)
        if _depth(html) > MAX_HTML_DEPTH:
            raise DocumentError(
                f"{name}: nests HTML elements more than {MAX_HTML_DEPTH} deep"
            )
        text = _html_text(html)
    else:
        text = _decode(data, name, html=False)
    text = _CONTROL.sub(" ", text)
    if not text.strip():
        raise DocumentError(f"{name}: has no text")
    return text


def _is_html(data: bytes) -> bool:
    head = data[:4096]
    return bool(_HTML_START.search(head)) or len(_HTML_TAGS.findall(head)) >= 2


def _decode(data: bytes, name: str, *, html: bool) -> str:
    """UTF-8 (or UTF-16 with BOM, or an HTML meta charset); else an error."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise DocumentError(f"{name}: is not valid UTF-16 text") from None
    if b"\x00" in data[:8192]:
        raise DocumentError(f"{name}: is a binary file, not text, HTML or PDF")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:4096]) if html else None
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    raise DocumentError(f"{name}: is not UTF-8 text (save it as UTF-8 and try again)")


def _depth(html: str) -> int:
    """How deep the elements of a page nest, counted from its tags alone."""
    if html.count("<") <= MAX_HTML_DEPTH:
        return 0
    depth = deepest = 0
    for tag in _TAG.finditer(html):
        if tag.group(3) or tag.group(2).lower() in _FLAT:
            continue
        if tag.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def _html_text(html: str) -> str:
    """The visible text of an HTML page, one line per block."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    tree.strip_tags(list(_DROPPED))
    root = tree.body or tree.root
    if root is None:
        return ""
    parts: list[str] = []
    for node in root.traverse(include_text=True):
        if node.tag == "-text":
            parts.append(node.text_content or "")
        elif node.tag in _BLOCKS:
            parts.append("\n")
    text = "".join(parts)
    return re.sub(r"[ \t\r\f\v]+\n", "\n", re.sub(r"\n{3,}", "\n\n", text))


def _pdf_text(data: bytes, name: str) -> str:
    """The text layer of every page of a PDF."""
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # pypdf reports damaged files on its logger as well as by exceptions.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentError(f"{name}: is an encrypted PDF")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise DocumentError(f"{name}: has more than {MAX_PDF_PAGES} pages")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        raise DocumentError(f"{name}: is not a readable PDF") from None
    text = "\n\n".join(pages)
    if not text.strip():
        raise DocumentError(f"{name}: is a PDF without a text layer (a scan?)")
    return text
