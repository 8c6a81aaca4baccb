"""Two records side by side: the facts a documenter weighs before a merge.

`compare(a, b)` gives one row per kind of fact (names in every spelling,
sex, birth, death, place, visibility, detentions, cases, recognitions,
sources), each side a list of short texts; a text found on one side only is
marked, and a row whose sides differ is marked as a whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry import models as m


@dataclass(frozen=True)
class Item:
    text: str
    only_here: bool  # not on the other side


@dataclass(frozen=True)
class Row:
    label: str
    a: list[Item]
    b: list[Item]

    @property
    def differs(self) -> bool:
        return any(item.only_here for item in (*self.a, *self.b))


LABELS = {
    "names": gettext_lazy("Names (every spelling)"),
    "sex": gettext_lazy("Sex"),
    "birth": gettext_lazy("Born"),
    "died": gettext_lazy("Died"),
    "place": gettext_lazy("Region, locality"),
    "visibility": gettext_lazy("Visibility"),
    "detentions": gettext_lazy("Detentions"),
    "cases": gettext_lazy("Cases"),
    "recognitions": gettext_lazy("Recognitions"),
    "sources": gettext_lazy("Sources"),
}


def _interval(start: str, end: str) -> str:
    return f"{start or '?'} – {end or _('now')}"


def facts_of(person: m.Person) -> dict[str, list[str]]:
    """A person's facts as short texts, by kind (the keys of LABELS)."""
    names = [person.display_name] if person.display_name else []
    for variant in person.names.order_by("kind", "value"):
        detail = ", ".join(x for x in (variant.get_kind_display(), variant.script) if x)
        names.append(f"{variant.value} ({detail})" if detail else variant.value)
    detentions = [
        ", ".join(
            x
            for x in (
                d.get_kind_display(),
                _interval(d.start_date, d.end_date),
                str(d.facility or ""),
            )
            if x
        )
        for d in person.detentions.select_related("facility").order_by("start_on")
    ]
    cases = []
    for case in person.cases.prefetch_related("charges__article").order_by("pk"):
        charges = ", ".join(str(charge) for charge in case.charges.all())
        parts = (case.sentence, charges, case.sentenced_date)
        cases.append("; ".join(x for x in parts if x) or _("case without details"))
    recognitions = [
        ", ".join(
            x
            for x in (
                str(r.organisation or _("unknown organisation")),
                _interval(r.start_date, r.end_date),
            )
            if x
        )
        for r in person.recognitions.select_related("organisation").order_by("start_on")
    ]
    person_type = ContentType.objects.get_for_model(m.Person)
    citations = m.Citation.objects.filter(
        content_type=person_type, object_id=person.pk
    ).select_related("source")
    sources = sorted({str(citation.source) for citation in citations})
    place = ", ".join(x for x in (person.region, person.locality) if x)
    return {
        "names": names,
        "sex": [person.get_sex_display()] if person.sex else [],
        "birth": [person.birth_date] if person.birth_on else [],
        "died": [person.died_date] if person.died_on else [],
        "place": [place] if place else [],
        "visibility": [person.get_visibility_display()],
        "detentions": detentions,
        "cases": cases,
        "recognitions": recognitions,
        "sources": sources,
    }


def _name_key(text: str) -> str:
    """Names compare without their kind and case: "Ales (latin)" ~ "ales"."""
    return text.split(" (")[0].casefold()


def compare(a: m.Person, b: m.Person) -> list[Row]:
    """One row per kind of fact, texts found on one side only marked."""
    facts_a, facts_b = facts_of(a), facts_of(b)
    rows = []
    for kind, label in LABELS.items():
        _key = _name_key if kind == "names" else str.casefold
        keys_a = {_key(text) for text in facts_a[kind]}
        keys_b = {_key(text) for text in facts_b[kind]}
        rows.append(
            Row(
                label=str(label),
                a=[Item(t, _key(t) not in keys_b) for t in facts_a[kind]],
                b=[Item(t, _key(t) not in keys_a) for t in facts_b[kind]],
            )
        )
    return rows
