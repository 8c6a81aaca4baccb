"""The fact sheet as Markdown, HTML and PDF (WeasyPrint renders the HTML).

Every sentence goes through Django's translation (`stats/locale/`: be, ru);
render inside `django.utils.translation.override(language)`.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from django.template.loader import render_to_string
from django.utils.html import escape, format_html
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _

from stats.charts import chart_bytes
from stats.factsheet import Factsheet, Number, death_name, event_label
from stats.flow_reports import FlowLine
from stats.suppression import Shown

FORMATS = ("md", "html", "pdf", "json")
LINK = re.compile(r'<a [^>]*href="#[^"]*"[^>]*>(.*?)</a>')
VULNERABLE_LABELS = {
    "serious_illness": gettext_lazy("seriously ill"),
    "disability": gettext_lazy("with a disability"),
    "mental_disorder": gettext_lazy("with a mental disorder"),
    "aged_60_plus": gettext_lazy("aged 60 or over"),
    "any": gettext_lazy("any of these (vulnerable)"),
}
RECORD_TITLES = {
    "count": gettext_lazy("Persons counted on the day"),
    "count_since": gettext_lazy("Persons counted on the first day of the period"),
    "cases": gettext_lazy("Cases of the persons counted (number of cases each)"),
    "serious_illness": gettext_lazy("Persons seriously ill"),
    "disability": gettext_lazy("Persons with a disability"),
    "mental_disorder": gettext_lazy("Persons with a mental disorder"),
    "aged_60_plus": gettext_lazy("Persons aged 60 or over"),
    "any": gettext_lazy("Persons in any of these groups (vulnerable)"),
}


# "fact sheet" context: the register has the same words as statuses and release
# reasons ("released" = "на волі"), and Django would read locale/'s first.
FLOW_LABELS = {
    "detained": pgettext_lazy("fact sheet", "newly detained"),
    "recognised": pgettext_lazy("fact sheet", "newly recognised"),
    "released": pgettext_lazy("fact sheet", "released"),
    "died": pgettext_lazy("fact sheet", "died in custody"),
}
REASON_LABELS = {
    "served": pgettext_lazy("fact sheet", "sentence served"),
    "pardon": pgettext_lazy("fact sheet", "pardoned"),
    "acquitted": pgettext_lazy("fact sheet", "acquitted"),
    "charges_dropped": pgettext_lazy("fact sheet", "charges dropped"),
    "deported": pgettext_lazy("fact sheet", "deported"),
    "exchanged": pgettext_lazy("fact sheet", "exchanged"),
    "died": pgettext_lazy("fact sheet", "died"),
    "other": pgettext_lazy("fact sheet", "other reason"),
    "unknown": pgettext_lazy("fact sheet", "reason not recorded"),
}


def flow_anchor(line: FlowLine) -> str:
    """The id of the list of records behind a flow (or a reason of release)."""
    if line.reason is None:
        return f"records-flow-{line.flow}"
    return f"records-flow-{line.flow}-{line.reason}"


def flow_label(line: FlowLine) -> str:
    if line.reason is None:
        return str(FLOW_LABELS[line.flow])
    return str(REASON_LABELS.get(line.reason, line.reason))


def number(shown: Shown, limit: int) -> str:
    """A figure as printed: 1,234, or "< 5" / "[c]" when suppressed."""
    if shown.count is None:
        return shown.text(limit)
    return f"{shown.count:,}"


def stamp(sheet: Factsheet) -> str:
    side = (
        _("public figures, small cells suppressed")
        if sheet.public
        else _("staff figures")
    )
    return _(
        "Source: Rollcall register. As known on %(known)s; made on %(made)s; %(side)s."
    ) % {"known": sheet.known_on or sheet.made_on, "made": sheet.made_on, "side": side}


def change_text(sheet: Factsheet) -> str:
    if sheet.change is None:
        return _("not shown")
    return f"{sheet.change:+,}"


def nearest_lines(sheet: Factsheet) -> list[str]:
    """Why a public count is not shown, and the nearest days shown beside it."""
    if not sheet.nearest:
        return []
    lines = [
        _(
            "A count is not shown where it changed so little from another day's, "
            "with a person who cannot be named among those who came or went, "
            "that the difference could single them out."
        )
    ]
    for end, days in sheet.nearest.items():
        day = sheet.on if end == "on" else sheet.since
        shown = ", ".join(f"{nearby} ({count:,})" for nearby, count in days)
        lines.append(
            _("Nearest days shown to %(day)s: %(days)s.") % {"day": day, "days": shown}
        )
    return lines


def chart_svg(sheet: Factsheet) -> bytes:
    title = _("Political prisoners, %(start)s to %(end)s") % {
        "start": sheet.since,
        "end": sheet.on,
    }
    return chart_bytes(
        list(sheet.series.points),
        {_("political prisoners"): sheet.trend},
        title=title,
        stamp=stamp(sheet),
        fmt="svg",
        xlabel=_("date"),
        ylabel=_("persons held"),
    )


def chart_uri(sheet: Factsheet) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(chart_svg(sheet)).decode()


def linked(target: str, text: str, css: str = "") -> str:
    """A number linking to its list of records (safe HTML)."""
    link = format_html('<a href="#{}">{}</a>', target, text)
    return format_html('<span class="{}">{}</span>', css, link) if css else link


def context(
    sheet: Factsheet,
    *,
    appendix: bool = True,
    fit: str = "",
    deaths: int | None = None,
    chart: str = "",
) -> dict[str, Any]:
    """What the template needs; `fit` and `deaths` tighten the printed page
    (a smaller type, at most `deaths` deaths listed)."""
    limit = sheet.threshold
    shown_deaths = sheet.deaths if deaths is None else sheet.deaths[:deaths]
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
        "nearest": " ".join(nearest_lines(sheet)),
        "vulnerable": [
            (key, VULNERABLE_LABELS[key], number(item.shown, limit))
            for key, item in sheet.vulnerable.items()
        ],
        "events": [
            (
                event,
                event_label(event),
                number(sheet.event_persons(event), limit),
                number(sheet.event_count(event), limit),
            )
            for event in sheet.events
        ],
        "flows": [
            (
                flow_anchor(line),
                flow_label(line),
                number(line.shown, limit),
                line.reason,
            )
            for line in sheet.flows
        ],
        "flow_records": [
            (
                flow_anchor(line),
                flow_label(line),
                joined(line.persons, _("none")),
                line.shown.count if line.shown.count is not None else 0,
                line.shown.count is None,
            )
            for line in sheet.flows
        ],
        "count_link": linked("records-count", number(sheet.count.shown, limit), "big"),
        "count_plain_link": linked("records-count", number(sheet.count.shown, limit)),
        "count_since_link": linked(
            "records-count_since", number(sheet.count_since.shown, limit)
        ),
        "cases_link": linked("records-cases", number(sheet.cases.shown, limit)),
        "deaths": [(death, death_name(death)) for death in shown_deaths],
        "deaths_more": len(sheet.deaths) - len(shown_deaths),
        "fit": fit,
        "records": [
            (
                item.key,
                RECORD_TITLES[item.key],
                joined(item.records, _("none")),
                item.size,
                item.shown.count is None,
            )
            for item in numbers
        ],
        "event_records": [
            (
                event,
                event_label(event),
                joined(event.listing, _("none who may be named"), "; "),
                len(event.listing),
                joined(
                    event.records,
                    _("none who may be named") if sheet.public else _("none"),
                ),
                sheet.event_persons(event).count is None,
            )
            for event in sheet.events
        ],
        "chart": chart or chart_uri(sheet),
        "stamp": stamp(sheet),
        "language": get_language(),
        "appendix": appendix,
    }


def joined(records: tuple[str, ...], empty: str, separator: str = ", ") -> str:
    """A list of records as escaped text (joined here: a template is slow at 30k;
    escaped once: ", " needs no escaping, and one call beats 30k)."""
    return escape(separator.join(records)) if records else empty


def factsheet_html(sheet: Factsheet) -> str:
    """One HTML page; every number links to the list of records behind it."""
    return render_to_string("stats/factsheet.html", context(sheet))


# Ever tighter pages until the sheet fits one A4 page: the type, then the
# deaths listed (the HTML form lists them all). Each is tighter than the one
# before it, so the loosest that fits is found by halving.
FITS: tuple[tuple[str, int | None], ...] = (
    ("", None),
    ("tight", None),
    ("tighter", None),
    ("tighter", 12),
    ("tighter", 6),
    ("tighter", 0),
)
# More deaths than this never fit one page beside the rest of the sheet: the
# layouts listing them all are not tried (each costs a second at 100k).
DEATHS_ON_A_PAGE = 24


def factsheet_pdf(sheet: Factsheet) -> bytes:
    """The page printed to PDF by WeasyPrint, on one A4 page.

    The lists of records stay in the HTML form: at 100k persons they would
    make the one-page sheet a book. A page too long for A4 (a longer
    language, many deaths) is laid out again tighter.
    """
    from weasyprint import HTML
    from weasyprint.document import Document

    chart = chart_uri(sheet)
    fits = [
        (fit, deaths)
        for fit, deaths in FITS
        if deaths is not None or len(sheet.deaths) <= DEATHS_ON_A_PAGE
    ]
    made: dict[int, Document] = {}

    def laid_out(index: int) -> Document:
        if index not in made:
            fit, deaths = fits[index]
            page: str = render_to_string(
                "stats/factsheet.html",
                context(sheet, appendix=False, fit=fit, deaths=deaths, chart=chart),
            )
            page = LINK.sub(r"\1", page)  # no list to link to in the PDF
            made[index] = HTML(string=page).render()
        return made[index]

    # The loosest layout usually fits; otherwise halve the tighter ones (the
    # tightest is kept even when nothing fits).
    found = 0
    if len(laid_out(0).pages) > 1:
        found, low, high = len(fits) - 1, 1, len(fits) - 1
        while low <= high:
            middle = (low + high) // 2
            if len(laid_out(middle).pages) == 1:
                found, high = middle, middle - 1
            else:
                low = middle + 1
    data: bytes = laid_out(found).write_pdf()
    return data


def factsheet_md(sheet: Factsheet) -> str:
    """The fact sheet as Markdown (the records are left to the HTML form)."""
    limit = sheet.threshold
    count = number(sheet.count.shown, limit)
    lines = [
        "# " + _("Political prisoners on %(on)s") % {"on": sheet.on},
        "",
        _(
            "%(count)s political prisoners on %(on)s: %(change)s since %(since)s, "
            "when there were %(count_since)s."
        )
        % {
            "count": f"**{count}**",
            "on": sheet.on,
            "change": change_text(sheet),
            "since": sheet.since,
            "count_since": number(sheet.count_since.shown, limit),
        },
        "",
        *(f"{line}\n" for line in nearest_lines(sheet)),
        _("Persons and prosecutions: %(count)s persons, %(cases)s cases.")
        % {"count": count, "cases": number(sheet.cases.shown, limit)},
        "",
        "## " + _("Vulnerable"),
        "",
    ]
    for key, item in sheet.vulnerable.items():
        lines.append(f"- {VULNERABLE_LABELS[key]}: {number(item.shown, limit)}")
    lines += ["", "## " + _("Since %(since)s") % {"since": sheet.since}, ""]
    for line in sheet.flows:
        indent = "  " if line.reason is not None else ""
        lines.append(f"{indent}- {flow_label(line)}: {number(line.shown, limit)}")
    lines += [
        "",
        "## " + _("Deaths in custody since %(since)s") % {"since": sheet.since},
    ]
    lines.append("")
    if sheet.deaths:
        lines += [
            f"| {_('name')} | {_('died on')} | {_('facility')} |",
            "|---|---|---|",
        ]
        lines += [
            f"| {death_name(d)} | {d.died_on} | {d.facility or ''} |"
            for d in sheet.deaths
        ]
    else:
        lines.append(_("None recorded."))
    lines += ["", "## " + _("Events since %(since)s") % {"since": sheet.since}, ""]
    if sheet.events:
        lines += [
            f"| {_('event')} | {_('events')} | {_('persons')} |",
            "|---|---:|---:|",
        ]
        lines += [
            f"| {event_label(e)} | {number(sheet.event_count(e), limit)} "
            f"| {number(sheet.event_persons(e), limit)} |"
            for e in sheet.events
        ]
    else:
        lines.append(_("None recorded."))
    lines += ["", "## " + _("Methodology"), "", sheet.methodology, ""]
    lines += [f"_{stamp(sheet)}_", ""]
    return "\n".join(lines)
