"""The back office (Django admin): every model, with history, search and filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import path
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from audit.admin import AuditedAdmin
from registry import models as m
from registry import views
from registry.actions import person_unmerge
from registry.matching import search


class ReasonForm(forms.ModelForm):
    """Every edit in the office says why; the reason is kept in the history."""

    change_reason = forms.CharField(
        required=True,
        max_length=300,
        label=_("Change reason"),
        help_text=_("Why this change (kept in the history with your name)."),
    )


class WithReason(AuditedAdmin, SimpleHistoryAdmin):
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


class CitationInline(GenericTabularInline):
    model = m.Citation
    extra = 0
    autocomplete_fields = ["source"]


class NameInline(admin.TabularInline):
    model = m.NameVariant
    extra = 0


class DetentionInline(admin.TabularInline):
    model = m.Detention
    extra = 0
    autocomplete_fields = ["facility"]
    show_change_link = True


class RecognitionInline(admin.TabularInline):
    model = m.Recognition
    extra = 0
    show_change_link = True


class CaseInline(admin.TabularInline):
    model = m.Case
    extra = 0
    show_change_link = True


class HealthInline(admin.TabularInline):
    model = m.HealthNote
    extra = 0


class EventInline(admin.TabularInline):
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


@admin.register(m.Person)
class PersonAdmin(WithReason):
    list_display = [
        "display_name",
        "record_id",
        "visibility",
        "region",
        "birth_date",
        "died_date",
        "is_synthetic",
    ]
    list_filter = ["visibility", "sex", "region", "died_in_custody", "is_synthetic"]
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
    change_list_template = "admin/registry/person/change_list.html"

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
        own = [
            path(
                "duplicates/",
                self.admin_site.admin_view(views.duplicate_queue),
                name="registry_person_duplicates",
            ),
            path(
                "duplicates/merge/",
                self.admin_site.admin_view(views.duplicate_merge),
                name="registry_person_merge",
            ),
            path(
                "duplicates/distinct/",
                self.admin_site.admin_view(views.duplicate_distinct),
                name="registry_person_distinct",
            ),
        ]
        urls: list[Any] = super().get_urls()
        return own + urls


@admin.register(m.Merge)
class MergeAdmin(AuditedAdmin):
    list_display = ["__str__", "actor", "reason", "merged_at", "undone_at"]
    list_filter = ["undone_at"]
    search_fields = ["kept__record_id", "merged__record_id", "reason"]
    readonly_fields = [f.name for f in m.Merge._meta.fields]
    actions = ["undo"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_merge_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(MERGE)

    @admin.action(description=_("Undo the selected merges"), permissions=["merge"])
    def undo(self, request: HttpRequest, queryset: QuerySet[m.Merge]) -> None:
        for merge in queryset.filter(undone_at__isnull=True):
            person_unmerge(
                merge=merge, actor=request.user, reason="undone in the back office"
            )
        self.message_user(request, _("Merges undone."))


@admin.register(m.NotDuplicate)
class NotDuplicateAdmin(AuditedAdmin):
    list_display = ["first", "second", "actor", "reason", "decided_at"]
    raw_id_fields = ["first", "second"]


class FactAdmin(WithReason):
    inlines = [CitationInline]
    raw_id_fields = ["person"]
    list_filter = ["verification"]


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


class ChargeInline(admin.TabularInline):
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
class EventAdmin(WithReason):
    list_display = ["type", "occurred_date", "place"]
    list_filter = ["type", "verification"]
    search_fields = ["description", "place", "persons__display_name"]
    inlines = [CitationInline]


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
class FacilityAdmin(AuditedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "region", "locality", "postal_address"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "name_be", "name_ru", "locality"]


@admin.register(m.Article)
class ArticleAdmin(AuditedAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "title_en", "title_ru"]
    list_filter = ["code"]
    search_fields = ["number", "title_en", "title_ru", "title_be"]


# Links typed without a scheme are taken as https (Django 6's default).
HTTPS_BY_DEFAULT: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


@admin.register(m.Source)
class SourceAdmin(AuditedAdmin, SimpleHistoryAdmin):
    formfield_overrides = HTTPS_BY_DEFAULT
    list_display = ["__str__", "publisher", "published_date", "reliability"]
    list_filter = ["reliability"]
    search_fields = ["url", "document", "title", "publisher"]


@admin.register(m.Organisation)
class OrganisationAdmin(AuditedAdmin, SimpleHistoryAdmin):
    formfield_overrides = HTTPS_BY_DEFAULT
    list_display = ["name", "url"]
    search_fields = ["name"]


@admin.register(m.EventType)
class EventTypeAdmin(AuditedAdmin, SimpleHistoryAdmin):
    list_display = ["code", "label"]
    search_fields = ["code", "label"]
