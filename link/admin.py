"""The linking page of the back office, hung on the stored copies' admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.urls import path

from audit.admin import AuditedAdmin, NoForms
from link import views
from link.models import StoredCopy


@admin.register(StoredCopy)
class StoredCopyAdmin(NoForms, AuditedAdmin):
    list_display = ["source", "stored_at"]
    search_fields = ["source__title", "source__url", "source__content_hash"]
    readonly_fields = ["source", "text", "stored_at"]

    def get_urls(self) -> list[Any]:
        own = [
            path(
                "link/",
                self.admin_site.admin_view(views.link_start),
                name="link_storedcopy_link",
            ),
            path(
                "link/accept/",
                self.admin_site.admin_view(views.link_accept),
                name="link_storedcopy_accept",
            ),
        ]
        urls: list[Any] = super().get_urls()
        return own + urls
