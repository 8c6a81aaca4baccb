"""The fact sheet as Markdown, HTML and PDF (WeasyPrint renders the HTML)."""

from __future__ import annotations

import base64
import re
from typing import Any

from django.template.loader import render_to_string
from django.utils.html import escape

from stats.charts import chart_bytes
from stats.factsheet import Factsheet, Number
from stats.suppression import Shown

FORMATS = ("md", "html", "pdf", "json")
LINK = re.compile(r'<a [^>]*href="#[^"]*"[^>]*>(.*?)</a>')
VULNERABLE_LABELS = {
    "serious_illness": "seriously ill",
    "disability": "with a disability",
    "mental_disorder": "with a mental disorder",
    "aged_60_plus": "aged 60 or over",
    "any": "any of these (vulnerable)",
}


def number(shown: Shown, limit: int) -> str:
    """A figure as printed: 1,234, or "< 5" / "[c]" when suppressed."""
    if shown.count is None:
        return shown.text(limit)
    return f"{shown.count:,}"


def stamp(sheet: Factsheet) -> str:
    known = sheet.known_on or sheet.made_on
    side = "public figures, small cells suppressed" if sheet.public else "staff figures"
    return (
        f"Source: Rollcall register. As known on {known}; made on {sheet.made_on}; "
        f"{side}."
    )


def change_text(sheet: Factsheet) -> str:
    if sheet.change is None:
        return "not shown"
    return f"{sheet.change:+,}"


def chart_svg(sheet: Factsheet) -> bytes:
    title = f"Political prisoners, {sheet.since} to {sheet.on}"
    return chart_bytes(
        list(sheet.series.points),
        {"political prisoners": sheet.trend},
        title=title,
        stamp=stamp(sheet),
        fmt="svg",
    )


def context(sheet: Factsheet, *, appendix: bool = True) -> dict[str, Any]:
    limit = sheet.threshold
    numbers: list[Number] = [sheet.count, sheet.count_since, sheet.cases]
    numbers += list(sheet.vulnerable.values())
    return {
        "sheet": sheet,
        "on": sheet.on.isoformat(),
        "since": sheet.since.isoformat(),
        "count": number(sheet.count.shown, limit),
        "count_since": number(sheet.count_since.shown, limit),
        "cases": number(sheet.cases.shown, limit),
        "change": change_text(sheet),
        "vulnerable": [
            (key, VULNERABLE_LABELS[key], number(item.shown, limit))
            for key, item in sheet.vulnerable.items()
        ],
        "events": [
            (event, number(sheet.event_persons(event), limit), f"{event.events:,}")
            for event in sheet.events
        ],
        "records": [
            (
                item.key,
                record_title(item.key),
                joined(item.records, "none"),
                len(item.records),
                item.shown.count is None,
            )
            for item in numbers
        ],
        "event_records": [
            (
                event,
                joined(
                    event.records,
                    "none who may be named" if sheet.public else "no person linked",
                ),
            )
            for event in sheet.events
        ],
        "chart": "data:image/svg+xml;base64,"
        + base64.b64encode(chart_svg(sheet)).decode(),
        "stamp": stamp(sheet),
        "appendix": appendix,
    }


def joined(records: tuple[str, ...], empty: str) -> str:
    """A list of records as escaped text (joined here: a template is slow at 30k)."""
    return ", ".join(escape(record) for record in records) or empty


def record_title(key: str) -> str:
    titles = {
        "count": "Persons counted on the day",
        "count_since": "Persons counted on the first day of the period",
        "cases": "Persons whose cases are counted",
    }
    return titles.get(key, f"Persons {VULNERABLE_LABELS.get(key, key)}")


def factsheet_html(sheet: Factsheet) -> str:
    """One HTML page; every number links to the list of records behind it."""
    return render_to_string("stats/factsheet.html", context(sheet))


def factsheet_pdf(sheet: Factsheet) -> bytes:
    """The page printed to PDF by WeasyPrint.

    The lists of records stay in the HTML form: at 100k persons they would
    make the one-page sheet a book.
    """
    from weasyprint import HTML

    page: str = render_to_string("stats/factsheet.html", context(sheet, appendix=False))
    page = LINK.sub(r"\1", page)  # no list to link to in the PDF
    data: bytes = HTML(string=page).write_pdf()
    return data


def factsheet_md(sheet: Factsheet) -> str:
    """The fact sheet as Markdown (the records are left to the HTML form)."""
    limit = sheet.threshold
    lines = [
        f"# Political prisoners on {sheet.on}",
        "",
        f"**{number(sheet.count.shown, limit)}** political prisoners on {sheet.on} "
        f"({change_text(sheet)} since {sheet.since}, when there were "
        f"{number(sheet.count_since.shown, limit)}).",
        "",
        f"Persons and prosecutions: {number(sheet.count.shown, limit)} persons, "
        f"{number(sheet.cases.shown, limit)} cases.",
        "",
        "## Vulnerable",
        "",
    ]
    for key, item in sheet.vulnerable.items():
        lines.append(f"- {VULNERABLE_LABELS[key]}: {number(item.shown, limit)}")
    lines += ["", f"## Deaths in custody since {sheet.since}", ""]
    if sheet.deaths:
        lines += ["| name | died on | facility |", "|---|---|---|"]
        lines += [
            f"| {d.name} | {d.died_on} | {d.facility or ''} |" for d in sheet.deaths
        ]
    else:
        lines.append("None recorded.")
    lines += ["", f"## Events since {sheet.since}", ""]
    if sheet.events:
        lines += ["| event | events | persons |", "|---|---:|---:|"]
        lines += [
            f"| {e.label} | {e.events:,} | {number(sheet.event_persons(e), limit)} |"
            for e in sheet.events
        ]
    else:
        lines.append("None recorded.")
    lines += ["", "## Methodology", "", sheet.methodology, "", f"_{stamp(sheet)}_", ""]
    return "\n".join(lines)
