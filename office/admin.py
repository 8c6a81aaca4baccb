"""Accounts in the office: each user's role, and two administrator actions.

"Sign out of all sessions" and "New second factor" do in the office what
`rollcall signout` and `rollcall enrol` do on the command line. Only an
administrator may change accounts (office/roles.py). Every change to an
account or a group — creation, role, password, deletion, these actions — is
written to the audit log (AuditedAdmin), with field names, never values.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from audit.actions import audit_record
from audit.admin import AuditedAdmin
from audit.models import AuditAction
from office import admin_registry  # noqa: F401  (registers the register's models)
from office.accounts import device_enrol, sessions_end
from office.persons import register as register_person_workflow
from office.roles import role_of

ROLE_NAMES = {
    "documenter": gettext_lazy("documenter"),
    "editor": gettext_lazy("editor"),
    "analyst": gettext_lazy("analyst"),
    "administrator": gettext_lazy("administrator"),
}

admin.site.unregister(User)
admin.site.unregister(Group)


def _audit_account_action(request: HttpRequest, user: User, action: str) -> None:
    audit_record(
        action=AuditAction.OFFICE_CHANGE,
        actor=request.user,
        target=user,
        details={"action": action},
    )


@admin.register(User)
class StaffUserAdmin(AuditedAdmin, UserAdmin):  # type: ignore[type-arg]
    list_display = ["username", "email", "role", "is_active", "last_login"]
    actions = ["sign_out_everywhere", "new_second_factor"]

    @admin.display(description=gettext_lazy("role"))
    def role(self, user: User) -> str:
        role = role_of(user)
        return str(ROLE_NAMES.get(role, role)) if role else "—"

    @admin.action(
        description=gettext_lazy("Sign out of all sessions"), permissions=["change"]
    )
    def sign_out_everywhere(
        self, request: HttpRequest, queryset: QuerySet[User]
    ) -> None:
        ended = 0
        for user in queryset:
            ended += sessions_end(user=user)
            _audit_account_action(request, user, "sign_out_everywhere")
        self.message_user(
            request,
            ngettext("%(count)d session ended.", "%(count)d sessions ended.", ended)
            % {"count": ended},
        )

    @admin.action(
        description=gettext_lazy("New second factor (old codes stop working)"),
        permissions=["change"],
    )
    def new_second_factor(
        self, request: HttpRequest, queryset: QuerySet[User]
    ) -> TemplateResponse:
        enrolments = []
        for user in queryset:
            enrolments.append(device_enrol(user=user))
            sessions_end(user=user)
            _audit_account_action(request, user, "new_second_factor")
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "title": _("New second factors"),
            "enrolments": enrolments,
        }
        return TemplateResponse(request, "office/enrolments.html", context)


# The person's form and its review, versions and queue (office/persons.py).
register_person_workflow()


@admin.register(Group)
class AuditedGroupAdmin(AuditedAdmin, GroupAdmin):
    """The role groups: changing one's permissions is audited too."""
