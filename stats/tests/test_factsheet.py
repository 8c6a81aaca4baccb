from __future__ import annotations

import gc
import json
import re
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from PIL import Image

from registry.models import Person
from stats import factsheet as factsheet_module
from stats.factsheet import factsheet, factsheet_json
from stats.flows import CANNOT_BE_NAMED
from stats.sheets import factsheet_html, factsheet_md, factsheet_pdf
from stats.tests.registers import (
    approve_all,
    case,
    event,
    health,
    person,
    prisoner,
    recognition,
)

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "factsheet.schema.json").read_text()
)
ON, SINCE = date(2024, 5, 21), date(2021, 5, 21)


@pytest.fixture
def register() -> None:
    for i in range(8):
        held = prisoner(f"p{i}", "2020-09-01", name=f"Named Person{i}", born="1962")
        for _ in range(i % 3):
            case(held, "BY-CC 342")
    health(prisoner("ill", "2022-01-01", name="Ill Person"), "serious_illness")
    prisoner("gone", "2020-01-01", "2022-01-01")
    prisoner("anon", "2022-03-01", name="Hidden Person", visibility="anonymous")
    prisoner(
        "dead",
        "2021-01-01",
        name="Ales Pushkin",
        died="2023-07-11",
        in_custody=True,
        place="Colony 17",
    )
    prisoner(
        "secret",
        "2021-01-01",
        name="Secret Person",
        died="2024-05-21",
        in_custody=True,
        visibility="restricted",
    )
    event("search", "2022-02-01", person("searched"))
    approve_all()


def sheet(public: bool = False) -> object:
    return factsheet(on=ON, since=SINCE, known_on=None, moment=None, public=public)


