"""The register in the back office (Django admin): every model of `registry`,
with history, search and filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from audit.admin import AuditedAdmin, NoForms, ReadOnly
from office import duplicates, workflow
from office.compare import compare
from registry import models as m
from registry.actions import (
    ActionError,
    StaleVersion,
    person_touch,
    person_unmerge,
    person_version_claim,
)
from registry.matching import search


class ReasonForm(forms.ModelForm):
    """Every edit in the office says why; the reason is kept in the history."""

    change_reason = forms.CharField(
        required=True,
        max_length=300,
        label=_("Change reason"),
        help_text=_("Why this change (kept in the history with your name)."),
    )


class FactForm(ReasonForm):
    """A fact's own form carries the version its person was at when the page
    was opened (see FactAdmin.save_model)."""

    person_version = forms.IntegerField(
        min_value=0, required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The person the fact belonged to when the page was opened: the one
        # whose version is checked, even if the form moves the fact.
        self.opened_person_id: int | None = None
        if self.instance.pk is not None:
            self.opened_person_id = self.instance.person_id
            self.fields["person_version"].initial = self.instance.person.version


class EventForm(ReasonForm):
    """An event's own form carries the versions its persons were at when the
    page was opened, as "id:version,..." (see EventAdmin.save_model)."""

    person_versions = forms.RegexField(
        regex=r"^(\d+:\d+(,\d+:\d+)*)?$", required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["person_versions"].initial = ",".join(
                f"{pk}:{version}"
                for pk, version in self.instance.persons.order_by("pk").values_list(
                    "pk", "version"
                )
            )

    def opened_versions(self) -> dict[int, int]:
        """Each person's version when the page was opened, by person id."""
        text = self.cleaned_data.get("person_versions") or ""
        pairs = [item.split(":") for item in text.split(",") if item]
        return {int(pk): int(version) for pk, version in pairs}


class PersonForm(ReasonForm):
    """The person's form carries the version it was opened at (see save_model)."""

    class Meta:
        widgets = {"version": forms.HiddenInput}


def is_key(key: Any, text: str) -> bool:
    """Whether `text` is of the form of the key field `key` (in the
    database's range too)."""
    try:
        key.run_validators(key.to_python(text))
    except ValidationError:
        return False
    return True


def key_or_404(key: Any, text: str) -> None:
    """Http404 unless `text` is of the form of the primary key `key`."""
    if not is_key(key, unquote(text)):
        raise Http404


class CheckedAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete, showing back only a value of the form of the
    key it names: a form sent back with "x", or a number past the
    database's range, could not be shown again (a server error)."""

    def optgroups(self, name: str, value: Any, attr: Any = None) -> Any:
        remote = self.field.remote_field
        target = getattr(remote, "field_name", None) or remote.model._meta.pk.name
        key = remote.model._meta.get_field(target)
        return super().optgroups(name, [v for v in value if is_key(key, v)], attr)


