"""Back-office views beyond the generated admin: possible duplicates.

The queue lists candidate pairs with their names and facts; a pair's page
puts both records side by side with their differences marked, and editors
decide there: merge (keeping either record), "different people", or put
the decision off — each with its own reason. Every decision goes through
registry/actions.py and is written to the audit log there.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

import names
from office.compare import compare
from registry import models as m
from registry.actions import ActionError, pair_defer, pair_mark_distinct, person_merge
from registry.matching import Duplicate, duplicates

MERGE = "registry.merge_person"
PER_PAGE = 50


def _reason(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


class PairForm(forms.Form):
    """A decision on a pair, by the record ids of its two persons."""

    first = forms.CharField(max_length=100, widget=forms.HiddenInput)
    second = forms.CharField(max_length=100, widget=forms.HiddenInput)


class MergeForm(PairForm):
    keep = forms.CharField(max_length=100, label=gettext_lazy("Record to keep"))
    reason = _reason(gettext_lazy("Why are they one person?"))
    score = forms.FloatField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("keep") not in (data.get("first"), data.get("second")):
            raise forms.ValidationError(_("Choose which of the two records to keep."))
        return data

    def decide(self, *, first: m.Person, second: m.Person, actor: Any) -> str:
        data = self.cleaned_data
        keep, merge = (
            (first, second) if data["keep"] == first.record_id else (second, first)
        )
        person_merge(
            keep=keep,
            merge=merge,
            actor=actor,
            reason=data["reason"],
            score=data["score"],
        )
        return _("%(merged)s merged into %(kept)s.") % {
            "merged": merge.record_id,
            "kept": keep.record_id,
        }


class DistinctForm(PairForm):
    reason = _reason(gettext_lazy("Why are they different people?"))

    def decide(self, *, first: m.Person, second: m.Person, actor: Any) -> str:
        reason = self.cleaned_data["reason"]
        pair_mark_distinct(first=first, second=second, actor=actor, reason=reason)
        return _("Marked as different people.")


class DeferForm(PairForm):
    reason = _reason(gettext_lazy("Why put the decision off (what is missing)?"))

    def decide(self, *, first: m.Person, second: m.Person, actor: Any) -> str:
        pair_defer(
            first=first, second=second, actor=actor, reason=self.cleaned_data["reason"]
        )
        return _("Decision put off; the pair stays in the queue.")


def _context(request: HttpRequest, title: str, **extra: Any) -> dict[str, Any]:
    return {**admin.site.each_context(request), "title": title, **extra}


@permission_required("registry.view_person", raise_exception=True)
def duplicate_queue(request: HttpRequest) -> HttpResponse:
    """Candidate pairs, best first; pairs put off come after the others."""
    pairs = duplicates()
    deferrals: dict[tuple[int, int], m.PairDeferral] = {}
    for deferral in m.PairDeferral.objects.select_related("actor").order_by(
        "deferred_at"
    ):
        deferrals[(deferral.first_id, deferral.second_id)] = deferral

    def deferral_of(pair: Duplicate) -> m.PairDeferral | None:
        return deferrals.get((min(pair.a_pk, pair.b_pk), max(pair.a_pk, pair.b_pk)))

    ordered = sorted(pairs, key=lambda pair: deferral_of(pair) is not None)
    page = Paginator(ordered, PER_PAGE).get_page(request.GET.get("page"))
    persons = m.Person.objects.in_bulk(
        [pk for pair in page for pk in (pair.a_pk, pair.b_pk)]
    )
    rows = [
        {
            "pair": pair,
            "a": persons[pair.a_pk],
            "b": persons[pair.b_pk],
            "deferral": deferral_of(pair),
            "url": pair_url(persons[pair.a_pk], persons[pair.b_pk]),
        }
        for pair in page
    ]
    context = _context(
        request,
        _("Possible duplicates"),
        rows=rows,
        page=page,
        count=len(pairs),
        min_score=names.DUPLICATE_MIN_SCORE,
        can_merge=request.user.has_perm(MERGE),
    )
    return TemplateResponse(request, "office/duplicates.html", context)


@permission_required("registry.view_person", raise_exception=True)
def duplicate_pair(request: HttpRequest, first: int, second: int) -> HttpResponse:
    """The two records side by side, and the decision forms for editors."""
    a = get_object_or_404(m.Person, pk=first)
    b = get_object_or_404(m.Person, pk=second)
    if a.pk == b.pk:
        raise Http404
    initial = {"first": a.record_id, "second": b.record_id}
    try:
        score: float | None = float(request.GET.get("score", ""))
    except ValueError:
        score = None
    low, high = sorted((a.pk, b.pk))
    context = _context(
        request,
        _("Possible duplicate: %(a)s and %(b)s") % {"a": a, "b": b},
        a=a,
        b=b,
        rows=compare(a, b),
        score=score,
        can_merge=request.user.has_perm(MERGE),
        active=a.merged_into_id is None and b.merged_into_id is None,
        distinct=m.NotDuplicate.objects.filter(first=low, second=high).first(),
        deferrals=m.PairDeferral.objects.filter(first=low, second=high),
        merge_form=MergeForm(initial={**initial, "keep": a.record_id, "score": score}),
        distinct_form=DistinctForm(initial=initial),
        defer_form=DeferForm(initial=initial),
    )
    return TemplateResponse(request, "office/duplicate_pair.html", context)


def _persons(form: PairForm) -> tuple[m.Person, m.Person]:
    if not form.is_valid():
        errors = [str(e) for error in form.errors.values() for e in error]
        raise ActionError(" ".join(errors))
    data = form.cleaned_data
    first = get_object_or_404(m.Person, record_id=data["first"])
    second = get_object_or_404(m.Person, record_id=data["second"])
    return first, second


def pair_url(first: m.Person, second: m.Person) -> str:
    return reverse("admin:registry_person_pair", args=[first.pk, second.pk])


def _back(request: HttpRequest, done: bool) -> HttpResponse:
    """To the queue after a decision; back to the pair's page after an error."""
    queue = reverse("admin:registry_person_duplicates")
    if done:
        return HttpResponseRedirect(queue)
    ids = [request.POST.get("first", ""), request.POST.get("second", "")]
    found = m.Person.objects.in_bulk([i for i in ids if i], field_name="record_id")
    if len(found) == 2:
        return HttpResponseRedirect(pair_url(found[ids[0]], found[ids[1]]))
    return HttpResponseRedirect(queue)


def _decide(
    request: HttpRequest, form: MergeForm | DistinctForm | DeferForm
) -> HttpResponse:
    """Make the posted form's decision on its pair: on success, its message
    and back to the queue; when refused, the reason and back to the pair."""
    try:
        first, second = _persons(form)
        done = form.decide(first=first, second=second, actor=request.user)
    except ActionError as error:
        messages.error(request, str(error))
        return _back(request, done=False)
    messages.success(request, done)
    return _back(request, done=True)


@require_POST
@permission_required(MERGE, raise_exception=True)
def duplicate_merge(request: HttpRequest) -> HttpResponse:
    return _decide(request, MergeForm(request.POST))


@require_POST
@permission_required(MERGE, raise_exception=True)
def duplicate_distinct(request: HttpRequest) -> HttpResponse:
    return _decide(request, DistinctForm(request.POST))


@require_POST
@permission_required(MERGE, raise_exception=True)
def duplicate_defer(request: HttpRequest) -> HttpResponse:
    return _decide(request, DeferForm(request.POST))
