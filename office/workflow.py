"""The editorial workflow's screens: the review queue, a record's review page
(its changes against the approved version; submit, approve, send back), its
versions (history with changes; revert), and the refusal of a stale save.

Each decision is one form, one view, one action of review/actions.py, and
needs a reason. Who may do what is office/roles.py: everyone with a role
reads; documenters and editors submit and revert; editors approve and send
back (`registry.publish_person`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registry.actions import ActionError
from registry.models import Person
from review.actions import (
    APPROVE,
    person_approve,
    person_revert,
    person_send_back,
    person_snapshot,
    person_submit,
)
from review.models import PersonReview, PersonVersion, ReviewState
from review.queries import awaiting_review
from review.records import changes, current_record

VIEW = "registry.view_person"
CHANGE = "registry.change_person"


class DecisionForm(forms.Form):
    """What every decision carries: the version decided on, and why."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    reason = forms.CharField(max_length=2000, required=False)


class RevertForm(DecisionForm):
    to = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


def review_page(person: Person) -> str:
    return reverse("admin:registry_person_review", args=[person.pk])


def approved_version(person: Person) -> PersonVersion | None:
    review = PersonReview.objects.filter(person=person).first()
    return review.approved if review else None


@permission_required(VIEW, raise_exception=True)
def review_queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(awaiting_review(), 50).get_page(request.GET.get("page"))
    rows = [
        (person, person.review.state_of(person) if hasattr(person, "review") else "")
        for person in page
    ]
    context = {
        "title": _("Awaiting review"),
        "page": page,
        "rows": [(p, ReviewState(s or ReviewState.DRAFT).label) for p, s in rows],
    }
    return render(request, "office/review_queue.html", context)


@permission_required(VIEW, raise_exception=True)
def person_review(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.active(), pk=pk)
    approved = approved_version(person)
    review = PersonReview.objects.filter(person=person).first()
    state = review.state_of(person) if review else ReviewState.DRAFT
    context = {
        "title": _("Review: %(name)s") % {"name": person},
        "person": person,
        "approved": approved,
        "state": ReviewState(state).label,
        "sent_back": state == ReviewState.SENT_BACK,
        "review": review,
        "changes": changes(
            approved.record if approved else None, current_record(person.pk)
        ),
        "can_approve": request.user.has_perm(APPROVE),
        "can_submit": request.user.has_perm(CHANGE),
    }
    return render(request, "office/person_review.html", context)


def _decide(request: HttpRequest, pk: int, decide: Any, done: str) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; nothing was done."))
        return HttpResponseRedirect(review_page(person))
    try:
        decide(person, form.cleaned_data["version"], form.cleaned_data["reason"])
    except ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return HttpResponseRedirect(review_page(person))


@require_POST
@permission_required(CHANGE, raise_exception=True)
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    def decide(person: Person, version: int, reason: str) -> None:
        person_submit(person=person, actor=request.user, version=version)

    return _decide(request, pk, decide, _("Submitted for review."))


@require_POST
@permission_required(APPROVE, raise_exception=True)
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    def decide(person: Person, version: int, reason: str) -> None:
        person_approve(
            actor=request.user, person=person, reason=reason, version=version
        )

    return _decide(
        request, pk, decide, _("Approved: the next publication shows this version.")
    )


@require_POST
@permission_required(APPROVE, raise_exception=True)
def send_back(request: HttpRequest, pk: int) -> HttpResponse:
    def decide(person: Person, version: int, reason: str) -> None:
        person_send_back(
            actor=request.user, person=person, comment=reason, version=version
        )

    return _decide(request, pk, decide, _("Sent back with your comment."))


@permission_required(VIEW, raise_exception=True)
def person_versions(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    versions = list(
        PersonVersion.objects.filter(person=person).select_related(
            "saved_by", "approved_by"
        )
    )
    now = current_record(person.pk)
    shown = []
    for index, version in enumerate(versions):
        older = versions[index + 1].record if index + 1 < len(versions) else None
        shown.append(
            {
                "version": version,
                "changes": changes(older, version.record),
                "to_now": changes(version.record, now) if now else [],
            }
        )
    context = {
        "title": _("Versions: %(name)s") % {"name": person},
        "person": person,
        "versions": shown,
        "can_revert": request.user.has_perm(CHANGE),
    }
    return render(request, "office/person_versions.html", context)


@require_POST
@permission_required(CHANGE, raise_exception=True)
def revert(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    form = RevertForm(request.POST)
    back = reverse("admin:registry_person_versions", args=[person.pk])
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; nothing was done."))
        return HttpResponseRedirect(back)
    data = form.cleaned_data
    try:
        person_revert(
            actor=request.user,
            person=person,
            to=data["to"],
            reason=data["reason"],
            version=data["version"],
        )
    except ActionError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(back)
    messages.success(request, _("Reverted: the record is a draft again."))
    return HttpResponseRedirect(review_page(person))


def stale_save(
    request: HttpRequest, person_id: int, opened: int, *, again: str | None = None
) -> HttpResponse:
    """The refusal of a save that started from an older version (409).

    `again` is the page to make the change again on (a fact's own page);
    by default the person's form.
    """
    person = get_object_or_404(Person, pk=person_id)
    base = PersonVersion.objects.filter(person=person, number=opened).first()
    context = {
        "title": _("Not saved: someone else changed this record"),
        "person": person,
        "opened": opened,
        "changes": changes(base.record if base else None, current_record(person.pk)),
        "known": base is not None,
        "again": again or reverse("admin:registry_person_change", args=[person.pk]),
    }
    return render(request, "office/person_stale.html", context, status=409)


def keep_opened_version(person: Person, actor: Any) -> None:
    """Keep the version a form is opened at, so a refused save can show
    what changed since (it may come from an import, which keeps none)."""
    if person.merged_into_id is None:
        person_snapshot(person=person, actor=actor, reason="opened in the office")
