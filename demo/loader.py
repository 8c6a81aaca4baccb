"""The demo register: synthetic persons, clearly marked as such."""

from __future__ import annotations

import json
import secrets
from datetime import date

from django.contrib.auth import get_user_model

from demo.synthetic import generate
from ingest.files import make_bar
from ingest.json_format import FORMAT, VERSION, parse_json
from ingest.load import load
from registry.models import Person

DEMO_USER = "admin"


def load_demo(*, count: int, progress: bool) -> str:
    """Load the synthetic demo register once; create the demo administrator."""
    lines = [ensure_demo_user()]
    if Person.objects.filter(is_synthetic=True).exists():
        lines.append("the demo register is already loaded")
        return "\n".join(line for line in lines if line)
    register = generate(count, today=date.today(), duplicate_rate=0.02)
    document = {"format": FORMAT, "version": VERSION, "persons": register.persons}
    records, problems = parse_json(json.dumps(document).encode(), "demo")
    assert not problems, problems[:5]
    bar = make_bar(len(records), "demo") if progress else None
    summary = load(
        records,
        actor=None,
        reason="demo data (synthetic)",
        synthetic=True,
        progress=(lambda done: bar.update(done - bar.n)) if bar else None,
    )
    if bar:
        bar.close()
    lines.append(f"demo register loaded (synthetic persons): {summary}")
    return "\n".join(line for line in lines if line)


def ensure_demo_user() -> str:
    """Create the demo administrator once and print its password that once."""
    users = get_user_model().objects
    if users.filter(username=DEMO_USER).exists():
        return ""
    password = secrets.token_urlsafe(12)
    users.create_superuser(DEMO_USER, password=password)
    return (
        f"demo administrator created: user {DEMO_USER!r}, password {password!r} "
        "(shown only now; `rollcall createsuperuser` makes another)"
    )
