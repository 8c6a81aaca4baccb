from __future__ import annotations

import pytest

from link.documents import MAX_BYTES, DocumentError, extract_text


def pdf_with_text(line: str) -> bytes:
    """A one-page PDF whose text layer holds `line` (ASCII, Helvetica)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    return out + b"startxref\n%d\n%%%%EOF\n" % xref


def test_plain_utf8_text_is_read_as_it_is() -> None:
    assert extract_text("Алесь Бяляцкі\n".encode()) == "Алесь Бяляцкі\n"


def test_utf16_with_a_byte_order_mark_is_read() -> None:
    assert extract_text("Алесь".encode("utf-16")) == "Алесь"


def test_html_loses_scripts_styles_and_tags_and_decodes_entities() -> None:
    html = (
        "<html><head><title>x</title><style>p{}</style></head><body>"
        "<script>alert('Ales Bialiatski')</script><p>Суд над <b>Алесем</b> "
        "Бяляцкім &amp; &lt;script&gt;</p><div>next</div></body></html>"
    ).encode()
    text = extract_text(html)
    assert "alert" not in text and "p{}" not in text
    assert "Суд над Алесем Бяляцкім & <script>" in text
    assert "\nnext" in text


def test_html_entity_declarations_expand_nothing() -> None:
    bomb = (
        b'<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        b"<html><body><p>&b;&b;&b; Ales</p></body></html>"
    )
    text = extract_text(bomb)
    assert len(text) < 100 and "Ales" in text


def test_an_html_page_in_a_declared_charset_is_decoded() -> None:
    page = '<html><head><meta charset="windows-1251"></head><body><p>Алесь</p>'
    assert "Алесь" in extract_text(page.encode("cp1251"))


def test_a_long_page_of_paragraphs_is_not_taken_for_deep_nesting() -> None:
    page = b"<html><body>" + b"<p>Ales <b>Bialiatski</b>" * 20_000
    assert extract_text(page).count("Ales Bialiatski") == 20_000


def test_the_text_layer_of_a_pdf_is_read() -> None:
    assert "Ales Bialiatski" in extract_text(pdf_with_text("Ales Bialiatski"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "input: is empty"),
        (b"  \n", "input: is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "input: is a binary file"),
        ("Алесь".encode("cp1251"), "input: is not UTF-8 text"),
        (b"%PDF-1.4\ngarbage", "input: is not a readable PDF"),
        (b"<html><body><script>x</script></body></html>", "input: has no text"),
        (pdf_with_text(""), "input: is a PDF without a text layer"),
        (b"a" * (MAX_BYTES + 1), "input: is too large"),
        (b"<html><body>" + b"<div>" * 200_000, "input: nests HTML elements"),
    ],
)
def test_bad_documents_give_one_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(DocumentError) as error:
        extract_text(data)
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)
