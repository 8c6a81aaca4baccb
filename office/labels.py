"""The office's words for the register's apps, models and fields, translated.

The office shows the names Django derives from the models ("name variant",
"display name"). Giving each model and field a `verbose_name=_()` would
write a migration for every one of them, so the office puts the
translatable names on them when it starts (OfficeConfig.ready) instead;
the names stay what they were in English, migrations see no change, and
`makemessages` finds every word here. A field not listed keeps its
English name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

APPS: dict[str, StrPromise] = {
    "registry": _("Register"),
    "link": _("Mention linking"),
    "audit": _("Audit log"),
    "office": _("Back office"),
}

# (app, model): (singular, plural)
MODELS: dict[tuple[str, str], tuple[StrPromise, StrPromise]] = {
    ("registry", "person"): (_("person"), _("persons")),
    ("registry", "namevariant"): (_("name variant"), _("name variants")),
    ("registry", "healthnote"): (_("health note"), _("health notes")),
    ("registry", "article"): (_("article"), _("articles")),
    ("registry", "case"): (_("case"), _("cases")),
    ("registry", "charge"): (_("charge"), _("charges")),
    ("registry", "facility"): (_("facility"), _("facilities")),
    ("registry", "organisation"): (_("organisation"), _("organisations")),
    ("registry", "detention"): (_("detention"), _("detentions")),
    ("registry", "recognition"): (_("recognition"), _("recognitions")),
    ("registry", "eventtype"): (_("event type"), _("event types")),
    ("registry", "event"): (_("event"), _("events")),
    ("registry", "eventperson"): (_("person in an event"), _("persons in events")),
    ("registry", "merge"): (_("merge"), _("merges")),
    ("registry", "notduplicate"): (
        _("pair of different people"),
        _("pairs of different people"),
    ),
    ("registry", "source"): (_("source"), _("sources")),
    ("registry", "citation"): (_("citation"), _("citations")),
    ("link", "storedcopy"): (_("stored copy"), _("stored copies")),
    ("audit", "auditentry"): (_("audit entry"), _("audit log")),
    ("audit", "audithead"): (
        _("head of the audit chain"),
        _("heads of the audit chain"),
    ),
}

# A field's derived name ("display name") -> its translatable form.
FIELDS: dict[str, StrPromise] = {
    "action": _("action"),
    "actor": _("actor"),
    "added": pgettext_lazy("field", "added"),
    "article": _("article"),
    "at": _("at"),
    "birth on": _("born on"),
    "birth precision": _("birth date precision"),
    "case": _("case"),
    "code": _("code"),
    "condition": _("condition"),
    "content hash": _("content hash"),
    "content type": _("content type"),
    "country": _("country"),
    "court": _("court"),
    "criteria": _("criteria"),
    "decided at": _("decided at"),
    "description": _("description"),
    "details": _("details"),
    "died in custody": _("died in custody"),
    "died on": _("died on"),
    "died precision": _("death date precision"),
    "display name": _("display name"),
    "document": _("document"),
    "end on": _("end on"),
    "end precision": _("end date precision"),
    "event": _("event"),
    "external id": _("external id"),
    "facility": _("facility"),
    "fact": _("fact"),
    "filled": _("filled"),
    "first": pgettext_lazy("record", "first"),
    "hash": _("hash"),
    "in absentia": _("in absentia"),
    "is synthetic": _("synthetic"),
    "kept": _("kept"),
    "kind": _("kind"),
    "label": _("label"),
    "language": _("language"),
    "letter rules": _("rules for letters"),
    "locality": _("locality"),
    "merged": pgettext_lazy("record", "merged"),
    "merged at": _("merged at"),
    "merged into": _("merged into"),
    "moved": _("moved"),
    "name": pgettext_lazy("field", "name"),
    "name be": _("name in Belarusian"),
    "name disclosure": _("name disclosure"),
    "name ru": _("name in Russian"),
    "note": _("note"),
    "notes": _("notes"),
    "number": _("number"),
    "object id": _("object id"),
    "occurred on": _("occurred on"),
    "occurred precision": _("date precision"),
    "organisation": _("organisation"),
    "part": _("part"),
    "person": _("person"),
    "persons": _("persons"),
    "place": _("place"),
    "place disclosure": _("place disclosure"),
    "postal address": _("postal address"),
    "previous hash": _("previous hash"),
    "published on": _("published on"),
    "published precision": _("publication date precision"),
    "publisher": _("publisher"),
    "reason": _("reason"),
    "record id": _("record id"),
    "regime": _("regime"),
    "region": _("region"),
    "release reason": _("release reason"),
    "reliability": _("reliability"),
    "score": _("score"),
    "script": _("script"),
    "second": pgettext_lazy("record", "second"),
    "sentence": _("sentence"),
    "sentence months": _("sentence in months"),
    "sentenced on": _("sentenced on"),
    "sentenced precision": _("sentence date precision"),
    "seq": _("sequence number"),
    "sex": _("sex"),
    "source": _("source"),
    "sources": _("sources"),
    "start on": _("start on"),
    "start precision": _("start date precision"),
    "stored at": _("stored at"),
    "system": _("transliteration system"),
    "target id": _("target id"),
    "target type": _("target type"),
    "text": _("text"),
    "title": _("title"),
    "title be": _("title in Belarusian"),
    "title en": _("title in English"),
    "title ru": _("title in Russian"),
    "type": _("type"),
    "undo reason": _("reason for the undo"),
    "undone at": _("undone at"),
    "undone by": _("undone by"),
    "url": _("URL"),
    "value": _("value"),
    "verdict": _("verdict"),
    "verification": _("verification"),
    "visibility": _("visibility"),
}


def apply() -> None:
    """Put the translatable names on the register's apps, models and fields."""
    for label, name in APPS.items():
        apps.get_app_config(label).verbose_name = name
    for label in ("registry", "link", "audit"):
        for model in apps.get_app_config(label).get_models():
            meta = model._meta
            names = MODELS.get((label, str(meta.model_name)))
            if names is not None:
                meta.verbose_name, meta.verbose_name_plural = names
            for field in meta.get_fields():
                if not isinstance(field, models.Field):
                    continue
                derived = getattr(field, "_verbose_name", "") is None
                if derived and str(field.verbose_name) in FIELDS:
                    field.verbose_name = FIELDS[str(field.verbose_name)]
