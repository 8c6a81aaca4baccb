"""Back-office views beyond the generated admin: the duplicate queue."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import names
from registry import models as m
from registry.actions import ActionError, pair_mark_distinct, person_merge
from registry.matching import duplicates


class PairForm(forms.Form):
    keep = forms.CharField(max_length=100)
    merge = forms.CharField(max_length=100)
    reason = forms.CharField(max_length=1000)
    score = forms.FloatField(required=False)


@permission_required("registry.view_person")
def duplicate_queue(request: HttpRequest) -> HttpResponse:
    context = {
        "pairs": duplicates(),
        "min_score": names.DUPLICATE_MIN_SCORE,
        "can_merge": request.user.has_perm("registry.merge_person"),
    }
    return render(request, "admin/registry/duplicates.html", context)


def _pair(request: HttpRequest) -> tuple[PairForm, m.Person, m.Person]:
    form = PairForm(request.POST)
    if not form.is_valid():
        raise ActionError(_("The form is incomplete: a reason is needed."))
    data = form.cleaned_data
    keep = get_object_or_404(m.Person, record_id=data["keep"])
    merge = get_object_or_404(m.Person, record_id=data["merge"])
    return form, keep, merge


@require_POST
@permission_required("registry.merge_person", raise_exception=True)
def duplicate_merge(request: HttpRequest) -> HttpResponse:
    try:
        form, keep, merge = _pair(request)
        person_merge(
            keep=keep,
            merge=merge,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            score=form.cleaned_data["score"],
        )
        messages.success(
            request,
            _("Record %(merged)s merged into record %(kept)s.")
            % {"merged": merge.record_id, "kept": keep.record_id},
        )
    except ActionError as error:
        messages.error(request, str(error))
    return HttpResponseRedirect(reverse("admin:registry_person_duplicates"))


@require_POST
@permission_required("registry.merge_person", raise_exception=True)
def duplicate_distinct(request: HttpRequest) -> HttpResponse:
    try:
        form, first, second = _pair(request)
        pair_mark_distinct(
            first=first,
            second=second,
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("Marked as different people."))
    except ActionError as error:
        messages.error(request, str(error))
    return HttpResponseRedirect(reverse("admin:registry_person_duplicates"))
