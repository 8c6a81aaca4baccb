"""Back office: paste or upload a text, see its mentions, accept the links.

Nothing is written until an editor accepts: the analysis page only shows
the text (escaped by the template, never rendered as HTML) with the
mentions marked, each with a box to tick. Accepting stores the text as a
Source with its SHA-256 and date, cited by each accepted person's record.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from link.actions import AcceptedMention, source_cite_mentions
from link.documents import MAX_BYTES, DocumentError, extract_text
from link.forms import AcceptForm, TextForm
from link.register import link_text, result_json
from registry import models as m

_TEMPLATE = "admin/link/link_text.html"


@permission_required("registry.view_person", raise_exception=True)
def link_start(request: HttpRequest) -> HttpResponse:
    """GET: the form; POST: the text with its mentions marked."""
    form = TextForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, _TEMPLATE, {"form": form, "title": _("Link a text")})
    try:
        text = _text_of(form)
    except DocumentError as error:
        form.add_error("file", str(error))
        return render(request, _TEMPLATE, {"form": form, "title": _("Link a text")})
    document = _linked(text, form.cleaned_data["language"])
    accept = AcceptForm(initial={"text": text}, choices=_choices(document))
    context = {
        "form": form,
        "title": _("Link a text"),
        "accept_form": accept,
        "segments": _segments(text, document["mentions"]),
        "document": document,
        "can_accept": _can_accept(request),
    }
    return render(request, _TEMPLATE, context)


@require_POST
@permission_required(
    ["registry.add_source", "registry.add_citation"], raise_exception=True
)
def link_accept(request: HttpRequest) -> HttpResponse:
    """Store the text as a Source cited by the accepted persons."""
    text = _lines(request.POST.get("text", ""))
    document = _linked(text, "auto")
    form = AcceptForm(request.POST, choices=_choices(document))
    if not form.is_valid() or not form.cleaned_data["accept"]:
        messages.error(request, _("Nothing stored: tick at least one link to accept."))
        return HttpResponseRedirect(reverse("admin:link_storedcopy_link"))
    chosen = set(form.cleaned_data["accept"])
    mentions = [
        {**x, "record_id": record_id}
        for x in document["mentions"]
        for record_id in [x["record_id"], *x["alternatives"]]
        if _choice({**x, "record_id": record_id}) in chosen
    ]
    persons = m.Person.objects.in_bulk(
        [x["record_id"] for x in mentions], field_name="record_id"
    )
    data = form.cleaned_data
    source, added = source_cite_mentions(
        text=text,
        title=data["title"],
        url=data["url"],
        published_on=data["published_on"],
        accepted=[
            AcceptedMention(persons[x["record_id"]], x["text"]) for x in mentions
        ],
        actor=request.user,
    )
    messages.success(
        request,
        ngettext(
            "Source stored; %(count)d new citation on the accepted records.",
            "Source stored; %(count)d new citations on the accepted records.",
            added,
        )
        % {"count": added},
    )
    return HttpResponseRedirect(
        reverse("admin:registry_source_change", args=[source.pk])
    )


def _text_of(form: TextForm) -> str:
    upload = form.cleaned_data.get("file")
    if upload is None:
        return _lines(str(form.cleaned_data["text"]))
    # One byte past the limit is enough to refuse a file that is too large.
    data = upload.read(MAX_BYTES + 1)
    return _lines(extract_text(data, name=upload.name or "file"))


def _lines(text: str) -> str:
    """Line ends as \n: browsers send CRLF, which would shift every offset
    between the analysis and the accepting."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _linked(text: str, language: str) -> dict[str, Any]:
    result, people = link_text(text, language=language)
    return result_json(result, people)


def _choice(mention: dict[str, Any]) -> str:
    return f"{mention['record_id']}:{mention['start']}:{mention['end']}"


def _choices(document: dict[str, Any]) -> list[str]:
    """Every link that may be accepted: each mention's person or a namesake."""
    choices = []
    for mention in document["mentions"]:
        choices.append(_choice(mention))
        choices += [
            _choice({**mention, "record_id": other})
            for other in mention["alternatives"]
        ]
    return choices


def _can_accept(request: HttpRequest) -> bool:
    return request.user.has_perms(["registry.add_source", "registry.add_citation"])


def _segments(text: str, mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text cut into plain runs and mentions, in order, for the template."""
    segments: list[dict[str, Any]] = []
    at = 0
    for number, mention in enumerate(mentions, start=1):
        if mention["start"] < at:
            continue
        segments.append({"text": text[at : mention["start"]]})
        segments.append({"text": mention["text"], "mention": mention, "number": number})
        at = mention["end"]
    segments.append({"text": text[at:]})
    return segments
