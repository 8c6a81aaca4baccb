"""The demo register: synthetic persons, clearly marked as such."""

from __future__ import annotations

import json
import zlib
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from demo.synthetic import generate
from ingest.files import make_bar
from ingest.json_format import FORMAT, VERSION, parse_json
from ingest.load import load
from registry.dates import PartialDate
from registry.models import Person

DEMO_USER = "admin"
# The demo register is the same wherever and whenever it is loaded, so that
# the figures the README quotes from it can be checked by a test.
DEMO_TODAY = date(2026, 11, 1)
FIRST_SNAPSHOT_YEAR = 2020


def load_demo(*, count: int, progress: bool) -> str:
    """Load the synthetic demo register once; create the demo administrator.

    The register is loaded as it would have grown: as a series of dated
    snapshots, each import recorded as known on its day, so that figures
    "as known on" a past day differ from today's as they would in life.

    All of it or nothing, in one transaction: a load stopped part-way
    would leave a register that says it is loaded, and an administrator
    whose password was never shown.
    """
    with transaction.atomic():
        return _load_demo(count=count, progress=progress)


def _load_demo(*, count: int, progress: bool) -> str:
    loaded = Person.objects.filter(is_synthetic=True).exists()
    real = Person.objects.filter(is_synthetic=False).count()
    if real and not loaded:
        # Synthetic persons beside real ones could be taken for real, and
        # the demo's administrator has no place in a working register. Not
        # an error: `make run` goes on to publish and serve this register.
        return (
            f"the register holds {real} persons who are not synthetic: the demo "
            "is not loaded beside them (it loads into a database of its own: "
            "set ROLLCALL_VAR_DIR or DATABASE_URL to a new one)"
        )
    lines = [ensure_demo_user()]
    if loaded:
        lines.append("the demo register is already loaded")
        return "\n".join(line for line in lines if line)
    register = generate(count, today=DEMO_TODAY, duplicate_rate=0.02)
    days = snapshot_days(DEMO_TODAY)
    bar = make_bar(len(days), "demo") if progress else None
    for day in days:
        persons = [p for p in (as_known_on(p, day) for p in register.persons) if p]
        document = {"format": FORMAT, "version": VERSION, "persons": persons}
        records, problems = parse_json(json.dumps(document).encode(), "demo")
        assert not problems, problems[:5]
        summary = load(
            records,
            actor=None,
            reason=f"demo data (synthetic), as known on {day}",
            synthetic=True,
            recorded_on=day,
        )
        if bar:
            bar.update(1)
    if bar:
        bar.close()
    approve_demo()
    total = summary.created + summary.updated + summary.unchanged
    lines.append(
        f"demo register loaded: {total} synthetic persons, from {len(days)} "
        f"snapshots dated {days[0]} to {days[-1]}"
    )
    return "\n".join(line for line in lines if line)


def approve_demo() -> None:
    """The demo register is taken as reviewed, so that the site shows it all."""
    from review.actions import persons_approve

    synthetic = Person.objects.active().filter(is_synthetic=True)
    person_ids = list(synthetic.order_by("pk").values_list("pk", flat=True))
    persons_approve(
        person_ids=person_ids, actor=None, reason="demo data (synthetic), approved"
    )


def snapshot_days(today: date) -> list[date]:
    """The last day of every year from 2020 on, then `today`."""
    days = [date(year, 12, 31) for year in range(FIRST_SNAPSHOT_YEAR, today.year + 1)]
    return [d for d in days if d < today] + [today]


def as_known_on(person: dict[str, Any], day: date) -> dict[str, Any] | None:
    """The person's record as the documenters would have known it on `day`.

    News of a fact reaches them some weeks after it (a lag fixed per
    person); a fact not yet known is left out, an end not yet known is open.
    On the last day everything is known.
    """
    if day >= DEMO_TODAY:
        return person
    lag = timedelta(days=14 + zlib.crc32(person["record_id"].encode()) % 90)
    cutoff = day - lag

    def known(text: str | None) -> bool:
        return text is None or PartialDate.parse(text).first_day() <= cutoff

    detentions = [
        {**d, "end": None, "release_reason": ""} if not known(d["end"]) else d
        for d in person["detentions"]
        if known(d["start"])
    ]
    recognitions = [
        {**g, "end": None} if not known(g["end"]) else g
        for g in person["recognitions"]
        if known(g["start"])
    ]
    if not any(d["start"] for d in detentions) and not recognitions:
        return None
    died = known(person["died_on"])
    return {
        **person,
        "died_on": person["died_on"] if died else None,
        "died_in_custody": person["died_in_custody"] if died else None,
        "detentions": detentions,
        "recognitions": recognitions,
        "cases": [c for c in person["cases"] if known(c["sentenced_on"])],
        "events": [e for e in person["events"] if known(e["date"])],
    }


def ensure_demo_user() -> str:
    """Create the demo administrator once and print how to sign in that once.

    The office asks for a password and a one-time code: the password, the
    authenticator key and the recovery codes are shown only now.
    """
    from office.accounts import account_create
    from office.cli import enrolment_lines
    from office.roles import ADMINISTRATOR

    if get_user_model().objects.filter(username=DEMO_USER).exists():
        return ""
    _, password, enrolment = account_create(username=DEMO_USER, role=ADMINISTRATOR)
    return "\n".join(
        [
            f"demo administrator created: user {DEMO_USER!r}, password "
            f"{password!r} (shown only now; `rollcall createuser` makes others)",
            *enrolment_lines(enrolment),
            "sign in at /office/ with the password and one recovery code "
            "(or a code from the app)",
        ]
    )