class CheckedAutocomplete:
    """An admin or inline whose autocomplete fields use
    CheckedAutocompleteSelect."""

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> Any:
        named = db_field.name in self.get_autocomplete_fields(request)  # type: ignore[attr-defined]
        if "widget" not in kwargs and named:
            kwargs["widget"] = CheckedAutocompleteSelect(
                db_field,
                self.admin_site,  # type: ignore[attr-defined]
                using=kwargs.get("using"),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


class KeptHistoryAdmin(CheckedAutocomplete, AuditedAdmin, SimpleHistoryAdmin):
    """A model whose history is kept: its history pages answer 404 for an
    address whose row or version is not even a key (django-simple-history
    reads them unchecked, a server error)."""

    def history_view(
        self,
        request: HttpRequest,
        object_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        key_or_404(self.model._meta.pk, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        key_or_404(self.model._meta.pk, object_id)
        key_or_404(self.model.history.model._meta.pk, version_id)
        shown: HttpResponse = super().history_form_view(
            request, object_id, version_id, extra_context
        )
        return shown


class WithReason(KeptHistoryAdmin):
    """Saves the reason given in the form with the history of every row saved."""

    form = ReasonForm

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        obj._change_reason = form.cleaned_data.get("change_reason") or ""
        super().save_model(request, obj, form, change)

    def save_formset(
        self, request: HttpRequest, form: Any, formset: Any, change: bool
    ) -> None:
        reason = form.cleaned_data.get("change_reason") or ""
        for inline_form in formset.forms:
            inline_form.instance._change_reason = reason
        super().save_formset(request, form, formset, change)


def labelled(formset: type[Any]) -> type[Any]:
    """`formset` whose every field is named for assistive technology.

    A tabular inline shows a field's label only as its column's heading,
    which a screen reader does not tie to the input (axe's `label` and
    `select-name` rules): each input gets its label as `aria-label`, the
    "Delete?" checkbox included. A link to another record wraps its select
    (RelatedFieldWidgetWrapper), whose own attrs are not rendered.
    """

    class Labelled(formset):
        def add_fields(self, form: Any, index: int | None) -> None:
            super().add_fields(form, index)
            for field in form.fields.values():
                widget = getattr(field.widget, "widget", field.widget)
                if field.label and not widget.is_hidden:
                    widget.attrs["aria-label"] = str(field.label)

    return Labelled


class Labelled(CheckedAutocomplete):
    """A tabular inline whose inputs carry their labels (see `labelled`)."""

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        return labelled(super().get_formset(request, obj, **kwargs))  # type: ignore[misc]


class CitationInline(Labelled, GenericTabularInline):
    model = m.Citation
    extra = 0
    autocomplete_fields = ["source"]


class NameInline(Labelled, admin.TabularInline):
    model = m.NameVariant
    extra = 0


class DetentionInline(Labelled, admin.TabularInline):
    model = m.Detention
    extra = 0
    autocomplete_fields = ["facility"]
    show_change_link = True


class RecognitionInline(Labelled, admin.TabularInline):
    model = m.Recognition
    extra = 0
    show_change_link = True


class CaseInline(Labelled, admin.TabularInline):
    model = m.Case
    extra = 0
    show_change_link = True


class HealthInline(Labelled, admin.TabularInline):
    model = m.HealthNote
    extra = 0


class EventInline(Labelled, admin.TabularInline):
    model = m.EventPerson
    extra = 0
    autocomplete_fields = ["event"]
    verbose_name = _("event")
    verbose_name_plural = _("events")


# Who may see a person's record, and under which name and place, is an
# editor's decision (office/roles.py): the fields are read-only to others.
EDITOR_FIELDS = ["visibility", "name_disclosure", "place_disclosure"]
CHANGE_VISIBILITY = "registry.change_person_visibility"
MERGE = "registry.merge_person"


def keep_editor_fields(person: m.Person) -> None:
    """Put back the stored visibility and disclosure, or the fail-closed default.

    Read-only fields are not in the form, but a new record takes the
    model's defaults and a revert from the history takes the old version's
    values: neither may decide visibility for someone who may not.
    """
    stored = m.Person.objects.filter(pk=person.pk).first() if person.pk else None
    if stored is None:
        person.visibility = settings.ROLLCALL_DEFAULT_VISIBILITY
        return
    for name in EDITOR_FIELDS:
        setattr(person, name, getattr(stored, name))


def _ongoing_detention(today: Any) -> Any:
    """Is the person in detention on `today` (a subquery on each person)?"""
    ongoing = m.Detention.objects.filter(person=OuterRef("pk"), start_on__lte=today)
    return Exists(ongoing.filter(Q(end_on__isnull=True) | Q(end_on__gte=today)))


STATUS_LABELS = {
    "held": gettext_lazy("held"),
    "released": gettext_lazy("released"),
    "deceased": gettext_lazy("deceased"),
}


# The persons list asks each row whether it is in detention today; the
# answer comes with the rows (PersonAdmin.get_queryset), not a query per row.
HELD_TODAY = "held_today"


@admin.display(description=gettext_lazy("status"))
def person_status(person: m.Person) -> str:
    """Held (in detention today), released, or deceased."""
    if person.died_on is not None:
        return str(STATUS_LABELS["deceased"])
    held: bool = getattr(person, HELD_TODAY)
    return str(STATUS_LABELS["held" if held else "released"])


class StatusFilter(admin.SimpleListFilter):
    """The persons list by status today: held, released or deceased."""

    title = gettext_lazy("status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> Any:
        return list(STATUS_LABELS.items())

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> Any:
        value = self.value()
        if value == "deceased":
            return queryset.filter(died_on__isnull=False)
        if value in ("held", "released"):
            held = _ongoing_detention(timezone.localdate())
            alive = queryset.filter(died_on__isnull=True)
            return alive.filter(held) if value == "held" else alive.exclude(held)
        return queryset


@admin.register(m.Person)
class PersonAdmin(WithReason):
    form = PersonForm
    list_display = [
        "display_name",
        "record_id",
        person_status,
        "visibility",
        "region",
        "birth_date",
        "died_date",
        "is_synthetic",
    ]
    list_filter = [
        StatusFilter,
        "visibility",
        "sex",
        "region",
        "died_in_custody",
        "is_synthetic",
    ]
    search_fields = ["display_name", "record_id", "names__value"]
    readonly_fields = ["merged_into"]
    inlines = [
        NameInline,
        DetentionInline,
        RecognitionInline,
        CaseInline,
        EventInline,
        HealthInline,
        CitationInline,
    ]
    list_per_page = 50
    show_full_result_count = False
    change_list_template = "office/person_change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        """Each person with whether it is in detention today (`person_status`)."""
        held = _ongoing_detention(timezone.localdate())
        persons: QuerySet[Any] = super().get_queryset(request)
        annotated: QuerySet[Any] = persons.annotate(**{HELD_TODAY: held})
        return annotated

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm(CHANGE_VISIBILITY):
            fields += EDITOR_FIELDS
        return fields

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        if not request.user.has_perm(CHANGE_VISIBILITY):
            keep_editor_fields(obj)
        if change:
            # Refused (StaleVersion) when someone saved since the form was
            # opened: the whole save is rolled back, inlines included.
            opened = form.cleaned_data.get("version") or 0
            obj.version = person_version_claim(person_id=obj.pk, expected=opened)
        else:
            obj.version = 1
        super().save_model(request, obj, form, change)

    def audited_view(self, obj: Any) -> dict[str, Any] | None:
        """A restricted or anonymous person's page: every view is recorded."""
        if obj.visibility == m.Visibility.PUBLIC:
            return None
        return {"record_id": obj.record_id, "visibility": obj.visibility}

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        """Exact ids and plain matches, plus every spelling the name index finds."""
        found, duplicates = super().get_search_results(request, queryset, search_term)
        if not search_term.strip():
            return found, duplicates
        record_ids = [r.record_id for r in search(search_term, limit=100)]
        matched = queryset.filter(record_id__in=record_ids)
        return (found | matched).distinct(), True

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view
        own = [
            path(route, view(screen), name=f"registry_person_{name}")
            for route, screen, name in (
                ("duplicates/", duplicates.duplicate_queue, "duplicates"),
                ("duplicates/merge/", duplicates.duplicate_merge, "merge"),
                ("duplicates/distinct/", duplicates.duplicate_distinct, "distinct"),
                ("duplicates/defer/", duplicates.duplicate_defer, "defer"),
                (
                    "duplicates/<int:first>/<int:second>/",
                    duplicates.duplicate_pair,
                    "pair",
                ),
            )
        ]
        urls: list[Any] = super().get_urls()
        return own + urls


@admin.register(m.Merge)
class MergeAdmin(ReadOnly, AuditedAdmin):
    """Merges, each on a readable page with its Undo (and the reason for it)."""

    list_display = ["__str__", "actor", "reason", "merged_at", "undone_at"]
    list_filter = ["undone_at"]
    search_fields = ["kept__record_id", "merged__record_id", "reason"]
    actions = None

    def audited_view(self, obj: Any) -> dict[str, Any] | None:
        """A merge of a restricted or anonymous person: every view is recorded."""
        hidden = [
            p.record_id
            for p in (obj.kept, obj.merged)
            if p.visibility != m.Visibility.PUBLIC
        ]
        return {"record_ids": hidden} if hidden else None

    def get_urls(self) -> list[Any]:
        own = [
            path(
                "<path:object_id>/undo/",
                self.admin_site.admin_view(self.undo_view),
                name="registry_merge_undo",
            ),
        ]
        urls: list[Any] = super().get_urls()
        return own + urls

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """Who merged what into what, when and why, and the Undo form."""
        merge = self.get_object(request, unquote(object_id))
        if merge is None:
            raise Http404
        if not self.has_view_permission(request, merge):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("%(merged)s merged into %(kept)s")
            % {"merged": merge.merged, "kept": merge.kept},
            "merge": merge,
            "moved": moved_facts(merge),
            "added": [
                str(fact)
                for label, ids in merge.added.items()
                for fact in apps.get_model(label).objects.filter(pk__in=ids)
            ],
            "filled": [
                {"label": field_label(name), "before": value}
                for name, value in merge.filled.items()
            ],
            "rows": compare(merge.kept, merge.merged),
            "can_undo": request.user.has_perm(MERGE),
            "opts": self.opts,
        }
        self._record_view(request, object_id, "change")
        return TemplateResponse(request, "office/merge_detail.html", context)

    def undo_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """POST: undo the merge, with the reason given in the form."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.has_perm(MERGE):
            raise PermissionDenied
        merge = self.get_object(request, unquote(object_id))
        if merge is None:
            raise Http404
        try:
            person_unmerge(
                merge=merge,
                actor=request.user,
                reason=request.POST.get("reason", "")[:1000],
            )
            messages.success(request, _("Merge undone."))
        except ActionError as error:
            messages.error(request, str(error))
        url = reverse("admin:registry_merge_change", args=[merge.pk])
        return HttpResponseRedirect(url)


def field_label(name: str) -> str:
    field = m.Person._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def moved_facts(merge: m.Merge) -> list[dict[str, Any]]:
    """The facts a merge moved, by kind, as short texts."""
    groups = []
    for label, ids in merge.moved.items():
        model = apps.get_model(label)
        items = [str(fact) for fact in model.objects.filter(pk__in=ids)]
        groups.append({"label": model._meta.verbose_name_plural, "items": items})
    return groups


@admin.register(m.NotDuplicate)
class NotDuplicateAdmin(NoForms, AuditedAdmin):
    """ "Different people" decisions: made on a pair's page, with a reason.

    No add or change form here, so every decision goes through
    `pair_mark_distinct` (a reason, an audit entry); an editor may delete
    one to put the pair back in the queue.
    """

    list_display = ["first", "second", "actor", "reason", "decided_at"]
    raw_id_fields = ["first", "second"]


class LockedByPersons(WithReason):
    """A fact on its own page is part of its persons' records, under their
    versions: a save from a page opened before someone else changed one of
    those records (this fact included) is refused with a 409 that shows the
    other's change, and nothing is overwritten, as on the person's form.

    The page keeps each person's version when it is opened (so the refusal
    can show what changed), and every save is a new version of each person.
    """

    def owners(self, obj: Any) -> list[int]:
        """The ids of the persons whose records hold `obj`: a fact's person
        (an event, held by several, says its own)."""
        return [obj.person_id]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "GET":
            fact = self.get_object(request, unquote(object_id))
            if fact is not None and self.has_view_permission(request, fact):
                for person in m.Person.objects.filter(pk__in=self.owners(fact)):
                    workflow.keep_opened_version(person, request.user)
        return super().change_view(request, object_id, form_url, extra_context)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> Any:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleVersion as stale:
            again = object_id and reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=[object_id],
            )
            return workflow.stale_save(
                request, stale.person_id, stale.expected, again=again
            )

    def save_related(
        self, request: HttpRequest, form: Any, formsets: Any, change: bool
    ) -> None:
        """After the fact and its citations are saved: keep the new versions."""
        super().save_related(request, form, formsets, change)
        from review.actions import person_snapshot

        reason = form.cleaned_data.get("change_reason") or ""
        for person in m.Person.objects.filter(pk__in=self.owners(form.instance)):
            person_snapshot(person=person, actor=request.user, reason=reason)


class FactAdmin(LockedByPersons):
    form = FactForm
    inlines = [CitationInline]
    raw_id_fields = ["person"]
    list_filter = ["verification"]

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        """A fact changed on its own page is a new version of its person,
        claimed from the version the page was opened at."""
        reason = form.cleaned_data.get("change_reason") or ""
        if change:
            # A form without the version (not from this page) is refused.
            opened = form.cleaned_data.get("person_version") or 0
            person_touch(
                person_id=form.opened_person_id,
                actor=request.user,
                reason=reason,
                expected=opened,
            )
        super().save_model(request, obj, form, change)
        if not change or obj.person_id != form.opened_person_id:
            person_touch(person_id=obj.person_id, actor=request.user, reason=reason)


@admin.register(m.Detention)
class DetentionAdmin(FactAdmin):
    list_display = ["person", "kind", "start_date", "end_date", "facility"]
    list_filter = ["kind", "release_reason", "verification"]
    search_fields = ["person__display_name", "person__record_id"]
    autocomplete_fields = ["facility"]


@admin.register(m.Recognition)
class RecognitionAdmin(FactAdmin):
    list_display = ["person", "organisation", "start_date", "end_date"]
    list_filter = ["organisation", "verification"]
    search_fields = ["person__display_name", "person__record_id"]


class ChargeInline(Labelled, admin.TabularInline):
    model = m.Charge
    extra = 0
    autocomplete_fields = ["article"]


@admin.register(m.Case)
class CaseAdmin(FactAdmin):
    list_display = ["person", "sentence", "sentence_months", "sentenced_date"]
    list_filter = ["in_absentia", "verification"]
    search_fields = ["person__display_name", "person__record_id", "sentence"]
    inlines = [ChargeInline, CitationInline]


@admin.register(m.Event)
class EventAdmin(LockedByPersons):
    form = EventForm
    list_display = ["type", "occurred_date", "place"]
    list_filter = ["type", "verification"]
    search_fields = ["description", "place", "persons__display_name"]
    inlines = [CitationInline]

    def owners(self, obj: Any) -> list[int]:
        if obj.pk is None:
            return []
        return list(obj.persons.order_by("pk").values_list("pk", flat=True))

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        """An event is in the record of each of its persons: a new version of
        each, claimed from the version the page was opened at. A person
        linked to the event since then has a newer record than the page
        shows, so the save is refused too."""
        reason = form.cleaned_data.get("change_reason") or ""
        if change:
            opened = form.opened_versions()
            for person_id in sorted(set(opened) | set(self.owners(obj))):
                person_touch(
                    person_id=person_id,
                    actor=request.user,
                    reason=reason,
                    expected=opened.get(person_id, 0),
                )
        super().save_model(request, obj, form, change)


@admin.register(m.HealthNote)
class HealthNoteAdmin(FactAdmin):
    list_display = ["person", "condition"]
    list_filter = ["condition", "verification"]


@admin.register(m.NameVariant)
class NameVariantAdmin(FactAdmin):
    list_display = ["value", "person", "kind", "script", "system"]
    list_filter = ["kind", "script"]
    search_fields = ["value"]


@admin.register(m.Facility)
class FacilityAdmin(KeptHistoryAdmin):
    list_display = ["name", "kind", "region", "locality", "postal_address"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "name_be", "name_ru", "locality"]


@admin.register(m.Article)
class ArticleAdmin(KeptHistoryAdmin):
    list_display = ["__str__", "title_en", "title_ru"]
    list_filter = ["code"]
    search_fields = ["number", "title_en", "title_ru", "title_be"]


# Links typed without a scheme are taken as https (Django 6's default).
HTTPS_BY_DEFAULT: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


@admin.register(m.Source)
class SourceAdmin(KeptHistoryAdmin):
    formfield_overrides = HTTPS_BY_DEFAULT
    list_display = ["__str__", "publisher", "published_date", "reliability"]
    list_filter = ["reliability"]
    search_fields = ["url", "document", "title", "publisher"]


@admin.register(m.Organisation)
class OrganisationAdmin(KeptHistoryAdmin):
    formfield_overrides = HTTPS_BY_DEFAULT
    list_display = ["name", "url"]
    search_fields = ["name"]


@admin.register(m.EventType)
class EventTypeAdmin(KeptHistoryAdmin):
    list_display = ["code", "label"]
    search_fields = ["code", "label"]