def test_a_sheet_is_built_with_the_cyclic_collector_paused(
    register: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its lists of records hold no cycles; the collector's scans of them
    cost a tenth of an HTML fact sheet's time at 100k (make bench)."""
    collecting: list[bool] = []
    for name in ("held_people", "events", "flows"):
        read = getattr(factsheet_module, name)

        def watched(*args: Any, read: Any = read, **kwargs: Any) -> Any:
            collecting.append(gc.isenabled())
            return read(*args, **kwargs)

        monkeypatch.setattr(factsheet_module, name, watched)
    sheet()
    assert collecting == [False] * 4
    assert gc.isenabled()


def test_the_json_form_validates_against_its_schema(register: None) -> None:
    for public in (False, True):
        shown = factsheet_json(sheet(public))  # type: ignore[arg-type]
        jsonschema.validate(shown, SCHEMA)
    staff = factsheet_json(sheet())  # type: ignore[arg-type]
    assert (staff["count"], staff["count_since"], staff["change"]) == (11, 11, 0)
    assert staff["vulnerable"]["serious_illness"] == 1
    assert staff["vulnerable"]["aged_60_plus"] == 8
    assert [d["name"] for d in staff["deaths_in_custody"]] == [
        "Ales Pushkin",
        CANNOT_BE_NAMED,
    ]
    assert staff["events"] == {"search": {"label": "search", "events": 1, "persons": 1}}


def test_the_public_form_hides_who_cannot_be_named(register: None) -> None:
    public = factsheet_json(sheet(True))  # type: ignore[arg-type]
    secret = public["deaths_in_custody"][1]
    assert secret == {
        "record_id": None,
        "name": CANNOT_BE_NAMED,
        "died_on": "2024-05-21",
        "facility": None,
    }
    html = factsheet_html(sheet(True))  # type: ignore[arg-type]
    for hidden in ("Hidden Person", "Secret Person", "anon", "secret"):
        assert hidden not in html
    # One person searched, public: nothing to hide. With an anonymous one
    # among few, the counts would single them out: "< 5" (the events too:
    # one event shown beside its hidden persons would say they are one).
    assert public["events"]["search"] == {"label": "search", "events": 1, "persons": 1}
    anon = Person.objects.get(record_id="anon")
    event("search", "2022-02-02", anon)

    def searches(listing: bool) -> tuple[Any, str]:
        made = factsheet(
            on=ON, since=SINCE, known_on=None, moment=None, public=True, listing=listing
        )
        text = factsheet_md(made)
        line = next(row for row in text.splitlines() if row.startswith("| search"))
        return factsheet_json(made)["events"]["search"], line

    for listing in (False, True):
        assert searches(listing) == (
            {"label": "search", "events": None, "persons": None},
            "| search | < 5 | < 5 |",
        )
    # Six events of two persons: the events are many, the persons few.
    searched = Person.objects.get(record_id="searched")
    for day in ("2022-01-01", "2022-01-02", "2022-01-03", "2022-01-04"):
        event("search", day, searched)
    for listing in (False, True):
        assert searches(listing) == (
            {"label": "search", "events": 6, "persons": None},
            "| search | 6 | < 5 |",
        )


def test_every_number_in_the_html_links_to_its_records(register: None) -> None:
    made = sheet()
    html = factsheet_html(made)  # type: ignore[arg-type]
    anchors = set(re.findall(r'id="([^"]+)"', html))
    links = re.findall(r'<a[^>]*href="#([^"]+)"[^>]*>([^<]+)</a>', html)
    assert links
    cases = re.search(r'persons, <a href="#records-cases">([^<]+)</a> cases', html)
    assert cases is not None and cases.group(1) == "7"
    each = re.search(r'id="records-cases"><h3>[^<]*</h3>\s*<p>([^<]*)</p>', html)
    assert each is not None  # the persons with cases, and how many each
    assert sum(int(n) for n in re.findall(r"\((\d+)\)", each.group(1))) == 7
    for target, text in links:
        assert target in anchors, target
        if target.startswith("records-"):
            listed = re.search(rf'id="{target}"><h3>[^<]*\((\d+)\)', html)
            assert listed is not None and listed.group(1) == text.replace(",", "")


def test_the_public_methodology_names_no_organisation_only_hidden_persons_have(
    register: None,
) -> None:
    hidden = prisoner("h", "2021-01-01", visibility="restricted")
    recognition(hidden, "2021-01-01", by="Zqorg")
    assert "Zqorg" not in sheet(True).methodology  # type: ignore[attr-defined]
    assert "(Viasna)" in sheet(True).methodology  # type: ignore[attr-defined]
    assert "(Viasna, Zqorg)" in sheet().methodology  # type: ignore[attr-defined]


def test_a_public_sheet_names_no_event_type_only_hidden_persons_have(
    register: None,
) -> None:
    hidden = prisoner("h", "2021-01-01", visibility="restricted")
    event("zqhunger", "2022-05-01", hidden)
    event("ill_treatment", "2022-05-02", hidden)
    # A type a public person has is named, its hidden persons' events counted.
    event("search", "2022-05-03", hidden)
    staff = factsheet_json(sheet())  # type: ignore[arg-type]
    assert set(staff["events"]) == {"search", "zqhunger", "ill_treatment"}
    public = sheet(True)
    assert set(factsheet_json(public)["events"]) == {"search"}  # type: ignore[arg-type]
    assert factsheet_json(public)["events"]["search"]["events"] is None  # type: ignore[arg-type]
    for text in (factsheet_md(public), factsheet_html(public)):  # type: ignore[arg-type]
        assert "zqhunger" not in text and "ill-treatment" not in text
    assert "An event type is listed only where" in public.methodology  # type: ignore[attr-defined]


def test_markdown_names_the_figures(register: None) -> None:
    text = factsheet_md(sheet())  # type: ignore[arg-type]
    assert "**11** political prisoners on 2024-05-21" in text
    assert "| Ales Pushkin | 2023-07-11 | Colony 17 |" in text


def test_the_pdf_renders_and_carries_its_text(register: None, tmp_path: Path) -> None:
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(factsheet_pdf(sheet(True)))  # type: ignore[arg-type]
    assert pdf.read_bytes().startswith(b"%PDF-")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "40",
            "-f",
            "1",
            "-l",
            "1",
            str(pdf),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    histogram = image.histogram()
    dark = sum(histogram[:128])
    assert dark > 0.005 * image.width * image.height  # text and a chart, not blank
    text = subprocess.run(
        ["pdftotext", "-l", "1", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "Political prisoners on 2024-05-21" in text
    assert "Ales Pushkin" in text
    assert CANNOT_BE_NAMED in text


def test_many_deaths_still_fit_one_page_the_rest_left_to_the_html(
    tmp_path: Path,
) -> None:
    for i in range(40):
        day = f"2022-{1 + i % 12:02d}-{1 + i // 12:02d}"
        prisoner(
            f"d{i}", "2021-01-01", name=f"Dead Person{i}", died=day, in_custody=True
        )
    approve_all()
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(factsheet_pdf(sheet(True)))  # type: ignore[arg-type]
    info = subprocess.run(
        ["pdfinfo", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    listed = len(re.findall(r"Dead Person\d+", text))
    assert 0 <= listed <= 12
    assert f"More deaths listed in the HTML form: {40 - listed}." in " ".join(
        text.split()
    )


def test_event_counts_link_to_events_and_persons_to_persons(register: None) -> None:
    from registry import models as m

    searched = m.Person.objects.get(record_id="searched")
    anon, initials = (
        m.Person.objects.get(record_id="anon"),
        person("ini", name="Ina Ko"),
    )
    initials.name_disclosure = m.NameDisclosure.INITIALS
    initials.save()
    event("search", "2022-03-01", searched, person("other", name="Other Person"), anon)
    event("search", "2022-04-01", anon)
    event("search", "2022-05-01", initials)
    approve_all()
    html = factsheet_html(sheet())  # type: ignore[arg-type]
    assert '<a href="#records-events-search">4</a>' in html
    assert '<a href="#records-event-persons-search">4</a>' in html
    events = re.search(r'id="records-events-search"><h3>[^<]*</h3><p>([^<]*)</p>', html)
    assert events is not None
    lines = events.group(1).split("; ")
    assert lines[0].startswith("2022-02-01 #") and lines[0].endswith(": searched")
    people = re.search(
        r'id="records-event-persons-search"><h3>[^<]*</h3><p>([^<]*)<', html
    )
    assert people is not None and people.group(1) == "anon, ini, other, searched"
    assert lines[2].endswith(": anon") and len(lines) == 4
    public = factsheet_html(sheet(True))  # type: ignore[arg-type]
    # In public, events are listed by day and the names the public may see.
    listed = re.search(
        r'id="records-events-search"><h3>[^<]*</h3><p>([^<]*)</p>', public
    )
    assert listed is not None
    # An event of only persons who cannot be named is counted, not listed.
    assert listed.group(1) == (
        "2022-02-01: Person searched; 2022-03-01: Other Person, Person searched; "
        "2022-05-01: I. K."
    )
    assert "Hidden Person" not in public


def test_the_flows_are_on_every_form(register: None) -> None:
    made = sheet()
    flows = {
        (f["flow"], f["reason"]): f["count"] for f in factsheet_json(made)["flows"]
    }  # type: ignore[arg-type]
    assert flows[("died", None)] == 2
    assert flows[("released", None)] == 1  # "gone", released 2022-01-01
    html = factsheet_html(made)  # type: ignore[arg-type]
    died = re.search(
        r'id="records-flow-died"><h3>[^<]*\((\d+)\)</h3>\s*<p>([^<]*)</p>', html
    )
    assert died is not None and died.group(1) == "2" and died.group(2) == "dead, secret"
    assert "newly detained" in factsheet_md(made)  # type: ignore[arg-type]
    public = factsheet_json(sheet(True))  # type: ignore[arg-type]
    shown = {(f["flow"], f["reason"]): f["shown"] for f in public["flows"]}
    # Two deaths, one of a restricted person: both are listed, so counted.
    assert shown[("died", None)] == "2" == str(len(public["deaths_in_custody"]))
    names = sorted(death["name"] for death in public["deaths_in_custody"])
    assert names == sorted([CANNOT_BE_NAMED, "Ales Pushkin"])


def test_a_hidden_count_gives_the_nearest_days_shown_instead() -> None:
    """An anonymous arrival on a quiet register hides the days before it:
    the public sheet says why and gives the nearest day a public daily
    series shows, which a press officer can quote instead."""
    for i in range(8):
        prisoner(f"p{i}", "2020-01-01", name=f"Named Person{i}")
    prisoner("anon", "2021-01-05", visibility="anonymous")
    on, since = date(2021, 1, 3), date(2020, 6, 1)
    made = factsheet(on=on, since=since, known_on=None, moment=None, public=True)
    assert made.count.shown.count is None
    # Every day back to the first arrivals is hidden: only the day after
    # the anonymous arrival is near enough; nothing near the first day.
    assert made.nearest == {"on": [(date(2021, 1, 5), 9)]}
    shown = factsheet_json(made)
    jsonschema.validate(shown, SCHEMA)
    assert shown["nearest_shown"] == {"on": [{"day": "2021-01-05", "count": 9}]}
    line = "Nearest days shown to 2021-01-03: 2021-01-05 (9)."
    assert line in factsheet_md(made)
    assert line in factsheet_html(made)
    staff = factsheet(on=on, since=since, known_on=None, moment=None, public=False)
    assert staff.nearest == {} and staff.count.shown.count == 8
    assert "Nearest days" not in factsheet_md(staff)
