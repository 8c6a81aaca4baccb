"""The person's form with the editorial workflow: a save from an older
version is refused and shows what changed; every version is kept; the
review, versions and queue pages hang off the person admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _

from office import workflow
from office.admin_registry import LockedByPersons, PersonAdmin, key_or_404
from registry import models as m


class WorkflowPersonAdmin(LockedByPersons, PersonAdmin):
    """The person's form, locked by the person's own version as a fact's
    page is (office.admin_registry.LockedByPersons)."""

    change_form_template = "office/person_change_form.html"

    def owners(self, obj: Any) -> list[int]:
        return [obj.pk]

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        """A revert is a new version of the whole record, facts included: it
        is made from the Versions page (`person_revert`), not from one row."""
        return True

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        key_or_404(self.model._meta.pk, object_id)
        if request.method == "POST":
            messages.error(
                request, _("Revert from the Versions page: it restores the facts too.")
            )
            return HttpResponseRedirect(
                reverse("admin:registry_person_versions", args=[object_id])
            )
        response: HttpResponse = super().history_form_view(
            request, object_id, version_id, extra_context
        )
        return response

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view
        own = [
            path("review/", view(workflow.review_queue), name="registry_person_queue"),
            path(
                "<int:pk>/review/",
                view(workflow.person_review),
                name="registry_person_review",
            ),
            path(
                "<int:pk>/submit/", view(workflow.submit), name="registry_person_submit"
            ),
            path(
                "<int:pk>/approve/",
                view(workflow.approve),
                name="registry_person_approve",
            ),
            path(
                "<int:pk>/send-back/",
                view(workflow.send_back),
                name="registry_person_send_back",
            ),
            path(
                "<int:pk>/versions/",
                view(workflow.person_versions),
                name="registry_person_versions",
            ),
            path(
                "<int:pk>/revert/", view(workflow.revert), name="registry_person_revert"
            ),
        ]
        return own + super().get_urls()


def register() -> None:
    """Serve the person admin with the workflow (called by office/admin.py)."""
    admin.site.unregister(m.Person)
    admin.site.register(m.Person, WorkflowPersonAdmin)
