"""The office's audit: every save recorded, restricted pages' views recorded,
and the log itself, read-only, for administrators to search and export."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from audit.actions import audit_record, entry_json
from audit.models import AuditAction, AuditEntry


def change_summary(message: Any) -> list[dict[str, Any]]:
    """The admin's change message without its object names: kinds, models
    and field names only (an inline's name could be a hidden person's)."""
    if not isinstance(message, list):
        return []
    summary: list[dict[str, Any]] = []
    for part in message:
        for kind, about in part.items():
            about = about if isinstance(about, dict) else {}
            fields = [str(field) for field in about.get("fields", [])]
            summary.append({"kind": str(kind), "model": str(about.get("name", ""))})
            if fields:
                summary[-1]["fields"] = fields
    return summary


class NoForms:
    """An admin with no add or change form: its rows are written by actions
    (with a reason and an audit entry), never typed into a form."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnly(NoForms):
    """An admin that only shows its rows: none is added, changed or deleted."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Records every save and deletion made in the office in the audit log.

    An admin whose pages show restricted data says so in `audited_view`,
    and every view of such a page is recorded too.
    """

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        done = super().log_addition(request, obj, message)
        details = {"changes": change_summary(message)}
        audit_record(
            action=AuditAction.OFFICE_ADD,
            actor=request.user,
            target=obj,
            details=details,
        )
        return done

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        done = super().log_change(request, obj, message)
        details = {"changes": change_summary(message)}
        audit_record(
            action=AuditAction.OFFICE_CHANGE,
            actor=request.user,
            target=obj,
            details=details,
        )
        return done

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        done = super().log_deletions(request, queryset)
        for obj in queryset:
            audit_record(
                action=AuditAction.OFFICE_DELETE, actor=request.user, target=obj
            )
        return done

    def audited_view(self, obj: Any) -> dict[str, Any] | None:
        """The details to record when `obj`'s page is viewed; None: not recorded."""
        return None

    def _record_view(self, request: HttpRequest, object_id: str, page: str) -> None:
        obj = self.get_object(request, unquote(object_id))
        details = self.audited_view(obj) if obj is not None else None
        if details is not None:
            audit_record(
                action=AuditAction.OFFICE_VIEW,
                actor=request.user,
                target=obj,
                details={**details, "page": page},
            )

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200:
            self._record_view(request, object_id, "change")
        return response

    def history_view(
        self,
        request: HttpRequest,
        object_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().history_view(request, object_id, extra_context)
        if response.status_code == 200:
            self._record_view(request, object_id, "history")
        return response


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    """The log, read-only: search, filter and export; no add, change or delete."""

    list_display = ["seq", "at", "actor", "action", "target_type", "target_id"]
    list_filter = ["action", "target_type"]
    date_hierarchy = "at"
    search_fields = ["=seq", "actor", "=target_id", "target_type", "hash"]
    readonly_fields = [field.name for field in AuditEntry._meta.fields]
    actions = ["export_json"]
    list_per_page = 100
    show_full_result_count = False

    @admin.action(
        description=_("Export the selected entries (JSON)"),
        permissions=["view"],
    )
    def export_json(
        self, request: HttpRequest, queryset: QuerySet[AuditEntry]
    ) -> HttpResponse:
        entries = [entry_json(entry) for entry in queryset.order_by("seq")]
        audit_record(
            action=AuditAction.AUDIT_EXPORT,
            actor=request.user,
            details={"entries": len(entries)},
        )
        response = HttpResponse(
            json.dumps(entries, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="audit-log.json"'
        return response
